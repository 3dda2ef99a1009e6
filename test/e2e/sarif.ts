/** SARIF 2.1.0 validation against the OASIS schema shipped with @microsoft/jest-sarif (a JSON Schema draft-04). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ValidateFunction } from 'ajv';
import Ajv04Module from 'ajv-draft-04';
import addFormatsModule from 'ajv-formats';
import { ROOT } from './harness.js';

// ajv-draft-04 is CommonJS: under NodeNext its default import is the module object at type level.
const Ajv04 = ((Ajv04Module as unknown as { default?: unknown }).default ??
  Ajv04Module) as typeof Ajv04Module.default;
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ??
  addFormatsModule) as typeof addFormatsModule.default;
const SCHEMA = 'node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json';

let validate: ValidateFunction | undefined;

/** The schema errors of `doc` as text, or '' when it is a valid SARIF log. */
export function sarifErrors(doc: unknown): string {
  if (!validate) {
    const ajv = new Ajv04({ allErrors: true, strict: false, unicodeRegExp: false });
    addFormats(ajv as unknown as Parameters<typeof addFormats>[0]); // uri, date-time: checked, not ignored
    validate = ajv.compile(JSON.parse(readFileSync(join(ROOT, SCHEMA), 'utf8')) as object);
  }
  return validate(doc) ? '' : JSON.stringify(validate.errors);
}

export interface SarifLog {
  runs: {
    results: {
      ruleId: string;
      level: string;
      message: { text: string };
      locations?: {
        physicalLocation: { artifactLocation: { uri: string }; region?: { startLine: number } };
      }[];
    }[];
    properties: { allowed: boolean; change: string; digest: string };
  }[];
}
