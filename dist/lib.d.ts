import { KeyObject } from 'node:crypto';
import { Key } from 'openpgp';

/** RFC 8785 JSON Canonicalization Scheme. Throws on values JSON cannot carry. */
export declare function jcs(value: unknown): string;
export declare function jcsBytes(value: unknown): Buffer;
export declare function sha256Hex(data: string | Uint8Array): string;
/** DESIGN §2.4: signed bytes are JCS(document without its "signature" field), UTF-8. */
export declare function signedBytes(doc: Record<string, unknown>): Buffer;
/** RFC 9162 §2.1.1: MTH({}) = SHA-256() — the hash of the empty tree. */
export declare function emptyRoot(): Buffer;
/** RFC 9162 §2.1.1: leaf hash = SHA-256(0x00 ‖ d). A string is hashed as its UTF-8 bytes. */
export declare function leafHash(data: string | Uint8Array): Buffer;
/** RFC 9162 §2.1.1: interior node hash = SHA-256(0x01 ‖ left ‖ right). */
export declare function nodeHash(left: Uint8Array, right: Uint8Array): Buffer;
/** RFC 9162 §2.1.1 MTH over leaf hashes (already leaf-hashed, see leafHash). */
export declare function merkleRoot(leaves: readonly Uint8Array[]): Buffer;
/** RFC 9162 §2.1.3.1: the audit path for leaf `index` in the tree of the first `size` leaves. */
export declare function inclusionProof(leaves: readonly Uint8Array[], index: number, size: number): Buffer[];
/** RFC 9162 §2.1.4.1: the consistency proof from the tree of size m to the tree of size n. */
export declare function consistencyProof(leaves: readonly Uint8Array[], m: number, n: number): Buffer[];
/** RFC 9162 §2.1.3.2: true when `proof` proves leaf `leaf` at `index` in the tree (`size`, `root`). */
export declare function verifyInclusion(leaf: Uint8Array, index: number, size: number, proof: readonly Uint8Array[], root: Uint8Array): boolean;
/**
 * RFC 9162 §2.1.4.2: true when `proof` shows the tree (size1, root1) is a prefix of (size2, root2). Always false
 * for size1 = 0.
 */
export declare function verifyConsistency(size1: number, size2: number, proof: readonly Uint8Array[], root1: Uint8Array, root2: Uint8Array): boolean;
export interface SshPublicKey {
	/** Key type name from the blob, e.g. `ssh-ed25519`, `ecdsa-sha2-nistp256`, `ssh-rsa`. */
	type: string;
	/** The public key blob (RFC 4253 §6.6), base of the fingerprint and of SSHSIG's publickey field. */
	blob: Buffer;
	comment: string;
	/** `SHA256:<base64, no padding>`, as `ssh-keygen -l` prints it. */
	fingerprint: string;
	bits: number;
	/** FIDO security keys (PROTOCOL.u2f): the application string the authenticator signs under. */
	application?: string;
	/** Set for keys we parse but never accept (DSA, short RSA): verification fails with weak-algorithm. */
	weak?: string;
	keyObject?: KeyObject;
}
/** Parse one public key line: `<type> <base64 blob> [comment]`. */
export declare function parseSshPublicKeyLine(line: string): SshPublicKey;
/**
 * TypeScript shapes of every governed file kind (DESIGN §2, §2.7). The JSON Schemas in
 * src/formats/schemas/ are the full truth; these types mirror them after validation.
 * Durations are strings like "30m", "1h", "2h30m" (see parseDuration in src/formats/duration.ts).
 */
export type Level = 0 | 1 | 2 | 3 | 4;
export type ActorKind = "human" | "agent" | "service";
export type SignatureType = "openpgp" | "ssh";
export interface ActorKeyRef {
	type: SignatureType;
	/** Path relative to policies/ of an armored OpenPGP key (.asc) or an SSH public key file. */
	file?: string;
	/** Inline SSH public key line ("ssh-ed25519 AAAA... comment") or armored OpenPGP key. */
	key?: string;
	/** OpenSSH allowed_signers style validity window. */
	valid_after?: string;
	valid_before?: string;
}
export interface Actor {
	id: string;
	kind: ActorKind;
	name?: string;
	roles: string[];
	max_level: Level;
	github?: {
		login: string;
		id: number;
	};
	keys: ActorKeyRef[];
}
export type VerifyFailureCode = "unknown-key" | "wrong-actor" | "expired" | "expired-signature" | "revoked" | "not-yet-valid" | "weak-hash" | "weak-algorithm" | "unsupported" | "invalid-key" | "bad-signature" | "wrong-namespace" | "malformed" | "key-unreadable";
export type VerifyOk = {
	ok: true;
	actor: string;
	/** OpenPGP: primary key fingerprint, upper-case hex. SSH: `SHA256:<base64>` as ssh-keygen prints it. */
	fingerprint: string;
	/** ISO-8601 (UTC, seconds). OpenPGP: the signature's creation time; SSH: the document's own timestamp. */
	signedAt: string;
	/** e.g. `openpgp/eddsaLegacy`, `openpgp/rsaSign`, `ssh/ssh-ed25519`, `ssh/ecdsa-sha2-nistp256`. */
	keyType: string;
};
export type VerifyFail = {
	ok: false;
	code: VerifyFailureCode;
	reason: string;
};
export type VerifyResult = VerifyOk | VerifyFail;
/** A key the policy lists that could not be used: the gate makes it an `error` node (fail closed). */
export interface KeyringProblem {
	actor: string;
	/** The key file relative to policies/, or `actors.yaml` for an inline key. */
	file?: string;
	reason: string;
}
/** Policy validity window of one listed key (OpenSSH allowed_signers valid-after / valid-before). */
export interface KeyWindow {
	validAfter?: Date;
	validBefore?: Date;
}
export interface OpenPgpEntry {
	kind: "openpgp";
	actor: string;
	/** Where the key was listed: `keys/alice.asc`, or `actors.yaml` for inline keys. */
	source: string;
	key: Key;
	/** Primary key fingerprint, upper-case hex. */
	fingerprint: string;
	window: KeyWindow;
}
export interface SshEntry {
	kind: "ssh";
	actor: string;
	source: string;
	key: SshPublicKey;
	window: KeyWindow;
}
export interface Keyring {
	actors: ReadonlyMap<string, Actor>;
	/** By 16-hex-digit upper-case key ID of the primary key and of every subkey. */
	openpgp: ReadonlyMap<string, OpenPgpEntry[]>;
	/** By base64 of the SSH public key blob. */
	ssh: ReadonlyMap<string, SshEntry[]>;
	/** Actors whose listed keys could not all be read, with the files that failed. */
	unreadable: ReadonlyMap<string, KeyringProblem[]>;
	problems: KeyringProblem[];
}
export interface SignatureValue {
	type: SignatureType;
	value: string;
}
export interface ParsedSshSig {
	publicKey: Buffer;
	namespace: string;
	reserved: Buffer;
	hashAlgorithm: string;
	/** Signature algorithm from the inner signature blob, e.g. `ssh-ed25519`, `rsa-sha2-512`. */
	sigAlgorithm: string;
	/** The raw signature bytes inside the signature blob. */
	sigBytes: Buffer;
	/** FIDO security-key signatures (PROTOCOL.u2f): the authenticator's flags and counter. */
	sk?: {
		flags: number;
		counter: number;
	};
}
/** Parse an armored SSHSIG. Throws WireError on anything that is not exactly the format. */
export declare function parseSshSig(armored: string): ParsedSshSig;
/** PROTOCOL.sshsig §Signed Data: MAGIC_PREAMBLE, string namespace, string reserved, string hash_algorithm, string H(message). */
export declare function sshsigSignedData(namespace: string, hashAlgorithm: string, message: Uint8Array, reserved?: Uint8Array): Buffer;
export type SshCheck = {
	ok: true;
} | {
	ok: false;
	code: VerifyFailureCode;
	reason: string;
};
/**
 * Check a parsed SSHSIG against the key it names and the message. The caller has already matched
 * `parsed.publicKey` to a keyring entry and holds its parsed key.
 */
export declare function checkSshSig(parsed: ParsedSshSig, key: SshPublicKey, namespace: string, message: Uint8Array, opts?: {
	requireUserPresence?: boolean;
}): SshCheck;
export interface DetachedOptions {
	/** The actor the document names: a key of anyone else fails with wrong-actor. */
	actor?: string;
	/** Verification time: a signature time after it (beyond CLOCK_SKEW_MS) is not-yet-valid. */
	at?: Date;
}
export declare function verifyOpenPgpDetached(armored: string, message: Uint8Array, keyring: Keyring, opts: DetachedOptions): Promise<VerifyResult>;
/** DESIGN §2.4: document signatures use SSHSIG namespace `gatehouse`, never `git`. */
export declare const DOCUMENT_NAMESPACE = "gatehouse";
/** git's SSH commit signatures use namespace `git` (gpg-interface.c, sign_buffer_ssh). */
export declare const GIT_NAMESPACE = "git";
export interface VerifyOptions {
	/** Expected signer; defaults to the document's `actor`, else `proposer`, else `requested_by`. */
	actor?: string;
	/** Verification time (the injected clock): signatures dated after it are refused. */
	at?: Date;
}
export interface DetachedVerifyOptions extends DetachedOptions {
	/** SSHSIG namespace the signature must carry. */
	namespace: string;
	/**
	 * The time an SSH signature is taken to have been made. SSHSIG carries no timestamp, so callers pass the
	 * signed content's own time (a document's `ts`, a commit's committer date, as git does with
	 * `ssh-keygen -Overify-time`), and the key's validity window is checked against it.
	 */
	sshTime?: Date;
}
/** Verify a detached signature (OpenPGP or SSHSIG) over `message`. */
export declare function verifyDetached(sig: SignatureValue, message: Uint8Array, keyring: Keyring, opts: DetachedVerifyOptions): Promise<VerifyResult>;
/**
 * Verify a governed document's `signature` over `signedBytes(doc)` = JCS(doc without "signature")
 * (DESIGN §2.4). SSH signatures are taken to be made at the document's own timestamp, since SSHSIG
 * carries none; that time is checked against the key's validity window and must not be in the future.
 */
export declare function verifyDocument(doc: Record<string, unknown>, keyring: Keyring, opts?: VerifyOptions): Promise<VerifyResult>;
export type PolicyFileReader = (relPath: string) => Promise<Uint8Array | undefined>;
export declare function buildKeyring(actors: Actor[], readPolicyFile: PolicyFileReader): Promise<Keyring>;
export type Json = null | boolean | number | string | Json[] | {
	[k: string]: Json;
};
export interface Resource {
	service: string;
	id: string;
	region?: string;
	[field: string]: Json | undefined;
}
export interface SwitchState {
	active: boolean;
	/** seq of the ledger entry that last flipped it */
	seq: number;
	since: string;
	by: string;
}
export interface GovernedState {
	resources: Record<string, Resource>;
	switches: Record<string, SwitchState>;
}
declare const ENTRY_TYPES: readonly [
	"genesis",
	"snapshot",
	"change.applied",
	"rollback.applied",
	"interrupt",
	"escalation.granted",
	"override.activated",
	"override.reviewed",
	"incident.opened",
	"incident.resolved",
	"killswitch.activated",
	"killswitch.deactivated",
	"policy.changed",
	"alert.raised",
	"alert.resolved"
];
export type EntryType = (typeof ENTRY_TYPES)[number];
export interface EntrySubject {
	change?: string;
	commit?: string;
	pr?: number;
	incident?: string;
	override?: string;
	alert?: string;
}
export interface LedgerEntry {
	v: 1;
	seq: number;
	/** `sha256:<hex>` of the previous entry's leaf hash; 64 zeros for seq 0. */
	prev: string;
	ts: string;
	type: EntryType;
	actor: string;
	level?: Level;
	subject?: EntrySubject;
	body: Record<string, unknown>;
}
/** Every field of a checkpoint note as read, with every problem at its line (nothing is thrown). */
/** origin, size and root of a checkpoint (tlog-checkpoint § Note text). */
export interface CheckpointFields {
	origin: string;
	size: number;
	/** The RFC 9162 root at `size`, 32 bytes. */
	root: Buffer;
}
export interface WitnessVkey {
	name: string;
	keyId: number;
	/** The 32-byte Ed25519 public key. */
	publicKey: Buffer;
}
export interface Cosigner extends WitnessVkey {
	key: KeyObject;
	/** The vkey text it came from. */
	vkey: string;
}
export interface Witness extends Cosigner {
	url?: string;
}
export interface WitnessPolicy {
	file: string;
	witnesses: Witness[];
	quorum: number;
}
/** `verify` with policies/witnesses.yaml (docs/witnesses.md): the policy, and `--witnessed-only`. */
export interface WitnessInput {
	policy: WitnessPolicy;
	witnessedOnly: boolean;
}
export interface WitnessItem {
	file: string;
	text: string;
	/** Parsed, when the note is well formed. */
	checkpoint?: CheckpointFields;
	/** Its root is the ledger's root at its size. */
	consistent: boolean;
	role: "latest" | "archived" | "since";
}
export interface CosignerEntry {
	name: string;
	key_id: string;
	/** POSIX seconds of the cosignature, and the same as an RFC 3339 time. */
	timestamp: number;
	time: string;
	line: number;
}
export interface SignatureEntry {
	name: string;
	key_id: string;
	line: number;
	reason: string;
}
export interface CheckpointWitnesses {
	file: string;
	role: WitnessItem["role"];
	size?: number;
	root?: string;
	consistent: boolean;
	cosigners: CosignerEntry[];
	/** Lines by a policy witness that do not verify over this checkpoint: findings. */
	rejected: SignatureEntry[];
	/** Lines by keys not in the policy: listed, never counted. */
	ignored: SignatureEntry[];
	quorum_met: boolean;
}
export interface WitnessReport {
	policy: string;
	quorum: number;
	witnesses: string[];
	witnessed_only: boolean;
	checkpoints: CheckpointWitnesses[];
}
/**
 * Where the ledger lives (DESIGN §2): the part of the repository layout the ledger needs. `RepoLayout`
 * (src/repo/layout.ts) is structurally a LedgerLayout, so callers pass theirs straight in.
 */
export interface LedgerConfig {
	/** The checkpoint origin line (tlog-checkpoint), e.g. `example.com/park-ops`. */
	origin: string;
	/** Lines per sealed segment file. */
	segment_size: number;
	/** A `snapshot` entry every this many entries (seq % snapshot_every === 0, seq > 0); 0 turns them off. */
	snapshot_every: number;
	/** The checkpoint verifier key file, relative to policies/. */
	checkpoint_key?: string;
}
export interface LedgerLayout {
	paths: {
		ledger: string;
		state?: string;
		policies?: string;
	};
	ledger: LedgerConfig;
}
export interface TextFile {
	file: string;
	text: string;
	/** Why the file has no text: its bytes are not UTF-8 (see decodeNote). `text` is then empty. */
	unreadable?: string;
}
export interface SinceReport {
	/** The checkpoint file verification started from. */
	file: string;
	/** Its size m: entries 0..m-1 are covered by it. */
	size: number;
	/** Its root, base64 (as in the note). */
	root: string;
	/** Signature and origin verified with the ledger's checkpoint key. */
	signed: boolean;
	/** RFC 9162 consistency of the checkpoint's root with the current root. */
	consistent: boolean;
	/** Seq of the snapshot replay started from, or null for genesis. */
	from: number | null;
	/** Entries verified in full (seq m on). */
	checked: number;
}
export type FindingCheck = "json" | "canonical" | "shape" | "seq" | "prev" | "genesis" | "ts-order" | "segment" | "checkpoint" | "snapshot" | "replay" | "drift" | "consistency" | "history" | "witness";
export interface Finding {
	check: FindingCheck;
	seq?: number;
	file: string;
	line?: number;
	message: string;
}
export interface SegmentInput {
	file: string;
	/** The file's text, or a function that reads it when its turn comes (keeps one segment in memory). */
	text: string | (() => string);
}
export interface VerifyInput {
	/** Segment files in seq order (by name). */
	segments: readonly SegmentInput[];
	/** Archived checkpoints, `ledger/checkpoints/<size>.note`. */
	checkpoints: readonly TextFile[];
	/** The latest checkpoint, `ledger/checkpoint`, when present. */
	latestCheckpoint?: TextFile;
	/** Snapshot files by seq (`ledger/snapshots/<seq>.json`). */
	snapshots: ReadonlyMap<number, TextFile>;
	/** The checkpoint verifier key text, and the file it came from (for messages). */
	verifierKey?: string;
	verifierKeyFile?: string;
	layout: LedgerLayout;
	/** The state built from the working tree's state/ files, for drift. */
	workingState?: GovernedState;
	/** Where each working resource is defined, for file:line on drift findings. */
	workingOrigins?: ReadonlyMap<string, {
		file: string;
		line?: number;
	}>;
	onProgress?: (done: number, total: number) => void;
	/**
	 * `verify --since`: the checkpoint verified earlier. Entries before its size are only hashed and replayed
	 * from the nearest snapshot; its root must be consistent with the current one (verify-since.ts).
	 * Throws NoteError('format') when the note does not parse.
	 */
	since?: TextFile;
	/** policies/witnesses.yaml, when the repository has one (docs/witnesses.md). */
	witnesses?: WitnessInput;
}
export interface VerifyReport {
	ok: boolean;
	/** Number of entries. */
	size: number;
	/** `sha256:<hex>` leaf hash of the last line (the `prev` the next entry must carry). */
	head: string;
	root: {
		base64: string;
		hex: string;
	};
	/** Checkpoints whose signature, origin and root all verified. */
	checkpoints: number;
	/** Snapshot entries whose hash and file both match the replayed state. */
	snapshots: number;
	/** Differing resource keys between the ledger's replayed state and the working tree (when given). */
	drift: string[];
	findings: Finding[];
	/** Things that are not violations but limit what was proven (e.g. no checkpoint). */
	notes: string[];
	/** With `since`: what the incremental run started from and proved. */
	since?: SinceReport;
	/** With `witnesses`: the cosigners of each checkpoint and the quorum. */
	witnesses?: WitnessReport;
}
export declare function verifyLedger(input: VerifyInput): VerifyReport;
/**
 * Typed errors for bad input and bugs. Decisions are data (see src/result); exceptions are reserved for
 * input we refuse to read and for internal faults. Exit codes are mapped in one place: exitCodeFor().
 */
/** One precise complaint about an input file: `file:line:col: pointer: message`. */
export interface Problem {
	file: string;
	line?: number;
	col?: number;
	/** JSON Pointer of the offending value inside the document, when it has one. */
	pointer?: string;
	message: string;
}
export type ErrorCode = "bad-input" | "usage" | "not-found" | "conflict" | "internal";
export declare class GatehouseError<C extends ErrorCode = ErrorCode> extends Error {
	readonly code: C;
	readonly problems: readonly Problem[];
	constructor(code: C, message: string, options?: {
		problems?: readonly Problem[];
		cause?: unknown;
	});
}
export declare function isGatehouseError(err: unknown): err is GatehouseError;

export {};
