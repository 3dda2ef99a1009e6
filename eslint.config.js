import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', 'ledger/', '.tmp/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // A bundler renames classes and functions (esbuild: `class _SignaturePacket`): never decide by a name.
    files: ['src/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[object.property.name='constructor'][property.name='name']",
          message: 'constructor.name changes when the code is bundled; use instanceof or a tag the library defines.',
        },
      ],
    },
  },
  {
    // The end-to-end suite tests what ships: it runs dist/ as processes and never imports the sources; the library
    // contract tests import gatehouse/lib (dist/lib.js) only.
    files: ['test/e2e/**/*.ts', 'test/lib/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/src/**', '../../src/*'], message: 'test/e2e and test/lib test what ships: dist/ (gatehouse/lib), never src/.' }] },
      ],
    },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { module: 'writable', require: 'readonly' } },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
);
