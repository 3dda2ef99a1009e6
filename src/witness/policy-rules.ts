/** The witness policy ready to use (docs/witnesses.md): parsed keys, URLs, the quorum, and its file. */
import type { WitnessPolicyDoc } from '../formats/witnesses.js';
import { parseCosignerKey, type Cosigner } from './cosignature.js';

export type { WitnessEntry, WitnessPolicyDoc } from '../formats/witnesses.js';

export interface Witness extends Cosigner {
  url?: string;
}

export interface WitnessPolicy {
  file: string;
  witnesses: Witness[];
  quorum: number;
}

/** The usable policy of a document that passed its schema and witnessPolicyProblems (src/formats/witnesses.ts). */
export function witnessPolicyOf(doc: WitnessPolicyDoc, file: string): WitnessPolicy {
  return {
    file,
    quorum: doc.quorum,
    witnesses: doc.witnesses.map((w) => ({
      ...parseCosignerKey(w.key),
      ...(w.url !== undefined ? { url: w.url } : {}),
    })),
  };
}
