/**
 * State documents through the fast reader (yaml-fast.ts) when they are plain block YAML, else through the
 * positional parser: the same value, the same schema check, and the same problems (issue 14). Positions are
 * kept only for the items of `resources` (resource origins); any other position, and every file with a finding,
 * goes back to parseYaml on that one file.
 */
import type { Locate, StateDocument } from '../core/documents.js';
import { decodeUtf8Strict } from '../core/utf8.js';
import { checkSchema, loadDocument } from './validate.js';
import { DEFAULT_MAX_BYTES, parseYaml } from './yaml.js';
import { parseYamlFast } from './yaml-fast.js';

export interface LoadedState {
  value: StateDocument;
  locate: Locate;
  /** Whether the value came from the fast reader (positions other than item starts are computed on demand). */
  fast: boolean;
}

/** As loadDocument('state', bytes, file); throws the same badInput for a file with any problem. */
export function loadStateDocumentFast(bytes: Uint8Array, file: string): LoadedState {
  const strict = (): LoadedState => ({ ...loadDocument('state', bytes, file), fast: false });
  if (bytes.byteLength > DEFAULT_MAX_BYTES) return strict();
  const decoded = decodeUtf8Strict(bytes);
  if (!decoded.ok) return strict();
  const fast = parseYamlFast(decoded.text, { yaml11: true }); // state is read by YAML 1.1 tools too
  if (fast === undefined) return strict();
  let full: Locate | undefined;
  const positional = (): Locate => (full ??= parseYaml(bytes, file, { yaml11: true }).locate);
  const locate: Locate = Object.assign((pointer: string) => fast.itemPos(pointer) ?? positional()(pointer), {
    key: (pointer: string) => {
      const l = positional();
      return l.key ? l.key(pointer) : l(pointer);
    },
  });
  // A file with a finding is read again with positions, so every problem names its line and column.
  if (checkSchema('state', fast.value, file, locate).length > 0) return strict();
  return { value: fast.value as StateDocument, locate, fast: true };
}
