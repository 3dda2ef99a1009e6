/**
 * gatehouse/lib — the library entry (package.json `exports`): the format primitives and the use cases, typed, for
 * tools that want them without the CLI. Everything here is also what the CLI and the Action run.
 *
 *   JCS (RFC 8785) · RFC 9162 Merkle trees and proofs · C2SP signed notes and tlog checkpoints ·
 *   SSHSIG (OpenSSH PROTOCOL.sshsig) and OpenPGP (RFC 9580) verification · ledger verification ·
 *   the use cases of src/app with their requests, ports and results · `repositoryPorts`, the ports of a
 *   repository on disk wired as the CLI wires them · the signers. See docs/library.md.
 */
import { resolve } from 'node:path';
import type { ApprovePorts } from './app/approve.js';
import type { BuildReportPorts } from './app/build-report.js';
import type { ChangeDigestPorts } from './app/change-digest.js';
import type { CheckChangePorts } from './app/check-change.js';
import type { CheckpointSignPorts } from './app/checkpoint.js';
import type { IncidentPorts } from './app/incident.js';
import type { InitPorts } from './app/init.js';
import type { LedgerLogPorts } from './app/ledger-log.js';
import type { GitCommits, LedgerFiles, OpenSigner, RecordMergePorts, WorkTree } from './app/ports.js';
import type { ReplayStatePorts } from './app/replay-state.js';
import type { RollbackPorts } from './app/rollback.js';
import type { RunMonitorPorts } from './app/run-monitor.js';
import type { SignPorts } from './app/sign.js';
import type { SimulatePorts } from './app/simulate.js';
import type { ValidateRepoPorts } from './app/validate-repo.js';
import type { VerifyLedgerPorts } from './app/verify-ledger.js';
import type { WitnessAddCheckpointPorts } from './app/witness-add-checkpoint.js';
import type { ManifestPorts } from './app/write-manifest.js';
import { readChangeCore } from './assembly/change-read.js';
import { FsLedgerFiles } from './assembly/fs-ledger-files.js';
import { FsWitnessNotes } from './assembly/fs-witness-notes.js';
import { FsWorkTree } from './assembly/fs-work-files.js';
import { GitCommitsOf } from './assembly/git-commits.js';
import { gitRepository } from './assembly/git-repository.js';
import { recordMergePorts } from './assembly/record-merge-ports.js';
import { reportPorts } from './assembly/report-ports.js';
import { runMonitorPorts } from './assembly/run-monitor-ports.js';
import { verifyLedgerPorts } from './assembly/verify-ledger-ports.js';
import { writeScaffold } from './init/write.js';
import { readLedgerFiles } from './store/ledger-files.js';
import { openLedger } from './store/ledger-store.js';
import { fetchPost, type HttpPost } from './witness/client.js';

// Format primitives.
export { jcs, jcsBytes, sha256Hex, signedBytes } from './core/jcs.js';
export {
  consistencyProof,
  emptyRoot,
  inclusionProof,
  leafHash,
  merkleRoot,
  nodeHash,
  verifyConsistency,
  verifyInclusion,
} from './ledger/merkle.js';
export {
  decodeNote,
  generateNoteKey,
  keyIdFor,
  NoteError,
  openNote,
  parseNote,
  parseSignerKey,
  parseVerifierKey,
  signNote,
  verifierKeyOf,
} from './ledger/note.js';
export type { NoteFailure, NoteSignature, NoteSigner, NoteVerifier } from './ledger/note.js';
export {
  checkpointBody,
  generateCheckpointKey,
  parseCheckpoint,
  signCheckpoint,
  verifyCheckpoint,
} from './ledger/checkpoint.js';
export type { Checkpoint, CheckpointVerification } from './ledger/checkpoint.js';
export { checkSshSig, parseSshSig, sshsigSignedData } from './identity/sshsig.js';
export { parseSshPublicKeyLine } from './identity/ssh-keys.js';
export { verifyOpenPgpDetached } from './identity/openpgp-verify.js';
export { DOCUMENT_NAMESPACE, GIT_NAMESPACE, verifyDetached, verifyDocument } from './identity/verify.js';
export type { DetachedVerifyOptions, VerifyOptions } from './identity/verify.js';
export { buildKeyring } from './identity/keyring.js';
export type { PolicyFileReader } from './identity/keyring.js';
export type { Keyring, SignatureValue, VerifyFailureCode, VerifyResult } from './identity/types.js';
export type { Actor, ActorKeyRef } from './core/documents.js';
export { verifyLedger } from './ledger/verify.js';
export type { Finding, VerifyInput, VerifyReport } from './ledger/verify-types.js';
export { GatehouseError, isGatehouseError } from './core/errors.js';
export type { LedgerEntry } from './core/ledger-entry.js';

// Signers (src/signers): what the signing use cases are handed, opened through an `OpenSigner`.
export { gpgSigner, openPgpKeySigner, sshKeySigner } from './signers/signers.js';
export type { OpenPgpKeySignerOptions, Signer, SignerIdentity } from './signers/signers.js';

// Use cases (src/app): (request, ports) → result data; bad input throws GatehouseError.
export { checkChange, readGithubApprovals } from './app/check-change.js';
export type { CheckChangePorts, CheckChangeRequest, CheckChangeResult } from './app/check-change.js';
export { changeDigest, requireDigest } from './app/change-digest.js';
export type {
  ChangeDigest,
  ChangeDigestPorts,
  ChangeDigestRequest,
  ChangeDigestResult,
} from './app/change-digest.js';
export { recordMerge } from './app/record-merge.js';
export type {
  AppendedEntry,
  RecordMergeRequest,
  RecordMergeResult,
  WrittenCheckpoint,
} from './app/record-merge.js';
export { verifyLedgerUseCase } from './app/verify-ledger.js';
export type {
  VerifyLedgerPorts,
  VerifyLedgerRequest,
  VerifyLedgerResult,
  VerifyProgress,
} from './app/verify-ledger.js';
export { runMonitor } from './app/run-monitor.js';
export type { RunMonitorPorts, RunMonitorRequest, RunMonitorResult } from './app/run-monitor.js';
export { buildReport } from './app/build-report.js';
export type { BuildReportPorts, BuildReportRequest, BuildReportResult } from './app/build-report.js';
export { runSimulation } from './app/simulate.js';
export type { SimulatePorts, SimulateRequest, SimulateResult } from './app/simulate.js';
export { approve } from './app/approve.js';
export type { ApprovePorts, ApproveRequest, ApproveResult } from './app/approve.js';
export { sign } from './app/sign.js';
export type { SignPorts, SignRequest, SignResult } from './app/sign.js';
export { changeNew } from './app/change-new.js';
export type { ChangeNewRequest, ChangeNewResult } from './app/change-new.js';
export type { ManifestPorts, WrittenManifest } from './app/write-manifest.js';
export { escalate } from './app/escalate.js';
export type { EscalateRequest, EscalateResult } from './app/escalate.js';
export { killswitch } from './app/killswitch.js';
export type { KillswitchRequest, KillswitchResult } from './app/killswitch.js';
export { rollback } from './app/rollback.js';
export type { RollbackPorts, RollbackRequest, RollbackResult } from './app/rollback.js';
export { incidentNew, incidentResolve } from './app/incident.js';
export type {
  IncidentNewRequest,
  IncidentNewResult,
  IncidentPorts,
  IncidentResolveRequest,
  IncidentResolveResult,
} from './app/incident.js';
export { incidentDetect, incidentRca } from './app/incident-analysis.js';
export type {
  IncidentDetectRequest,
  IncidentDetectResult,
  IncidentRcaRequest,
  IncidentRcaResult,
} from './app/incident-analysis.js';
export { overrideNew } from './app/override-new.js';
export type { OverrideNewRequest, OverrideNewResult } from './app/override-new.js';
export { overrideSign } from './app/override-sign.js';
export type { OverrideSignRequest, OverrideSignResult } from './app/override-sign.js';
export { overrideStatus } from './app/override-status.js';
export type { OverrideStatusRequest, OverrideStatusResult } from './app/override-status.js';
export { overridePostmortem } from './app/override-postmortem.js';
export type { OverridePostmortemRequest, OverridePostmortemResult } from './app/override-postmortem.js';
export { replayState } from './app/replay-state.js';
export type { ReplayStatePorts, ReplayStateRequest, ReplayStateResult } from './app/replay-state.js';
export { ledgerLog } from './app/ledger-log.js';
export type { LedgerLogPorts, LedgerLogRequest, LedgerLogResult, LedgerLogRow } from './app/ledger-log.js';
export { validateRepo } from './app/validate-repo.js';
export type { ValidateRepoPorts, ValidateRepoRequest, ValidateRepoResult } from './app/validate-repo.js';
export { checkpointSign } from './app/checkpoint.js';
export type { CheckpointSignPorts, CheckpointSignRequest, CheckpointSignResult } from './app/checkpoint.js';
export { witnessAddCheckpoint } from './app/witness-add-checkpoint.js';
export type {
  WitnessAddCheckpointPorts,
  WitnessAddCheckpointRequest,
  WitnessAddCheckpointResult,
} from './app/witness-add-checkpoint.js';
export { init } from './app/init.js';
export type { InitOutcome, InitPorts, InitRequest } from './app/init.js';
export { keygen } from './app/keygen.js';
export type { KeygenRequest, KeygenResult } from './app/keygen.js';

// The ports (src/app/ports.ts) and the default adapters over a repository on disk.
export type {
  ChangeSnapshot,
  GitCommits,
  LedgerFiles,
  OpenSigner,
  RecordMergePorts,
  RepositoryPort,
  WitnessNotes,
  WorkTree,
  WorkTreePort,
} from './app/ports.js';
export type { HttpPost } from './witness/client.js';

/** The ports of the use cases over the repository at `dir`, each group named after the use case it serves. */
export interface RepositoryPorts {
  /** The repository root, resolved. */
  readonly root: string;
  checkChange(): Required<CheckChangePorts>;
  changeDigest(): ChangeDigestPorts;
  simulate(): SimulatePorts;
  recordMerge(): RecordMergePorts;
  verifyLedger(): VerifyLedgerPorts;
  runMonitor(): RunMonitorPorts;
  buildReport(): BuildReportPorts;
  ledgerLog(): LedgerLogPorts;
  replayState(): ReplayStatePorts;
  validateRepo(): ValidateRepoPorts;
  rollback(): RollbackPorts;
  /** incidentNew, incidentResolve, incidentDetect and incidentRca. */
  incident(): IncidentPorts & { ledger: Pick<LedgerFiles, 'segments'> };
  /** overrideNew, overrideStatus and overridePostmortem. */
  override(): { work: WorkTree; git: GitCommits };
  overrideSign(signer: OpenSigner): { work: WorkTree; signer: OpenSigner };
  approve(signer: OpenSigner): ApprovePorts;
  sign(signer: OpenSigner): SignPorts;
  /** changeNew, escalate and killswitch; the signer, when given, signs the manifest as it is written. */
  manifest(signer?: OpenSigner): ManifestPorts;
  checkpointSign(): CheckpointSignPorts;
  /** `post` defaults to HTTP POST through fetch. */
  witnessAddCheckpoint(post?: HttpPost): WitnessAddCheckpointPorts;
  keygen(): { workTree: WorkTree };
  init(): InitPorts;
}

/**
 * The ports of every use case over the git repository at `dir` and its work tree, wired as the CLI wires them.
 * Each call returns fresh ports: a change snapshot read through one never outlives the run that opened it.
 */
export function repositoryPorts(dir: string): RepositoryPorts {
  const root = resolve(dir);
  const work = (): FsWorkTree => new FsWorkTree(root);
  const git = (): GitCommitsOf => new GitCommitsOf(root);
  return {
    root,
    checkChange: () => ({ repo: gitRepository(root), work: work() }),
    changeDigest: () => ({ repo: gitRepository(root) }),
    simulate: () => ({ repo: gitRepository(root), work: work() }),
    recordMerge: () => recordMergePorts(root),
    verifyLedger: () => verifyLedgerPorts(root),
    runMonitor: () => runMonitorPorts(root),
    buildReport: () => reportPorts(root),
    ledgerLog: () => ({ work: work(), ledger: new FsLedgerFiles(root), git: git() }),
    replayState: () => ({ work: work(), ledger: new FsLedgerFiles(root) }),
    validateRepo: () => ({ work: work() }),
    rollback: () => ({ workTree: work(), ledger: new FsLedgerFiles(root) }),
    incident: () => ({ work: work(), git: git(), ledger: new FsLedgerFiles(root) }),
    override: () => ({ work: work(), git: git() }),
    overrideSign: (signer) => ({ work: work(), signer }),
    approve: (signer) => ({
      workTree: work(),
      signer,
      changeCore: (base, head) => readChangeCore(root, base, head),
    }),
    sign: (signer) => ({ workTree: work(), signer }),
    manifest: (signer) => ({ workTree: work(), ...(signer ? { signer } : {}) }),
    checkpointSign: () => ({
      workTree: work(),
      ledgerFiles: (layout) => readLedgerFiles(root, layout),
      writeCheckpoint: async (layout, key) => (await openLedger(root, layout)).writeCheckpoint(key),
    }),
    witnessAddCheckpoint: (post = fetchPost) => ({ work: work(), notes: new FsWitnessNotes(root), post }),
    keygen: () => ({ workTree: work() }),
    init: () => ({ workTree: work(), writeScaffold }),
  };
}
