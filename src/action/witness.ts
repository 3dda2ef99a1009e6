/**
 * After `record` (docs/witnesses.md): when policies/witnesses.yaml lists witnesses with URLs, ask them to cosign
 * the new checkpoint (C2SP tlog-witness) and push the cosignatures as a second ledger commit. The record commit
 * is already pushed, so nothing here can lose it: every failure (a witness unreachable or refusing, a bad policy,
 * a lost push race) becomes a workflow warning and a summary note, never an exception and never a silent pass.
 * Without a witness policy it does nothing at all.
 */
import { formatProblem, GatehouseError } from '../core/errors.js';
import { loadLayout } from '../repo/layout.js';
import type { TreeReader } from '../core/tree.js';
import { addCheckpointToRepo, type AddToRepoResult } from '../store/witness-notes.js';
import { fetchPost, type HttpPost } from '../witness/client.js';
import { loadWitnessPolicy } from '../witness/policy.js';
import { appendAndPush } from './ledger-push.js';
import type { ActionPorts } from './ports.js';

export interface WitnessAfterRecord {
  dir: string;
  branch: string;
  ledgerDir: string;
  attempts: number;
  timeoutMs?: number;
  /** The HTTP exchange with witnesses (fetch by default). */
  post?: HttpPost;
}

/** Summary notes for the record run: empty when there is no witness policy or no witness with a URL. */
export async function witnessAfterRecord(ports: ActionPorts, req: WitnessAfterRecord): Promise<string[]> {
  const alert = (message: string): string => {
    ports.log.warning(`witness: ${message}`);
    return `Witness alert: ${message}`;
  };
  // The policy that decides is the default branch's (DESIGN §3): read it from the commit just pushed, not the work tree.
  const tree: TreeReader = {
    label: 'HEAD:',
    read: async (path) => {
      const text = await ports.git.show(req.dir, 'HEAD', path);
      return text === undefined ? undefined : Buffer.from(text, 'utf8');
    },
    list: () => Promise.resolve([]),
  };
  // An unreadable gatehouse.yaml already failed record; without a layout there is no witness policy to read.
  const layout = await loadLayout(tree).catch(() => undefined);
  if (!layout) return [];
  try {
    const policy = await loadWitnessPolicy(tree, layout);
    if (!policy || !policy.witnesses.some((w) => w.url !== undefined)) return [];
    const { outcome, pushed } = await appendAndPush<AddToRepoResult>(ports, {
      dir: req.dir,
      branch: req.branch,
      ledgerDir: req.ledgerDir,
      attempts: req.attempts,
      activity: 'storing witness cosignatures',
      append: () =>
        addCheckpointToRepo(req.dir, layout, policy, {
          post: req.post ?? fetchPost,
          timeoutMs: req.timeoutMs ?? 10_000,
        }),
      nothingToPush: (r) => !r.written,
      message: (r) => `gatehouse: witness cosignatures on the checkpoint at size ${r.size}`,
    });
    const notes = outcome.outcomes
      .filter((o) => o.status !== 'cosigned')
      .map((o) => alert(`${o.witness} did not cosign ${outcome.file} (${o.status}): ${o.message}`));
    const who = outcome.witnessed.cosigners.map((c) => c.name).join(', ') || 'none';
    if (!outcome.witnessed.quorum_met)
      notes.push(
        alert(
          `${outcome.file} (size ${outcome.size}) has ${outcome.witnessed.cosigners.length} of the ${policy.quorum} cosignatures ${policy.file} requires (${who}); verify fails until it has them (gatehouse witness add-checkpoint)`,
        ),
      );
    else notes.push(`Witnessed: ${outcome.file} (size ${outcome.size}) cosigned by ${who}.`);
    if (outcome.written && pushed === undefined)
      notes.push(
        alert('the cosignatures were not pushed (the branch kept moving); the next record run asks again'),
      );
    return notes;
  } catch (err) {
    const detail =
      err instanceof GatehouseError && err.problems.length > 0
        ? err.problems.map(formatProblem).join('; ')
        : (err as Error).message;
    return [alert(`could not collect cosignatures: ${detail}`)];
  }
}
