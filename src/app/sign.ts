/**
 * The sign use case (DESIGN §2.4, §5): add or replace the `signature` field of a change manifest, override
 * request, override signature or approval, in place. The rest of the YAML (order, comments) is kept; the signed
 * bytes are JCS(document without "signature").
 */
import { isMap, parseDocument } from 'yaml';
import { signedBytes } from '../core/jcs.js';
import { badInput, internalError, notFound, usageError } from '../core/errors.js';
import { checkSchema, type SchemaKind } from '../formats/validate.js';
import { parseYaml } from '../formats/yaml.js';
import { documentActor, verifyDocument } from '../identity/verify.js';
import { keyringFromTree } from '../repo/policy-keyring.js';
import { actorsForIdentity, signDocument } from '../signers/signers.js';
import type { OpenSigner, WorkTree } from './ports.js';

export interface SignRequest {
  /** The file, relative to the repository root when inside it, else absolute. */
  file: string;
  now: Date;
}

export interface SignPorts {
  workTree: WorkTree;
  signer: OpenSigner;
}

export interface SignResult {
  file: string;
  kind: SchemaKind;
  signatureType: string;
  signer: string;
  /** For stderr: the key is not the document's actor, so the gate will not count the signature. */
  warnings: string[];
}

/** The governed kind of a signable file, from its path (DESIGN §2 layout). */
export function signableKind(path: string): SchemaKind | undefined {
  if (/(^|\/)change\.ya?ml$/.test(path)) return 'change';
  if (/(^|\/)approvals\/[^/]+\.ya?ml$/.test(path)) return 'approval';
  if (/(^|\/)override\.ya?ml$/.test(path)) return 'override';
  if (/(^|\/)signatures\/[^/]+\.ya?ml$/.test(path)) return 'override-signature';
  return undefined;
}

export async function sign(request: SignRequest, ports: SignPorts): Promise<SignResult> {
  const { file, now } = request;
  const kind = signableKind(file);
  if (!kind)
    throw usageError(
      `${file}: not a signable file (changes/<ID>/change.yaml, changes/<ID>/approvals/<actor>.yaml, ` +
        'overrides/<ID>/override.yaml, overrides/<ID>/signatures/<actor>.yaml)',
    );
  let bytes: Uint8Array;
  try {
    bytes = await ports.workTree.readBytes(file);
  } catch {
    throw notFound(`${file} not found`, file);
  }
  // Syntax, duplicate keys, positions: the shared hardened loader; then the schema with a placeholder
  // signature, so every other field is checked before anything is signed.
  const { value, locate } = parseYaml(bytes, file);
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw badInput([{ file, line: 1, col: 1, message: 'expected a YAML mapping' }]);
  const placeholder = { ...(value as Record<string, unknown>), signature: { type: 'ssh', value: '-' } };
  const problems = checkSchema(kind, placeholder, file, locate);
  if (problems.length > 0) throw badInput(problems);

  const signer = await ports.signer();
  const doc = value as Record<string, unknown>;
  const signed = await signDocument(doc, signer);

  // Tell the user when the key is not the document's actor: the gate would not count it.
  const warnings: string[] = [];
  const claimed = documentActor(doc);
  const policy = await keyringFromTree(ports.workTree).catch(() => undefined);
  if (policy && claimed !== undefined) {
    const owners = actorsForIdentity(await signer.identity(), policy.keyring);
    if (!owners.includes(claimed))
      warnings.push(
        `warning: ${file} names ${claimed}, but the key belongs to ${owners.join(', ') || 'no actor'}: the signature will not count`,
      );
    else {
      // The key is the actor's: the signature must verify as the gate will verify it, or nothing is written.
      const check = await verifyDocument(signed, policy.keyring, { actor: claimed, at: now });
      if (!check.ok)
        throw usageError(
          `the signature of ${file} would not verify for ${claimed}: ${check.code}: ${check.reason}; nothing written`,
        );
    }
  }

  const yamlDoc = parseDocument(Buffer.from(bytes).toString('utf8'), { keepSourceTokens: false });
  if (!isMap(yamlDoc.contents)) throw internalError(`${file}: not a mapping after parse`);
  yamlDoc.set('signature', yamlDoc.createNode(signed.signature));
  const text = yamlDoc.toString({ lineWidth: 0 });
  const reread = parseYaml(text, file).value as Record<string, unknown>;
  if (
    !signedBytes(reread).equals(signedBytes(doc)) ||
    JSON.stringify(reread.signature) !== JSON.stringify(signed.signature)
  )
    throw internalError(`${file}: re-serialising the YAML changed the signed content; nothing written`);
  await ports.workTree.write(file, text);
  return { file, kind, signatureType: signed.signature.type, signer: signer.label, warnings };
}
