/**
 * The layers of src/ (docs/architecture.md), checked in CI by `npm run layers`. Type imports count.
 *
 *   core        shared types and pure helpers                          imports nothing under src/
 *   formats     file formats: YAML, schemas, messages                   core
 *   domains     the rules: authority … ledger, witness, gate           core, formats, other domains
 *   adapters    repo (work tree), git, github, signers, store, report   core, formats, domains
 *   assembly    builds use-case inputs from adapters                    everything above
 *   app         use cases, (request, ports) → result data               everything above
 *   entry       cli, action, demo, init                                 everything
 *
 * Folder cycles are checked by scripts/check-layers.mjs on the same graph.
 */
const DOMAINS =
  '(authority|quorum|blast-radius|killswitch|overrides|incidents|state|ledger|rollback|rca|detect|change|identity|monitor|record|witness|gate)';
const ADAPTERS = '(repo|git|github|signers|store|report|example)';
const IO_MODULES = ['^(node:)?fs(/promises)?$', '^(node:)?child_process$', '^isomorphic-git', '^@octokit/', '^@actions/'];

module.exports = {
  forbidden: [
    {
      name: 'core-imports-nothing',
      comment: 'src/core holds shared types and pure helpers: it imports no other folder of src/.',
      severity: 'error',
      from: { path: '^src/core/' },
      to: { path: '^src/', pathNot: '^src/core/' },
    },
    {
      name: 'formats-import-core-only',
      severity: 'error',
      from: { path: '^src/formats/' },
      to: { path: '^src/', pathNot: '^src/(core|formats)/' },
    },
    {
      name: 'domains-import-no-adapters',
      comment: 'A domain or the gate imports core, formats and other domains, never an adapter, the assembly, a use case or an entry point.',
      severity: 'error',
      from: { path: `^src/${DOMAINS}/` },
      to: { path: '^src/', pathNot: `^src/(core|formats|${DOMAINS.slice(1, -1)})/` },
    },
    {
      name: 'domains-do-no-io',
      comment: 'No domain, gate, format or core module imports fs, child_process, git, Octokit or @actions.',
      severity: 'error',
      from: { path: `^src/(core|formats|${DOMAINS.slice(1, -1)})/` },
      to: { path: IO_MODULES, dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'adapters-below-assembly',
      severity: 'error',
      from: { path: `^src/${ADAPTERS}/` },
      to: { path: '^src/(assembly|app|cli|action|demo|init)/|^src/[^/]+\\.ts$' },
    },
    {
      name: 'assembly-below-app',
      severity: 'error',
      from: { path: '^src/assembly/' },
      to: { path: '^src/(app|cli|action|demo|init)/|^src/[^/]+\\.ts$' },
    },
    {
      name: 'app-below-entry',
      comment: 'Use cases return data: they never import the CLI or the Action.',
      severity: 'error',
      from: { path: '^src/app/' },
      to: { path: '^src/(cli|action|demo)/|^src/[^/]+\\.ts$' },
    },
    {
      name: 'entries-are-independent',
      comment: 'The CLI and the Action are two thin entry points over the same use cases: neither imports the other.',
      severity: 'error',
      from: { path: '^src/(cli|action)/' },
      to: { path: '^src/(cli|action)/', pathNot: '^src/$1/' },
    },
    {
      name: 'commands-are-independent',
      comment: 'A CLI command is flags → use case → render → exit code; shared code lives in src/app or src/cli.',
      severity: 'error',
      from: { path: '^src/cli/commands/([^/]+)\\.ts$' },
      to: { path: '^src/cli/commands/', pathNot: '^src/cli/commands/$1\\.ts$' },
    },
    {
      name: 'commands-do-no-file-io',
      comment: 'Commands reach files through the use cases and their ports, not node:fs.',
      severity: 'error',
      from: { path: '^src/cli/commands/' },
      to: { path: '^(node:)?fs(/promises)?$' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
