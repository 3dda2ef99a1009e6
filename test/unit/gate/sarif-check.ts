/**
 * What a SARIF log must satisfy to be ingested by GitHub code scanning: the OASIS SARIF 2.1.0 schema
 * (errata01, read from ../shared/interop-vectors/part-b/sarif) and GitHub's documented rules for uploaded
 * files ("SARIF support for code scanning"): version 2.1.0; a tool driver name; rules with an id, short and
 * full descriptions and help; every result with a ruleId of a listed rule (and the matching ruleIndex), a
 * message, a level, 1 to 10 locations each with a relative artifact URI and a region whose startLine is
 * at least 1, and partialFingerprints; at most 25,000 results and rules per run, 20 runs per file.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv04Module from 'ajv-draft-04';
import addFormatsModule from 'ajv-formats';
import { PART_B } from '../identity/interop.js';

// ajv-draft-04 and ajv-formats are CommonJS: under NodeNext the default import is the module object.
const Ajv04 = ((Ajv04Module as unknown as { default?: unknown }).default ??
  Ajv04Module) as typeof Ajv04Module.default;
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ??
  addFormatsModule) as typeof addFormatsModule.default;

let validateSchema: ReturnType<InstanceType<typeof Ajv04>['compile']> | undefined;

function schemaErrors(log: unknown): string[] {
  if (!validateSchema) {
    const schema = JSON.parse(readFileSync(join(PART_B, 'sarif/sarif-schema-2.1.0.json'), 'utf8')) as object;
    const ajv = new Ajv04({ allErrors: true, strict: false, unicodeRegExp: false });
    addFormats(ajv as unknown as Parameters<typeof addFormats>[0]); // uri, date-time: checked, not ignored
    validateSchema = ajv.compile(schema);
  }
  if (validateSchema(log)) return [];
  return (validateSchema.errors ?? []).map((e) => `schema: ${e.instancePath} ${e.message ?? ''}`);
}

interface Text {
  text?: unknown;
}
interface Rule {
  id?: unknown;
  shortDescription?: Text;
  fullDescription?: Text;
  help?: Text;
}
interface Location {
  physicalLocation?: {
    artifactLocation?: { uri?: unknown };
    region?: { startLine?: unknown; startColumn?: unknown };
  };
}
interface Result {
  ruleId?: unknown;
  ruleIndex?: unknown;
  level?: unknown;
  message?: Text;
  locations?: Location[];
  partialFingerprints?: Record<string, unknown>;
}
interface Log {
  version?: unknown;
  runs?: { tool?: { driver?: { name?: unknown; rules?: Rule[] } }; results?: Result[] }[];
}

const nonEmpty = (v: unknown): boolean => typeof v === 'string' && v.trim() !== '';

function githubErrors(log: Log): string[] {
  const errors: string[] = [];
  if (log.version !== '2.1.0') errors.push('version must be 2.1.0');
  const runs = log.runs ?? [];
  if (runs.length < 1 || runs.length > 20) errors.push(`${runs.length} runs (1 to 20 allowed)`);
  for (const [r, run] of runs.entries()) {
    const driver = run.tool?.driver;
    if (!nonEmpty(driver?.name)) errors.push(`runs[${r}]: tool.driver.name is required`);
    const rules = driver?.rules ?? [];
    const results = run.results ?? [];
    if (rules.length > 25_000) errors.push(`runs[${r}]: more than 25,000 rules`);
    if (results.length > 25_000) errors.push(`runs[${r}]: more than 25,000 results`);
    for (const [i, rule] of rules.entries())
      for (const field of ['shortDescription', 'fullDescription', 'help'] as const)
        if (!nonEmpty(rule[field]?.text))
          errors.push(`rules[${i}] (${String(rule.id)}): ${field}.text is required`);
    for (const [i, res] of results.entries()) {
      const at = `results[${i}] (${String(res.ruleId)})`;
      const index = rules.findIndex((x) => x.id === res.ruleId);
      if (index < 0) errors.push(`${at}: ruleId is not a rule of the driver`);
      if (res.ruleIndex !== undefined && res.ruleIndex !== index)
        errors.push(`${at}: ruleIndex ${String(res.ruleIndex)} is not ${index}`);
      if (!nonEmpty(res.message?.text)) errors.push(`${at}: message.text is required`);
      if (!['none', 'note', 'warning', 'error'].includes(String(res.level))) errors.push(`${at}: level`);
      const locs = res.locations ?? [];
      if (locs.length < 1 || locs.length > 10)
        errors.push(`${at}: ${locs.length} locations (1 to 10 required)`);
      for (const loc of locs) {
        const uri = loc.physicalLocation?.artifactLocation?.uri;
        if (!nonEmpty(uri) || /^[a-z][a-z0-9+.-]*:|^\/|(^|\/)\.\.(\/|$)/i.test(String(uri)))
          errors.push(
            `${at}: artifactLocation.uri must be a path relative to the repository root, got ${String(uri)}`,
          );
        const line = loc.physicalLocation?.region?.startLine;
        if (!Number.isInteger(line) || (line as number) < 1)
          errors.push(`${at}: region.startLine must be ≥ 1`);
        const col = loc.physicalLocation?.region?.startColumn;
        if (col !== undefined && (!Number.isInteger(col) || (col as number) < 1))
          errors.push(`${at}: startColumn`);
      }
      const fp = res.partialFingerprints;
      if (!fp || Object.keys(fp).length === 0 || !Object.values(fp).every(nonEmpty))
        errors.push(`${at}: partialFingerprints are required`);
    }
  }
  return errors;
}

/** Every reason the log would be refused: by the OASIS schema, or by GitHub's ingestion rules. */
export function sarifProblems(log: unknown): string[] {
  return [...schemaErrors(log), ...githubErrors(log as Log)];
}
