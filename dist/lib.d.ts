import { KeyObject } from 'node:crypto';
import { Key } from 'openpgp';

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
/**
 * TypeScript shapes of every governed file kind (DESIGN §2, §2.7). The JSON Schemas in
 * src/formats/schemas/ are the full truth; these types mirror them after validation.
 * Durations are strings like "30m", "1h", "2h30m" (see parseDuration in src/formats/duration.ts).
 */
export type Level = 0 | 1 | 2 | 3 | 4;
export type ActorKind = "human" | "agent" | "service";
export type SignatureType = "openpgp" | "ssh";
export interface Signature {
	type: SignatureType;
	value: string;
}
export interface RepoPaths {
	policies: string;
	state: string;
	changes: string;
	overrides: string;
	incidents: string;
	ledger: string;
}
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
export interface ActorsPolicy {
	actors: Actor[];
}
export interface LevelPolicy {
	enabled: boolean;
	approval_ttl?: string;
	max_ops?: number;
	max_concurrent?: number;
	observation_window?: string;
}
export interface RuleMatch {
	paths?: string[];
	services?: string[];
	regions?: string[];
	kinds?: ChangeKind[];
}
export interface AuthorityPolicy {
	environment: "production" | "staging" | "development";
	levels: Record<`${Level}`, LevelPolicy>;
	escalation?: {
		ttl: string;
		approvers: QuorumRequirement;
	};
	rules?: {
		match: RuleMatch;
		max_level: Level;
	}[];
	commits?: {
		require_signed: boolean;
	};
	/** How manifests are bound to their proposer; default `[signed]` (DESIGN §2.4). */
	proposers?: {
		accept: ApprovalSource[];
	};
}
export type ApprovalSource = "signed" | "github";
export interface QuorumRequirement {
	count?: number;
	roles_any?: string[];
	roles_all?: string[];
	humans_only?: boolean;
	allow_self?: boolean;
	accept?: ApprovalSource[];
}
export interface QuorumRule {
	name: string;
	when: {
		levels?: Level[];
		paths?: string[];
		services?: string[];
		kind?: ChangeKind | "override";
		kinds?: ChangeKind[];
	};
	require: QuorumRequirement;
}
export interface QuorumPolicy {
	rules: QuorumRule[];
	/**
	 * The founding actors' one-time path to the first policy change: while the ledger holds no
	 * `policy.changed` entry, a policy change they propose and all approve passes quorum (docs/behaviours.md).
	 */
	bootstrap?: {
		actors: string[];
	};
}
export interface BlastFractions {
	percent?: number;
	service?: number;
	region?: number;
}
export interface BlastRadiusPolicy {
	/** min_allowed: a floor under every fraction-derived allowance (absolute max_affected caps still bind). */
	limits: BlastFractions & {
		min_allowed?: number;
	};
	services?: Record<string, {
		max_affected: number;
	}>;
	regions?: Record<string, {
		max_affected: number;
	}>;
	levels?: Partial<Record<`${Level}`, BlastFractions & {
		max_affected?: number;
	}>>;
	window?: {
		duration: string;
		levels: Level[];
	};
}
export type Severity = "critical" | "high" | "medium" | "low";
export interface IncidentPolicy {
	detection?: {
		confirmation?: string;
		baseline_window?: string;
		error_rate_multiplier?: number;
		latency_multiplier?: number;
		resource_threshold?: number;
	};
	severities?: Partial<Record<Severity, {
		response_time: string;
		owner: string;
	}>>;
	playbooks?: Record<string, {
		steps: string[];
		severity?: Severity;
		owner?: string;
	}>;
	monitor?: {
		heartbeat?: string;
	};
	/** Seed 000: MTTR (detected_at → resolved_at) should stay under this; default 2m. */
	mttr_target?: string;
}
export interface KillSwitchDef {
	id: string;
	description?: string;
	blocks: RuleMatch & {
		levels?: Level[];
	};
	flippers?: QuorumRequirement;
}
export interface KillSwitchPolicy {
	switches: KillSwitchDef[];
}
export type ChangeKind = "change" | "recommendation" | "rollback" | "killswitch" | "escalation" | "policy";
export interface ChangeManifest {
	id: string;
	kind: ChangeKind;
	title: string;
	proposer: string;
	level: Level;
	proposed_at: string;
	justification?: string;
	related?: {
		incident?: string;
		reverts?: number | number[];
		override?: string;
	};
	/** kind: killswitch */
	killswitch?: {
		id: string;
		action: "activate" | "deactivate";
	};
	/** kind: escalation */
	escalation?: {
		actor: string;
		level: Level;
		ttl?: string;
	};
	signature?: Signature;
}
export interface Approval {
	change: string;
	digest: string;
	actor: string;
	decision: "approve" | "reject";
	role?: string;
	ts: string;
	comment?: string;
	signature: Signature;
}
export interface OverrideRequest {
	id: string;
	change: string;
	checks: string[];
	reason: string;
	impact: Severity;
	requested_by: string;
	requested_at: string;
	expires_at: string;
	post_mortem_due: string;
	/** The change digest (DESIGN §2.2) of the change this override covers, bound by its signatures. */
	change_digest?: string;
	signature?: Signature;
}
export interface OverrideSignature {
	override: string;
	actor: string;
	role: string;
	decision: "approve" | "reject";
	ts: string;
	/** `sha256:<hex>` of JCS(override.yaml without signature): binds the signature to the override's text. */
	digest?: string;
	signature: Signature;
}
export interface IncidentFrontMatter {
	id: string;
	type: string;
	severity: Severity;
	started_at: string;
	detected_at: string;
	resolved_at?: string | null;
	operator: string;
	documented_at: string;
	services?: string[];
	regions?: string[];
	culprit?: number;
	overrides?: string;
	amends?: string;
}
/** Maps a JSON Pointer inside a parsed document to its 1-based line and column in the source file. */
export type Locate = ((pointer: string) => {
	line: number;
	col: number;
} | undefined) & {
	/** Position of the key that holds the value at `pointer` (falls back to the value's position). */
	key?: (pointer: string) => {
		line: number;
		col: number;
	} | undefined;
};
export interface TreeEntry {
	mode: string;
	path: string;
	oid: string;
	type: "blob" | "tree" | "commit";
}
export interface CommitInfo {
	oid: string;
	tree: string;
	parents: string[];
	/** First line of the message. */
	subject: string;
	message: string;
	author: {
		name: string;
		email: string;
		timestamp: number;
	};
	committer: {
		name: string;
		email: string;
		timestamp: number;
	};
}
export interface ChangedFile {
	path: string;
	status: "added" | "modified" | "deleted";
	/** Git object id before / after (a blob, or a commit for a submodule). */
	beforeOid?: string;
	afterOid?: string;
	/** Git tree mode before / after: 100644 file, 100755 executable, 120000 symlink, 160000 submodule. */
	beforeMode?: string;
	afterMode?: string;
	/** Set when either side is a submodule (gitlink) rather than a file. */
	submodule?: true;
}
/**
 * A read-only view of a tree of files: the working directory (FsTree) or a git commit (see src/git).
 * Loaders take a TreeReader so policy can come from the base branch and state from either side.
 */
/** A path the tree holds as something other than a file or a folder: a symbolic link or a git submodule. */
export interface TreeLink {
	path: string;
	kind: "symlink" | "submodule";
	/** Where a symlink points (its target text), when known. */
	target?: string;
}
export interface TreeReader {
	/** Human label prefixed to the paths messages name, e.g. the directory with a `/`, or `origin/main:`. */
	readonly label: string;
	/** Bytes of a file (path relative to the tree root, '/' separated), or undefined if absent. */
	read(path: string): Promise<Uint8Array | undefined>;
	/** Every file path under `dir` (recursive, sorted), relative to the tree root. */
	list(dir: string): Promise<string[]>;
	/**
	 * Symlinks and submodules at `dir`, on the way to it, or under it (sorted by path): what `list` does not show
	 * as files. Optional so that simple readers need not implement it; state loading uses it when present.
	 */
	links?(dir: string): Promise<TreeLink[]>;
}
declare class GitTree implements TreeReader {
	#private;
	readonly label: string;
	readonly dir: string;
	readonly commit: string;
	/** `commit` is a commit oid (see resolveRef); `label` defaults to `<short oid>:`. */
	constructor(dir: string, commit: string, label?: string);
	/** The commit's root tree oid. */
	rootTree(): Promise<string>;
	/** Names of the entries directly in folder `dir` ('' = root); empty when it is not a folder. */
	names(dir: string): Promise<string[]>;
	/** The tree entry at `path` (a blob, a tree, or a submodule commit), or undefined. */
	entry(path: string): Promise<TreeEntry | undefined>;
	read(path: string): Promise<Uint8Array | undefined>;
	/** Blob oid at `path`, or undefined when absent or not a file. */
	blobOid(path: string): Promise<string | undefined>;
	/** Symlinks (mode 120000) and submodules (gitlinks, mode 160000) at, above or under `dir`. */
	links(dir: string): Promise<TreeLink[]>;
	list(dir: string): Promise<string[]>;
}
export interface LedgerSettings {
	origin: string;
	segment_size: number;
	snapshot_every: number;
	/** Checkpoint verifier key, relative to the policies directory. */
	checkpoint_key: string;
}
export interface RepoLayout {
	paths: RepoPaths;
	ledger: LedgerSettings;
}
export interface Policy {
	layout: RepoLayout;
	actors: ActorsPolicy;
	authority: AuthorityPolicy;
	quorum: QuorumPolicy;
	blastRadius: BlastRadiusPolicy;
	incident: IncidentPolicy;
	killSwitches: KillSwitchPolicy;
	/** Locate per policy file path (e.g. `policies/quorum.yaml`), for file:line in results. */
	locate: Record<string, Locate>;
}
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
/**
 * One canonical op (DESIGN §2.1). `path` is a JSON Pointer inside the resource ("" = whole resource).
 * An absent `before` means the value did not exist; an absent `after` means it is removed. Ops are
 * ordered by key, then path, and every op has an exact inverse.
 */
export interface Op {
	op: "create" | "update" | "delete";
	key: string;
	path: string;
	before?: Json;
	after?: Json;
}
/** Where a resource came from, for file:line messages and for writing state back. */
export interface ResourceOrigin {
	key: string;
	file: string;
	line?: number;
}
export interface AffectedSummary {
	keys: string[];
	services: string[];
	regions: string[];
	level?: Level;
}
/**
 * Resources per service and per region in a state. O(state): an adapter that already walks the state
 * while loading it can compute this once and pass it as GateInputs.baseTotals.
 */
export interface StateTotals {
	total: number;
	services: Record<string, number>;
	regions: Record<string, number>;
}
export interface DigestFile {
	path: string;
	before: string | null;
	after: string | null;
	/** Git tree mode of each side, when that side exists and is not `100644` (see above). */
	before_mode?: string;
	after_mode?: string;
}
export interface LoadedApproval {
	file: string;
	value: Approval;
	locate: Locate;
	/** Line of the document's first field, for annotations. */
	line?: number;
}
/** The part of a change set that decides its digest (no policy, no approvals). */
export interface ChangeCore {
	repoDir: string;
	baseRef: string;
	headRef: string;
	baseOid: string;
	headOid: string;
	mergeBaseOid: string;
	/** Layout read from the base commit; used for every side, so a change cannot remap its own paths. */
	layout: RepoLayout;
	/** Files changed in merge-base..head, sorted by path. */
	changed: ChangedFile[];
	/** The `<ID>` of the one changes/<ID>/change.yaml added or modified, when there is exactly one. */
	changeId?: string;
	manifestFile?: string;
	manifest?: ChangeManifest;
	manifestLocate?: Locate;
	/** Why there is no usable manifest (none, several, or invalid); the gate turns this into an error node. */
	manifestProblem?: string;
	manifestProblems: Problem[];
	/** diffResources(state at merge-base, state at head): DESIGN §2.1. */
	ops: Op[];
	/** The `files` part of the digest: changed paths in scope, with sha256 of their bytes. */
	files: DigestFile[];
	/** DESIGN §2.2; the empty string when there is no usable manifest (nothing can be bound to it). */
	digest: string;
	mergeBaseState: GovernedState;
	headState: GovernedState;
	/** Where each head resource lives (file:line for op annotations). */
	headOrigins: Map<string, ResourceOrigin>;
	trees: {
		base: GitTree;
		head: GitTree;
		mergeBase: GitTree;
	};
}
export interface ChangeSet extends ChangeCore {
	/** Policy from the base commit: ALWAYS the base, never the head (DESIGN §3). */
	policy: Policy;
	/** State at the base commit (totals for blast-radius percentages). */
	baseState: GovernedState;
	/** Valid approval documents under changes/<ID>/approvals/ at head. */
	approvals: LoadedApproval[];
	/** Approval files that failed to parse or validate (they count for nothing; the gate reports them). */
	approvalProblems: Problem[];
}
export interface UncommittedFile {
	path: string;
	/** `modified`, `added` (staged, not committed), `deleted` or `untracked`. */
	status: "modified" | "added" | "deleted" | "untracked";
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
/** What a caller supplies for a new entry: everything but `v`, `seq` and `prev`, which the chain fixes. */
export type EntryDraft = Omit<LedgerEntry, "v" | "seq" | "prev">;
/** A new entry: everything but v/seq/prev, plus an optional idempotency key (stored as body.key). */
export type AppendDraft = EntryDraft & {
	key?: string;
};
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
export interface AppendResult {
	appended: LedgerEntry[];
	/** Drafts skipped because an entry with the same key exists (or came earlier in the same call). */
	skipped: AppendDraft[];
	size: number;
	head: string;
}
export interface Ledger {
	readonly repoDir: string;
	readonly layout: LedgerLayout;
	/** Every line, in seq order. */
	readonly lines: readonly string[];
	readonly size: number;
	/** `sha256:<hex>` leaf hash of the last line (ZERO_HASH when empty). */
	readonly head: string;
	/** Appends drafts (a snapshot entry is inserted first whenever the next seq is a snapshot seq). */
	append(drafts: readonly AppendDraft[]): Promise<AppendResult>;
	/** Signs the current root and writes `ledger/checkpoint` and `ledger/checkpoints/<size>.note`. */
	writeCheckpoint(signerKey: string): Promise<{
		size: number;
		root: Buffer;
		file: string;
	}>;
}
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
/** Which key a signer will sign with, so the actor can be found before signing. */
export type SignerIdentity = {
	type: "openpgp";
	fingerprints: string[];
	keyIds: string[];
} | {
	type: "ssh";
	blob: Buffer;
	fingerprint: string;
};
export interface Signer {
	type: SignatureType;
	/** Human label: `--key keys/alice.secret.asc`, `--gpg ABCD…`, `--ssh-key ~/.ssh/id_ed25519`. */
	label: string;
	identity(): Promise<SignerIdentity>;
	/** Armored detached signature over `data`; SSH signatures carry `namespace`. */
	sign(data: Uint8Array, namespace: string): Promise<string>;
}
export interface OpenPgpKeySignerOptions {
	/** Asked only when the key is encrypted (env GATEHOUSE_PASSPHRASE, or a TTY prompt). */
	passphrase: () => Promise<string | undefined>;
	/** Signature creation time: the injected clock, so fixed-clock runs are reproducible. */
	date: Date;
	label?: string;
}
export declare function openPgpKeySigner(armoredSecretKey: string, opts: OpenPgpKeySignerOptions): Promise<Signer>;
export declare function gpgSigner(keyId: string, env: NodeJS.ProcessEnv): Signer;
/** `keyText` is the private key file's content; `path` is passed to ssh-keygen when it must sign. */
export declare function sshKeySigner(path: string, keyText: string, env: NodeJS.ProcessEnv): Signer;
export type CommitFailureCode = VerifyFailureCode | "unsigned";
export interface CommitRow {
	sha: string;
	ok: boolean;
	/** The actor whose key made the signature (when it verified). */
	actor?: string;
	/** Why the commit does not count as signed by an actor. */
	reason?: string;
	code?: CommitFailureCode;
	signatureType?: "openpgp" | "ssh";
	fingerprint?: string;
	signedAt?: string;
	summary: string;
}
export interface HistoryFinding {
	commit: string;
	message: string;
	/** The ledger or policy file the finding is about, at that commit. */
	file?: string;
}
export interface HistoryResult {
	ok: boolean;
	/** Commits walked. */
	commits: number;
	/** Ledger lines at the tip. */
	entries: number;
	findings: HistoryFinding[];
}
export interface LineOrigin {
	commit: string;
	subject: string;
}
export interface SegmentRef {
	/** Repository-relative path, for messages. */
	file: string;
	firstSeq: number;
	read: () => string;
}
/** Snapshot files available, by seq (`ledger/snapshots/<seq>.json`). */
export type SnapshotFiles = ReadonlyMap<number, () => string | undefined>;
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
export interface HttpResponse {
	status: number;
	contentType: string;
	body: string;
}
/** POSTs `body` to `url`; rejects on a network failure or when `timeoutMs` passes. */
export type HttpPost = (url: string, body: string, timeoutMs: number) => Promise<HttpResponse>;
export type AddOutcome = {
	status: "cosigned";
	witness: string;
	lines: string[];
	oldSize: number;
	attempts: number;
} | {
	status: "conflict" | "refused" | "unreachable" | "bad-response";
	witness: string;
	httpStatus?: number;
	message: string;
	attempts: number;
};
export interface AddToRepoResult {
	file: string;
	archived: string;
	size: number;
	outcomes: AddOutcome[];
	skipped: {
		witness: string;
		reason: string;
	}[];
	/** Whether the notes on disk changed. */
	written: boolean;
	/** The latest checkpoint's cosigners after the run, and whether the quorum is met. */
	witnessed: CheckpointWitnesses;
}
export interface AddToRepoOptions {
	post: HttpPost;
	timeoutMs: number;
	only?: readonly string[];
}
/**
 * One proposed change base..head in git, opened once: its base, head and merge-base trees are read by the
 * change-set reader (src/assembly/change-read.ts) at most once per snapshot, however many use cases ask.
 */
export interface ChangeSnapshot {
	readonly base: string;
	readonly head: string;
	/** Commits, diff, manifest, ops and digest (DESIGN §2.2): no policy, no approvals. */
	core(): Promise<ChangeCore>;
	/** The core plus the BASE policy, the base state and the approvals at head (DESIGN §3). */
	changeSet(): Promise<ChangeSet>;
}
/** The governed repository as git holds it: what decides (DESIGN §3), never the working tree. */
export interface RepositoryPort {
	/** The repository root (where git runs). */
	readonly dir: string;
	/** base..head; the same snapshot for the same pair within one run. */
	change(base: string, head: string): ChangeSnapshot;
	/** The policy (and its layout) of one commit, strictly loaded (src/repo/load-policy.ts); read once per ref. */
	policyAt(ref: string): Promise<Policy>;
	/** Governed files under `dirs` that the working tree holds but no commit does (for warnings). */
	uncommitted(dirs: readonly string[]): UncommittedFile[];
}
/** The read side of the work tree, for the use cases that only read it (check, simulate). */
export type WorkTreePort = Pick<WorkTree, "root" | "readBytes" | "exists" | "isDirectory" | "tree">;
/**
 * Git commits of the repository, read only (src/assembly/git-commits.ts): refs, the trees of commits, and the
 * facts the incident, override, log, verify-commits and monitor use cases read from history.
 */
export interface GitCommits {
	/** Whether the repository root holds a `.git` entry. */
	isRepository(): Promise<boolean>;
	/** The commit `ref` names; throws the not-found GatehouseError when it names none (or there is no repository). */
	resolve(ref: string): Promise<string>;
	/** The files of `commit`; `label` prefixes paths in messages (default `<short oid>:`). */
	tree(commit: string, label?: string): TreeReader;
	/** The change set base..head as git holds it: manifest, ops and digest files (src/assembly/change-read.ts). */
	changeCore(base: string, head: string): Promise<ChangeCore>;
	/** One row per commit in base..head with the actor whose key signed it (src/assembly/commit-signatures.ts). */
	commitSignatures(base: string, head: string, keyring: Keyring, at: Date): Promise<CommitRow[]>;
	/** Which first-parent commit of `ref` added each ledger entry, by seq (src/assembly/ledger-history.ts). */
	ledgerLineOrigins(ref: string, ledgerDir: string): Promise<Map<number, LineOrigin>>;
	/** Whether the repository is a shallow clone (its history cannot be proven). */
	isShallow(): Promise<boolean>;
	/** The append-only proof of the ledger over `commit`'s first-parent history (src/assembly/ledger-history.ts). */
	ledgerHistory(commit: string): Promise<HistoryResult>;
	/** The first-parent chain of `ref`, oldest first, its newest `limit` commits (src/git/log.ts). */
	firstParentHistory(ref: string, limit: number): Promise<CommitInfo[]>;
	/** The files that differ between two commits (src/git/diff.ts). */
	changedFiles(from: string, to: string): Promise<ChangedFile[]>;
}
/** The ledger's files in the work tree, read lazily (DESIGN §7: a segment only when one of its entries is needed). */
export interface LedgerFiles {
	/** The segment files in order (pending ones by their final name), each read on demand. */
	segments(layout: RepoLayout): Promise<SegmentRef[]>;
	/** `ledger/snapshots/<seq>.json` by seq, each read on demand (undefined when unreadable). */
	snapshots(layout: RepoLayout): Promise<SnapshotFiles>;
	/** Every ledger line with the segment file and line it came from. */
	lines(layout: RepoLayout): Promise<{
		lines: string[];
		origin: (seq: number) => {
			file: string;
			line: number;
		};
	}>;
	/** A file a ledger entry names (a snapshot), read synchronously; undefined when unreadable. */
	readTextSync(path: string): string | undefined;
}
/**
 * The work tree with writes, for the use cases that write governed files (approve, sign, change new, escalate,
 * killswitch, rollback, incident, override, keygen): src/assembly/fs-work-files.ts. A path is relative to the
 * root ('/' separated) or absolute (a file named outside the repository, e.g. `keygen --out /tmp/keys`); the
 * TreeReader methods take root-relative paths.
 */
export interface WorkTree extends TreeReader {
	/** The repository root. */
	readonly root: string;
	/** The file as UTF-8 text, or undefined when it does not exist. */
	readText(path: string): Promise<string | undefined>;
	/** The file's bytes; a missing or unreadable file throws the file system's error (its message names the path). */
	readBytes(path: string): Promise<Uint8Array>;
	/** Whether anything (file or folder) exists at `path`. */
	exists(path: string): Promise<boolean>;
	/** The names directly under `dir` (files and folders); [] when it does not exist. */
	names(dir: string): Promise<string[]>;
	/** Whether `path` is a directory. */
	isDirectory(path: string): Promise<boolean>;
	/** A directory a command names (`simulate --base-state DIR`), readable as a tree of its own. */
	tree(dir: string): TreeReader;
	/** Creates `dir` and its parents. */
	makeDir(dir: string): Promise<void>;
	/** Replaces (or creates) the file atomically, creating its folder (DESIGN §9: never half a file). */
	write(path: string, text: string): Promise<void>;
	/** Creates the file with `mode`, never replacing one: false (nothing written) when it already exists. */
	create(path: string, text: string, mode: number): Promise<boolean>;
}
/**
 * The signer of a use case that signs, opened only when it is needed: bad input found before (an unknown actor,
 * a missing file) is reported before a key file is read or a passphrase asked.
 */
export type OpenSigner = () => Promise<Signer>;
/**
 * What `record` (src/app/record-merge.ts) reaches outside its data: the repository (the merged change, judged
 * through the check use case), the head commit's time, and the ledger in the work tree
 * (src/assembly/record-merge-ports.ts).
 */
export interface RecordMergePorts {
	repo: RepositoryPort;
	/** The committer time of `ref`, Unix seconds. */
	committerTime(ref: string): Promise<number>;
	/** DESIGN §4: bad input (file:line of the last entry) when `now` is before the ledger's last entry. */
	assertNowAfterLedger(now: Date): Promise<void>;
	/** The ledger in the work tree, opened for appending. */
	openLedger(layout: RepoLayout): Promise<Ledger>;
	/** The text of the latest checkpoint (`ledger/checkpoint`), undefined when there is none. */
	readCheckpoint(layout: RepoLayout): Promise<string | undefined>;
}
/**
 * The ledger's checkpoint notes as witnesses cosign them (docs/witnesses.md): submit the latest checkpoint and
 * store the cosignatures that verify, under the ledger lock (src/assembly/fs-witness-notes.ts).
 */
export interface WitnessNotes {
	addCheckpoint(layout: RepoLayout, policy: WitnessPolicy, opts: AddToRepoOptions): Promise<AddToRepoResult>;
}
export interface ApproveRequest {
	id: string;
	/** The digest to approve, or the refs whose change set gives it (exactly one of the two). */
	digest?: string;
	base?: string;
	head: string;
	actor?: string;
	role?: string;
	reject: boolean;
	comment?: string;
	now: Date;
}
export interface ApprovePorts {
	workTree: WorkTree;
	signer: OpenSigner;
	/** The change set base..head as git holds it (src/assembly/change-read.ts). */
	changeCore(base: string, head: string): Promise<Pick<ChangeCore, "changeId" | "digest" | "manifestProblem">>;
}
export interface ApproveResult {
	file: string;
	change: string;
	digest: string;
	actor: string;
	decision: "approve" | "reject";
	fingerprint: string;
}
export declare function approve(request: ApproveRequest, ports: ApprovePorts): Promise<ApproveResult>;
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
	/**
	 * The file's bytes, read when its turn comes; when given with a `text` that is a function, the verifier reads
	 * these instead (the same lines: `text` is their UTF-8 decoding). The view may be reused by the next read.
	 */
	bytes?: () => Uint8Array;
	/**
	 * The file's bytes framed for the verifier, read when its turn comes: file size + 2 bytes, the file's between
	 * a first and a last byte that are free. The buffer is the verifier's to write until the next read (it puts
	 * zeros there and over the newlines, see verify-segment.ts). Preferred to `bytes` when given with them.
	 */
	framed?: () => Buffer;
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
export interface ChainFinding {
	seq?: number;
	file?: string;
	line?: number;
	message: string;
}
/** Whole lines of one segment text: text[start, end), separated by '\n'. */
export interface TextRun {
	text: string;
	start: number;
	end: number;
}
/**
 * A chunk data script: `head`, then the lines of the runs joined by ',', then `tail`. Kept as runs of the
 * segment texts so the writer can encode them straight into the file (chunkScriptText gives the same text).
 */
export interface ChunkScript {
	head: string;
	runs: readonly TextRun[];
	tail: string;
}
/** Receives the generated data scripts, in order. */
export interface ReportSink {
	chunk(index: number, script: ChunkScript): void;
	state(seq: number, script: string): void;
	/** every entry of one rare type (its code in the index's type dictionary), written at finish */
	rare(code: number, script: string): void;
}
export interface PageWriter extends ReportSink {
	write(rel: string, text: string): void;
}
interface LedgerFiles$1 {
	segments: SegmentInput[];
	/** The repository-relative file each segment is read from, when read from a directory (ledger-store.ts `stored`). */
	stored?: readonly string[];
	checkpoints: TextFile[];
	latestCheckpoint?: TextFile;
	snapshots: ReadonlyMap<number, TextFile>;
}
export interface BuildReportRequest {
	/** `--out`: the report directory. */
	out: string;
	chunkSize?: number;
	now: Date;
	/** Shown in the page header (the repository folder's name). */
	repoLabel: string;
}
/** The report directory being written (src/report/write.ts `ReportWriter`): staged, then swapped in. */
export interface ReportDirectory extends PageWriter {
	readonly dir: string;
	/** Where the files go until `commit` (another writer may add the chunk data files there). */
	readonly staging: string;
	readonly files: number;
	readonly bytes: number;
	/** Writes the marker and swaps the staging directory in (DESIGN §9: never half a report). */
	commit(marker: string): void;
	/** Removes everything this directory writer created. */
	abort(): void;
}
export interface BuildReportPorts {
	workTree: TreeReader & Pick<WorkTree, "root" | "readText">;
	/** The ledger's files as the verifier reads them (src/store/ledger-files.ts). */
	ledgerFiles(layout: RepoLayout): Promise<LedgerFiles$1>;
	git: Pick<GitCommits, "resolve">;
	/** Governed files under `dirs` that the working tree holds but no commit does. */
	uncommitted(dirs: readonly string[]): UncommittedFile[];
	/** Checks the target (conflict when it holds something other than an earlier report) and opens it. */
	openReportDir(out: string): ReportDirectory;
	/** Segments streamed so far, of how many. */
	onProgress?: (done: number, total: number) => void;
	/** Milliseconds, for the summary's `seconds`. */
	clock?: () => number;
	/**
	 * Starts the verification on another thread (src/assembly/verifier-thread.ts) once its input is read; resolves
	 * to undefined when no thread can run or the ledger is too small to gain from one, and the verification runs
	 * on this one. Rejects with the bad input
	 * (key, state) the verifier found, before anything is written.
	 */
	verifyAside?(layout: RepoLayout): Promise<VerifierAside | undefined>;
}
/**
 * A verification running beside the report, fed the bytes the report reads (so both judge the same bytes,
 * each segment read once). `next` reads the next of `segments` and hands it over, waiting while the verifier
 * is far enough behind (bounded look-ahead: memory follows a few segments, not the ledger).
 */
export interface VerifierAside {
	/** The files the verifier reads its segments from, in seq order (repository-relative; a committed pending segment by its `.pending` file). */
	readonly segments: readonly string[];
	/**
	 * Before the first `next`: the verifying thread also writes the chunk data files of `chunkSize` lines into
	 * the report's staging directory, from the bytes it verifies (src/report/chunk-files.ts).
	 */
	writeChunks(staging: string, chunkSize: number): void;
	/** The bytes of the next segment, handed to the verifier too. */
	next(): Promise<Uint8Array>;
	/** The verification's report once every segment was handed over, and the chunk files it wrote. */
	finish(): Promise<{
		verified: VerifyReport;
		chunkFiles: {
			files: number;
			bytes: number;
		};
	}>;
	/** Stops the verification and waits until the thread has stopped (nothing more is written). */
	stop(): Promise<void>;
}
export interface BuildReportResult {
	out: string;
	index: string;
	entries: number;
	chunks: number;
	states: number;
	files: number;
	bytes: number;
	seconds: number;
	chain: {
		ok: boolean;
		size: number;
		root: string;
		findings: ChainFinding[];
	};
}
export declare function buildReport(request: BuildReportRequest, ports: BuildReportPorts): Promise<BuildReportResult>;
export interface ChangeDigestRequest {
	base: string;
	head: string;
}
export interface ChangeDigestPorts {
	repo: RepositoryPort;
}
export interface ChangeDigest {
	change: string;
	digest: string;
	/** How many ops and files outside state the digest binds. */
	ops: number;
	files: number;
	base: string;
	head: string;
	mergeBase: string;
}
export interface ChangeDigestResult {
	/** The base layout (where the governed folders are). */
	layout: RepoLayout;
	/** Absent when the change has no usable manifest; `problems` then says why. */
	digest?: ChangeDigest;
	problems: Problem[];
}
export declare function changeDigest(request: ChangeDigestRequest, ports: ChangeDigestPorts): Promise<ChangeDigestResult>;
/** The digest, or bad input (exit 2) naming why there is none. */
export declare function requireDigest(result: ChangeDigestResult): ChangeDigest;
/**
 * The decision tree (policy-bot style): every check yields a node; the decision is the worst node.
 * Statuses are ordered skip < pass < pending < fail < error, and an error is never masked.
 */
export type Status = "skip" | "pass" | "pending" | "fail" | "error";
export interface SourceRef {
	file: string;
	line?: number;
	col?: number;
}
export interface ResultNode {
	id: string;
	status: Status;
	reason: string;
	/** The figures behind the verdict, e.g. {approvals: 1, needed: 2}. */
	numbers: Record<string, number>;
	/** What would make a failing node pass. */
	fix?: string;
	source?: SourceRef;
	children: ResultNode[];
}
/** Outcome of verifying one signature against the base actors policy (DESIGN §2.4). */
export type SignatureCheck = {
	ok: true;
	/** The actor whose key made the signature. */
	actor: string;
	/** Key fingerprint (OpenPGP fingerprint or SSH `SHA256:…`). */
	fingerprint: string;
	signedAt: string;
	keyType: string;
} | {
	ok: false;
	/** Machine-readable failure, e.g. `bad-signature`, `unknown-key`, `key-expired`, `weak-algorithm`. */
	code: string;
	reason: string;
};
/** One approval or rejection found on the PR (DESIGN §2.3). */
export interface ApprovalEvidence {
	source: "signed" | "github";
	/** changes/<ID>/approvals/<actor>.yaml for signed approvals. */
	file?: string;
	line?: number;
	change: string;
	digest: string;
	/** Actor id (GitHub reviews: the actor whose `github` identity matched the reviewer). */
	actor: string;
	decision: "approve" | "reject";
	role?: string;
	ts: string;
	/** Required for `signed`; absent means unsigned. */
	signature?: SignatureCheck;
	/** GitHub review id for `github` approvals. */
	reviewId?: number;
}
/** A recent ledger entry as the gate needs it (levels, windows, budgets). */
export interface LedgerWindowEntry {
	seq: number;
	ts: string;
	type: string;
	level?: Level;
	change?: string;
	kind?: string;
	/** Number of distinct resources the entry affected. */
	affected: number;
	services: string[];
	regions: string[];
	/** True once a later rollback reverted it. */
	rolledBack?: boolean;
}
export type PolicyKind = "actors" | "authority" | "quorum" | "blastRadius" | "killSwitches";
export interface GatePolicy {
	actors: ActorsPolicy;
	authority: AuthorityPolicy;
	quorum: QuorumPolicy;
	blastRadius: BlastRadiusPolicy;
	killSwitches: KillSwitchPolicy;
	/** JSON Pointer → line/col inside each policy file, for file:line in results. */
	locate?: Partial<Record<PolicyKind, Locate>>;
	/** Path of each policy file in the repository, e.g. {quorum: 'policies/quorum.yaml'}. */
	files?: Partial<Record<PolicyKind, string>>;
}
export interface ChangedPath {
	path: string;
	status: "added" | "modified" | "deleted";
}
export interface EscalationGrant {
	actor: string;
	level: Level;
	expires_at: string;
	/** Ledger seq of the escalation.granted entry. */
	seq: number;
}
export interface CommitCheck {
	sha: string;
	ok: boolean;
	actor?: string;
	reason?: string;
}
export interface OverrideInput {
	id: string;
	/** Node ids the override bypasses, e.g. `blast-radius`. */
	checks: string[];
	/** Derived status (DESIGN §2.6); only `active` overrides apply. */
	status: string;
	/**
	 * Why the override does not cover the change as it is now (its signatures bound another change digest, or
	 * none): set by the adapter; such an override applies to nothing.
	 */
	unbound?: string;
}
/** The ledger entry that already applied a change id (DESIGN §4: approvals count for one application). */
export interface PriorApplication {
	seq: number;
	type: string;
	ts: string;
	/** The merge commit it recorded. */
	commit?: string;
}
export interface GateInputs {
	now: Date;
	policy: GatePolicy;
	manifest?: {
		file: string;
		value: ChangeManifest;
		signature?: SignatureCheck;
		line?: number;
	};
	/** Why the manifest is missing or invalid; yields an error node. */
	manifestProblem?: string;
	/** Canonical ops of the change (DESIGN §2.1). */
	ops: Op[];
	/** Replayed state at the base: totals for percentages and kill-switch states. */
	baseState: GovernedState;
	/**
	 * Optional: stateTotals(baseState), when the adapter computes it while loading the state. Saves the
	 * gate an O(state) walk; when absent the gate computes it.
	 */
	baseTotals?: StateTotals;
	/** merge-base(base, head)..head. */
	changedPaths: ChangedPath[];
	governedPaths: RepoPaths;
	/** Changed paths in governed folders that differ from another entry there only in letter case. */
	caseCollisions?: {
		path: string;
		other: string;
	}[];
	/** Non-merge commits of the range that change the ledger folder, each on its own (append-only). */
	ledgerCommits?: {
		sha: string;
		summary: string;
		paths: string[];
	}[];
	/** The change digest (DESIGN §2.2). */
	digest: string;
	approvals: ApprovalEvidence[];
	ledgerWindow: LedgerWindowEntry[];
	/** Unexpired or recently expired escalation grants from the ledger. */
	escalations: EscalationGrant[];
	/** Keys of the base actors policy that could not be read or parsed. */
	keyProblems: {
		actor: string;
		file?: string;
		reason: string;
	}[];
	/** Present when authority.commits.require_signed: every commit of the PR. */
	commits?: CommitCheck[];
	/** Overrides naming this change. */
	overrides?: OverrideInput[];
	/**
	 * Problems in governed files the PR adds or changes at head (policy files, incident records, override
	 * requests and signatures), with file:line. Absent when the adapter did not check (the node skips).
	 */
	recordProblems?: {
		file: string;
		line?: number;
		col?: number;
		message: string;
	}[];
	/** How many governed files were checked for `recordProblems`. */
	recordsChecked?: number;
	/** Present when the PR edits gatehouse.yaml (the ledger and other history must not move). */
	layoutEdit?: LayoutEdit;
	/** The PR author, when the Action passes it: binds an unsigned manifest where `proposers.accept` has github. */
	githubAuthor?: GithubAuthor;
	/**
	 * For a `kind: rollback` manifest: whether its ops are exactly the inverse of the ledger entries it names
	 * (src/rollback/verify.ts). Absent: not verified, so it gets no rollback exemption.
	 */
	rollback?: RollbackVerdict;
	/** The base ledger's entry that already applied this change id; null when none. Absent: not checked. */
	priorApplication?: PriorApplication | null;
	/**
	 * Whether the base ledger holds a `policy.changed` entry (the quorum bootstrap is then spent). Absent: not
	 * checked, and the bootstrap never applies (fail closed).
	 */
	policyChangedBefore?: boolean;
}
/** What the PR's own gatehouse.yaml would set, when the PR edits it and it loads (DESIGN §2). */
export interface LayoutEdit {
	/** The folders the head's gatehouse.yaml names (defaults for what it leaves out, or when it is deleted). */
	paths: RepoPaths;
	/** Line of each `paths.<folder>` entry in the head's gatehouse.yaml, for file:line. */
	lines?: Partial<Record<keyof RepoPaths, number>>;
	/** Append-only folders that already hold history at the base: ledger, changes, overrides, incidents. */
	history: (keyof RepoPaths)[];
}
/** The pull request's author as GitHub reports it (the Action only; the numeric id is what binds). */
export interface GithubAuthor {
	login: string;
	id: number;
	pr?: number;
}
/** An approval the gate counted, as `record` writes it to the ledger (DESIGN §4). */
export interface CountedApproval {
	actor: string;
	role?: string;
	source: "signed" | "github";
	fingerprint?: string;
	reviewId?: number;
	ts: string;
	/** Quorum rules this approval counted towards. */
	rules: string[];
}
/** The gate's judgement of a rollback manifest (rollback/verify.ts). */
export interface RollbackVerdict {
	/** The seqs the manifest names, as declared. */
	reverts: number[];
	genuine: boolean;
	/** Why (for the gate's `rollback` node). */
	reason: string;
}
/**
 * What one override did to this decision, as data (DESIGN §2.6, §4 override.activated): the checks it named
 * and turned from fail/pending into pass, and the ones it named that still fail through sub-checks it does
 * not name. `record` reads this, never the wording of the result nodes.
 */
export interface OverrideUse {
	id: string;
	/** Checks (node ids) it bypassed, in the order the gate applied them. */
	bypasses: string[];
	/** Checks it named and applied to that stay failing through a sub-check it does not name. */
	partial: string[];
}
export interface Decision {
	allowed: boolean;
	status: Status;
	root: ResultNode;
	change?: string;
	level?: Level;
	digest: string;
	/** Approvals that counted, for the ledger record (DESIGN §4 change.applied). */
	counted: CountedApproval[];
	/** Present when the change is a genuine rollback: recorded as rollback.applied of these seqs. */
	rollback?: {
		reverts: number[];
	};
	/** True when quorum was met through the one-time bootstrap (src/quorum/bootstrap.ts). */
	bootstrap?: true;
	/**
	 * The overrides the gate applied to a failing check (src/gate/overrides.ts), for the ledger record
	 * (DESIGN §4 change.applied `overrides`, override.activated `bypassed`). Always set by evaluateGate; not
	 * part of the JSON document (src/gate/render/json.ts), which carries the same facts as result nodes.
	 */
	overridesUsed?: OverrideUse[];
}
export type OverrideStatus = "pending" | "active" | "completed" | "reviewed" | "rejected" | "expired" | "review_overdue";
/** One signature file with the outcome of verifying it against the policy's keys. */
export interface SignatureEvidence {
	file: string;
	doc: OverrideSignature;
	check: {
		ok: true;
		actor: string;
		fingerprint: string;
	} | {
		ok: false;
		code: string;
		reason: string;
	};
	/** The signer as the policy knows it; undefined when the actor is not in actors.yaml. */
	signer?: {
		kind: string;
		roles: string[];
	};
}
export interface OverrideRecord {
	file: string;
	request: OverrideRequest;
	/** overrideDigest(request): what signatures must name. */
	digest: string;
	rule: {
		name: string;
		require: QuorumRequirement;
	};
	signatures: SignatureEvidence[];
	/** Incident records naming this override in `overrides:` (its post-mortems). */
	postmortems: {
		incident: string;
		file: string;
		documented_at: string;
	}[];
	/** Incident records naming this override that do not count as its post-mortem, and why. */
	postmortemsIgnored?: {
		file: string;
		why: string;
	}[];
	/** The ledger entry that recorded the change this override let through, when there is one. */
	usedBy?: {
		seq: number;
		ts: string;
	};
}
export interface OverrideView {
	id: string;
	change: string;
	checks: string[];
	impact: string;
	status: OverrideStatus;
	reason: string;
	/** When the quorum was complete (the ts of the signature that completed it). */
	activated_at?: string;
	expires_at: string;
	post_mortem_due: string;
	signers: {
		actor: string;
		role: string;
	}[];
	missing: string[];
	ignored: {
		file: string;
		why: string;
	}[];
	postmortem?: string;
}
export interface BaseLedger {
	/** Entries in the ledger at the base commit. */
	size: number;
	/** Entries whose ts lies within `horizonMs` before now (applied changes only). */
	window: LedgerWindowEntry[];
	escalations: EscalationGrant[];
	/** Kill-switch states replayed at the base (seed 001 §7: they live in replayed state). */
	switches: GovernedState["switches"];
	/** The replayed state at the base, or undefined when the ledger is empty. */
	state?: GovernedState;
	/** Overrides recorded as used (`body.overrides` of applied entries in the tail), oldest first. */
	usedOverrides: {
		id: string;
		seq: number;
		ts: string;
	}[];
	/** Entries parsed to answer (the tail), for the bench and tests. */
	read: number;
}
/** A GitHub review approval as the Action hands it over (src/github/types.ts GithubApproval). */
export interface GithubReviewInput {
	kind?: "review";
	change: string;
	digest: string;
	actor: string;
	decision?: "approve" | "reject";
	ts: string;
	reviewId: number;
}
/** The pull request's author as GitHub reports it: `{kind: 'pr-author', login, id, pr?}`. */
export interface GithubAuthorInput extends GithubAuthor {
	kind: "pr-author";
}
/** What the Action passes in `--github-approvals FILE`: review approvals, and at most one PR author. */
export type GithubApprovalInput = GithubReviewInput | GithubAuthorInput;
export interface GateTimings {
	/** Refs, merge-base, diff, manifest, ops, policy, state and ledger tail from git. */
	gitReadMs: number;
	/** Keyring, manifest and approval signatures, commit signatures. */
	signaturesMs: number;
}
export interface AssembledGate {
	inputs: GateInputs;
	change: ChangeSet;
	keyring: Keyring;
	ledger: BaseLedger;
	/** The override records read for the change (head and base, by id); absent when it has no change id. */
	overrideRecords?: ReadonlyMap<string, OverrideRecord>;
	timings: GateTimings;
}
export interface CheckChangeRequest {
	base: string;
	head: string;
	now: Date;
	/** GitHub review approvals mapped to actors (docs/action.md), and at most one PR author. */
	githubApprovals?: readonly GithubApprovalInput[];
}
export interface CheckChangePorts {
	repo: RepositoryPort;
	/** For the SARIF root file; optional where no SARIF is rendered. */
	work?: WorkTreePort;
}
export interface CheckChangeResult {
	decision: Decision;
	assembled: AssembledGate;
	/** The base layout every side was read with. */
	layout: RepoLayout;
	/**
	 * Where repository-wide findings sit (SARIF): gatehouse.yaml when the repository has one, else the actors
	 * file, which every governed repository has.
	 */
	rootFile: string;
	timings: {
		gitReadMs: number;
		signaturesMs: number;
		evaluationMs: number;
	};
}
export declare function checkChange(request: CheckChangeRequest, ports: CheckChangePorts): Promise<CheckChangeResult>;
/** `--github-approvals FILE` (docs/action.md): read from the work tree and parsed strictly (exit 2, file:line). */
export declare function readGithubApprovals(work: WorkTreePort, file: string): Promise<GithubApprovalInput[]>;
export interface CheckpointSignRequest {
	/** The checkpoint signer key (never part of any result or message). */
	signerKey: string;
}
export interface CheckpointSignPorts {
	workTree: WorkTree;
	/** The ledger's files as the verifier reads them (src/store/ledger-files.ts). */
	ledgerFiles(layout: RepoLayout): Promise<LedgerFiles$1>;
	/** Signs the current root and writes both checkpoint files (src/store/ledger-store.ts). */
	writeCheckpoint(layout: RepoLayout, signerKey: string): Promise<{
		size: number;
		root: Buffer;
		file: string;
	}>;
}
export type CheckpointSignResult = 
/** The ledger does not verify: nothing signed (exit 1). */
{
	outcome: "refused";
	size: number;
	findings: Finding[];
}
/** The checkpoint already commits to the head: nothing written. */
 | {
	outcome: "current";
	size: number;
	root: string;
	file: string;
	archived: string;
} | {
	outcome: "signed";
	size: number;
	root: string;
	file: string;
	archived: string;
	ledgerDir: string;
};
export declare function checkpointSign(request: CheckpointSignRequest, ports: CheckpointSignPorts): Promise<CheckpointSignResult>;
declare const INCIDENT_SECTIONS: readonly [
	"Description",
	"Cause",
	"Impact",
	"Response",
	"Resolution",
	"Prevention"
];
export type IncidentSection = (typeof INCIDENT_SECTIONS)[number];
export interface SectionText {
	/** 1-based line of the `##` heading. */
	line: number;
	/** The Markdown under the heading, up to the next heading of depth ≤ 2, trimmed. */
	text: string;
	/** True when the text holds nothing but whitespace and HTML comments (template placeholders). */
	empty: boolean;
}
export interface IncidentRecord {
	file: string;
	front: IncidentFrontMatter;
	locate: Locate;
	sections: Record<IncidentSection, SectionText>;
	/** Derived (DESIGN §2.5, src/incidents/times.ts): started→resolved and detected→resolved, in ms; undefined while open. */
	durationMs?: number;
	mttrMs?: number;
	open: boolean;
}
/** Fields of the new record; `undefined` values are "not given" and leave the inherited field. */
export type AmendFields = {
	id: string;
	documented_at: string;
} & {
	[K in Exclude<keyof IncidentFrontMatter, "id" | "documented_at" | "amends">]?: IncidentFrontMatter[K];
};
export interface ResolveInput {
	resolvedAt: string;
	/** Texts for sections, replacing what they hold. */
	sections?: Partial<Record<IncidentSection, string>>;
	culprit?: number;
}
export interface IncidentPorts {
	work: WorkTree;
	git: Pick<GitCommits, "resolve" | "tree">;
}
export interface IncidentNewRequest {
	/** The record this one corrects (`--amends`): its fields are the defaults of this one. */
	amends?: string;
	/** The fields given; undefined ones are inherited from the amended record (or left out). */
	fields: AmendFields;
	sections: Partial<Record<IncidentSection, string>>;
}
export interface IncidentNewResult {
	id: string;
	file: string;
}
export declare function incidentNew(request: IncidentNewRequest, ports: Pick<IncidentPorts, "work">): Promise<IncidentNewResult>;
export interface IncidentResolveRequest {
	id: string;
	/** `--id` of the amending record, when the record is committed. */
	amendingId?: string;
	now: Date;
	/** `documented_at` of an amending record. */
	documentedAt: string;
	input: ResolveInput;
}
export interface IncidentResolveResult {
	id: string;
	/** The incident file named (`<incidents>/<id>.md`). */
	file: string;
	/** The file written: `file`, or the amending record when HEAD holds `file`. */
	written: string;
	record: IncidentRecord;
	/** The HEAD commit holding `file`, when the resolution is an amending record. */
	committed?: string;
	mttrTargetMs: number;
}
export declare function incidentResolve(request: IncidentResolveRequest, ports: IncidentPorts): Promise<IncidentResolveResult>;
export interface Founder {
	id: string;
	roles: string[];
	/** Key type, from the key file's content. */
	keyType: "ssh" | "openpgp";
	/** The key file's text, copied into policies/keys/. */
	keyText: string;
	/** Where it was read from (for messages). */
	keySource: string;
}
export interface Scaffold {
	/** Files to commit, by path relative to the repository root. */
	files: Map<string, string>;
	/** Secrets written under .gatehouse/ (git-ignored) with mode 0600: never commit them. */
	secrets: Map<string, string>;
	/** The checkpoint signer key text (also in `secrets`). */
	checkpointSignerKey: string;
	origin: string;
	/** Where each founder's key file came from (policies/keys/… → the --actor KEYFILE), for messages. */
	keySources?: Map<string, string>;
}
export interface InitResult {
	dir: string;
	written: string[];
	/** Existing files init appended to (adoption: .gitignore). */
	appended: string[];
	secrets: string[];
	/** Resources the genesis entry holds (adoption: the existing state). */
	resources: number;
	ledgerSize: number;
	head: string;
}
export interface InitRequest {
	/** The folder to initialise, absolute. */
	dir: string;
	example?: "park";
	adopt: boolean;
	/** `--actor ID:ROLES:KEYFILE` specs; key files relative to `cwd`. */
	actorSpecs: string[];
	cwd: string;
	admin?: string;
	origin?: string;
	actionRef?: string;
	now: Date;
}
export interface InitPorts {
	/** Reads the founders' key files. */
	workTree: Pick<WorkTree, "readBytes">;
	/** Writes the scaffold and starts the ledger (src/init/write.ts). */
	writeScaffold(dir: string, scaffold: Scaffold, now: Date, actor: string, options: {
		adopt: boolean;
	}): Promise<InitResult>;
}
export interface InitOutcome {
	result: InitResult;
	founders: Founder[];
	admin: string;
	/** No founders were given: the generated admin is the only actor. */
	lone: boolean;
}
export declare function init(request: InitRequest, ports: InitPorts): Promise<InitOutcome>;
export interface LedgerLogPorts {
	/** The work tree, for the layout. */
	work: TreeReader;
	ledger: Pick<LedgerFiles, "lines">;
	git: Pick<GitCommits, "ledgerLineOrigins">;
}
export interface LedgerLogRequest {
	type?: string;
	actor?: string;
}
export type LedgerLogRow = Pick<LedgerEntry, "seq" | "ts" | "type" | "actor" | "level" | "subject"> & {
	added_in?: LineOrigin;
};
export interface LedgerLogResult {
	rows: LedgerLogRow[];
	/** Entries in the ledger, before filtering. */
	total: number;
	/** Whether git history was read (false: the timeline stands alone, no `added in` column). */
	git: boolean;
}
export declare function ledgerLog(request: LedgerLogRequest, ports: LedgerLogPorts): Promise<LedgerLogResult>;
/** Reads the file a snapshot entry names (`body.file`), or undefined when absent. */
export type SnapshotReader = (seq: number, file: string) => string | undefined;
export interface StateAt {
	state: GovernedState;
	/** seq of the snapshot replay started from, or null for genesis. */
	from: number | null;
}
declare function stateAfter(lines: readonly string[], count: number, readSnapshot?: SnapshotReader): StateAt;
export interface ReplayStatePorts {
	/** The work tree, for the layout. */
	work: TreeReader;
	ledger: Pick<LedgerFiles, "lines" | "readTextSync">;
}
/** At most one of `at` (a seq) and `until` (a time). */
export interface ReplayStateRequest {
	at?: number;
	until?: Date;
}
export interface ReplayStateResult {
	state: ReturnType<typeof stateAfter>["state"];
}
export declare function replayState(request: ReplayStateRequest, ports: ReplayStatePorts): Promise<ReplayStateResult>;
export interface RollbackPlan {
	/** Seqs reverted, ascending. */
	reverts: number[];
	/** The inverse ops in application order: the last entry's inverse first. */
	inverse: Op[];
	/** The canonical ops between head and target (what the gate derives from the state files). */
	ops: Op[];
	head: GovernedState;
	target: GovernedState;
	/** Entries in the range that carry no ops and are not rolled back (e.g. kill-switch flips). */
	skipped: {
		seq: number;
		type: string;
	}[];
}
export interface RollbackRequest {
	/** Roll back this one entry, or every entry after `to` (exactly one of the two). */
	event?: number;
	to?: number;
	/** The level to act at; by default 3, or 2 where the policy keeps level 3 off. */
	level?: Level;
	incident?: string;
	proposer?: string;
	id?: string;
	title?: string;
	now: Date;
	usage: string;
}
export interface RollbackPorts {
	workTree: WorkTree;
	/** The ledger's segment and snapshot files, each read on demand (src/assembly/fs-ledger-files.ts). */
	ledger: {
		segments(layout: RepoLayout): Promise<SegmentRef[]>;
		snapshots(layout: RepoLayout): Promise<SnapshotFiles>;
	};
}
export interface RollbackResult {
	id: string;
	manifestFile: string;
	proposer: string;
	level: Level;
	/** `seq (change)` of each entry rolled back. */
	revertedLabels: string[];
	reverts: RollbackPlan["reverts"];
	skipped: RollbackPlan["skipped"];
	ops: Op[];
	edits: {
		file: string;
		created: boolean;
	}[];
	fromSnapshot: number | null;
}
export declare function rollback(request: RollbackRequest, ports: RollbackPorts): Promise<RollbackResult>;
export type MonitorRule = "ledger-verify" | "ledger-count-decrease" | "state-drift" | "unrecorded-merge" | "override-review-overdue" | "incident-response-overdue" | "silence";
export interface Alert {
	fingerprint: string;
	rule: MonitorRule;
	severity: Severity;
	owner: string;
	/** e.g. "15m" */
	response_time: string;
	title: string;
	body: string;
	playbook: string[];
}
export type MonitorGit = Pick<GitCommits, "isRepository" | "tree" | "firstParentHistory" | "changedFiles">;
export interface RunMonitorRequest {
	now: Date;
	/** `--branch`: the default branch whose first-parent history is walked. */
	branch: string;
	/** `--history`: how many of its newest commits are walked. */
	history: number;
	/** `--record`: append the alert entries; sign a checkpoint with `checkpointKey` (already checked). */
	record?: {
		checkpointKey?: string;
	};
}
export interface RunMonitorPorts {
	workTree: TreeReader & Pick<WorkTree, "readText">;
	/**
	 * The ledger's files as the verifier reads them (src/store/ledger-files.ts): the monitor reads each segment
	 * once, as the verifier does, and keeps no line past its segment.
	 */
	ledgerFiles(layout: RepoLayout): Promise<LedgerFiles$1>;
	git: MonitorGit;
	/** The ledger's clock and the ledger opened for appending (`record` only). */
	ledger: Pick<RecordMergePorts, "assertNowAfterLedger" | "openLedger">;
}
/** The alert entries `record` appended. */
export interface MonitorRecorded {
	raised: string[];
	resolved: string[];
	entries: {
		seq: number;
		type: string;
	}[];
}
export interface RunMonitorResult {
	ok: boolean;
	alerts: Alert[];
	notes: string[];
	/**
	 * How the ledger was verified: "ledger verified from checkpoint N (signed, consistent); …" or "ledger
	 * verified in full (why)" (src/app/monitor-verify.ts).
	 */
	verified: string;
	recorded?: MonitorRecorded;
}
export declare function runMonitor(request: RunMonitorRequest, ports: RunMonitorPorts): Promise<RunMonitorResult>;
declare const SCHEMAS: {
	readonly gatehouse: {
		readonly $schema: "https://json-schema.org/draft/2020-12/schema";
		readonly $id: "gatehouse:gatehouse";
		readonly type: "object";
		readonly additionalProperties: false;
		readonly properties: {
			readonly paths: {
				readonly type: "object";
				readonly additionalProperties: false;
				readonly properties: {
					readonly policies: {
						readonly type: "string";
						readonly minLength: 1;
					};
					readonly state: {
						readonly type: "string";
						readonly minLength: 1;
					};
					readonly changes: {
						readonly type: "string";
						readonly minLength: 1;
					};
					readonly overrides: {
						readonly type: "string";
						readonly minLength: 1;
					};
					readonly incidents: {
						readonly type: "string";
						readonly minLength: 1;
					};
					readonly ledger: {
						readonly type: "string";
						readonly minLength: 1;
					};
				};
			};
			readonly ledger: {
				readonly type: "object";
				readonly additionalProperties: false;
				readonly properties: {
					readonly origin: {
						readonly type: "string";
						readonly minLength: 1;
					};
					readonly segment_size: {
						readonly type: "integer";
						readonly minimum: 1;
						readonly description: "a positive integer";
					};
					readonly snapshot_every: {
						readonly type: "integer";
						readonly minimum: 1;
						readonly description: "a positive integer";
					};
					readonly checkpoint_key: {
						readonly type: "string";
						readonly minLength: 1;
					};
				};
			};
		};
	};
	readonly actors: {
		readonly $schema: "https://json-schema.org/draft/2020-12/schema";
		readonly $id: "gatehouse:actors";
		readonly type: "object";
		readonly additionalProperties: false;
		readonly required: readonly [
			"actors"
		];
		readonly properties: {
			readonly actors: {
				readonly type: "array";
				readonly items: {
					readonly type: "object";
					readonly additionalProperties: false;
					readonly required: readonly [
						"id",
						"kind",
						"roles",
						"max_level",
						"keys"
					];
					readonly properties: {
						readonly id: {
							readonly type: "string";
							readonly pattern: "^[a-z0-9][a-z0-9._-]*$";
							readonly description: "an actor id (lower-case letters, digits, \".\", \"_\", \"-\")";
						};
						readonly kind: {
							readonly enum: readonly [
								"human",
								"agent",
								"service"
							];
						};
						readonly name: {
							readonly type: "string";
							readonly minLength: 1;
						};
						readonly roles: {
							readonly type: "array";
							readonly items: {
								readonly type: "string";
								readonly minLength: 1;
							};
							readonly description: "a list of strings";
						};
						readonly max_level: {
							readonly type: "integer";
							readonly minimum: 0;
							readonly maximum: 4;
							readonly description: "an integer 0..4";
						};
						readonly github: {
							readonly type: "object";
							readonly additionalProperties: false;
							readonly required: readonly [
								"login",
								"id"
							];
							readonly properties: {
								readonly login: {
									readonly type: "string";
									readonly minLength: 1;
								};
								readonly id: {
									readonly type: "integer";
									readonly minimum: 1;
									readonly description: "the numeric GitHub user id";
								};
							};
						};
						readonly keys: {
							readonly type: "array";
							readonly items: {
								readonly type: "object";
								readonly additionalProperties: false;
								readonly required: readonly [
									"type"
								];
								readonly properties: {
									readonly type: {
										readonly enum: readonly [
											"openpgp",
											"ssh"
										];
									};
									readonly file: {
										readonly type: "string";
										readonly minLength: 1;
									};
									readonly key: {
										readonly type: "string";
										readonly minLength: 1;
									};
									readonly valid_after: {
										readonly type: "string";
										readonly format: "date-time";
										readonly pattern: "^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|[+-]\\d{2}:\\d{2})$";
										readonly description: "an RFC 3339 time with a zone, like 2026-01-18T14:00:00Z";
									};
									readonly valid_before: {
										readonly type: "string";
										readonly format: "date-time";
										readonly pattern: "^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|[+-]\\d{2}:\\d{2})$";
										readonly description: "an RFC 3339 time with a zone, like 2026-01-18T14:00:00Z";
									};
								};
							};
						};
					};
				};
			};
		};
	};
	readonly authority: {
		readonly $schema: "https://json-schema.org/draft/2020-12/schema";
		readonly $id: "gatehouse:authority";
		readonly type: "object";
		readonly additionalProperties: false;
		readonly required: readonly [
			"environment",
			"levels"
		];
		readonly properties: {
			readonly environment: {
				readonly enum: readonly [
					"production",
					"staging",
					"development"
				];
			};
			readonly levels: {
				readonly type: "object";
				readonly additionalProperties: false;
				readonly required: readonly [
					"0",
					"1",
					"2",
					"3",
					"4"
				];
				readonly properties: {
					readonly 0: {
						readonly type: "object";
						readonly additionalProperties: false;
						readonly required: readonly [
							"enabled"
						];
						readonly properties: {
							readonly enabled: {
								readonly type: "boolean";
							};
							readonly approval_ttl: {
								readonly type: "string";
								readonly pattern: "^(?=\\d)(\\d+d)?(\\d+h)?(\\d+m)?(\\d+s)?(\\d+ms)?$";
								readonly description: "a duration like 30s, 30m, 1h or 2h30m";
							};
							readonly max_ops: {
								readonly type: "integer";
								readonly minimum: 0;
								readonly description: "a non-negative integer";
							};
							readonly max_concurrent: {
								readonly type: "integer";
								readonly minimum: 0;
								readonly description: "a non-negative integer";
							};
							readonly observation_window: {
								readonly type: "string";
								readonly pattern: "^(?=\\d)(\\d+d)?(\\d+h)?(\\d+m)?(\\d+s)?(\\d+ms)?$";
								readonly description: "a duration like 30s, 30m, 1h or 2h30m";
							};
						};
					};
					readonly 1: {
						readonly type: "object";
						readonly additionalProperties: false;
						readonly required: readonly [
							"enabled"
						];
						readonly properties: {
							readonly enabled: {
								readonly type: "boolean";
							};
							readonly approval_ttl: {
								readonly type: "string";
								readonly pattern: "^(?=\\d)(\\d+d)?(\\d+h)?(\\d+m)?(\\d+s)?(\\d+ms)?$";
								readonly description: "a duration like 30s, 30m, 1h or 2h30m";
							};
							readonly max_ops: {
								readonly type: "integer";
								readonly minimum: 0;
								readonly description: "a non-negative integer";
							};
							readonly max_concurrent: {
								readonly type: "integer";
								readonly minimum: 0;
								readonly description: "a non-negative integer";
							};
							readonly observation_window: {
								readonly type: "string";
								readonly pattern: "^(?=\\d)(\\d+d)?(\\d+h)?(\\d+m)?(\\d+s)?(\\d+ms)?$";
								readonly description: "a duration like 30s, 30m, 1h or 2h30m";
							};
						};
					};
					readonly 2: {
						readonly type: "object";
						readonly additionalProperties: false;
						readonly required: readonly [
							"enabled"
						];
						readonly properties: {
							readonly enabled: {
								readonly type: "boolean";
							};
							readonly approval_ttl: {
								readonly type: "string";
								readonly pattern: "^(?=\\d)(\\d+d)?(\\d+h)?(\\d+m)?(\\d+s)?(\\d+ms)?$";
								readonly description: "a duration like 30s, 30m, 1h or 2h30m";
							};
							readonly max_ops: {
								readonly type: "integer";
								readonly minimum: 0;
								readonly description: "a non-negative integer";
							};
							readonly max_concurrent: {
								readonly type: "integer";
								readonly minimum: 0;
								readonly description: "a non-negative integer";
							};
							readonly observation_window: {
								readonly type: "string";
								readonly pattern: "^(?=\\d)(\\d+d)?(\\d+h)?(\\d+m)?(\\d+s)?(\\d+ms)?$";
								readonly description: "a duration like 30s, 30m, 1h or 2h30m";
							};
						};
					};
					readonly 3: {
						readonly type: "object";
						readonly additionalProperties: false;
						readonly required: readonly [
							"enabled"
						];
						readonly properties: {
							readonly enabled: {
								readonly type: "boolean";
							};
							readonly approval_ttl: {
								readonly type: "string";
								readonly pattern: "^(?=\\d)(\\d+d)?(\\d+h)?(\\d+m)?(\\d+s)?(\\d+ms)?$";
								readonly description: "a duration like 30s, 30m, 1h or 2h30m";
							};
							readonly max_ops: {
								readonly type: "integer";
								readonly minimum: 0;
								readonly description: "a non-negative integer";
							};
							readonly max_concurrent: {
								readonly type: "integer";
								readonly minimum: 0;
								readonly description: "a non-negative integer";
							};
							readonly observation_window: {
								readonly type: "string";
								readonly pattern: "^(?=\\d)(\\d+d)?(\\d+h)?(\\d+m)?(\\d+s)?(\\d+ms)?$";
								readonly description: "a duration like 30s, 30m, 1h or 2h30m";
							};
						};
					};
					readonly 4: {
						readonly type: "object";
						readonly additionalProperties: false;
						readonly required: readonly [
							"enabled"
						];
						readonly properties: {
							readonly enabled: {
								readonly type: "boolean";
							};
							readonly approval_ttl: {
								readonly type: "string";
								readonly pattern: "^(?=\\d)(\\d+d)?(\\d+h)?(\\d+m)?(\\d+s)?(\\d+ms)?$";
								readonly description: "a duration like 30s, 30m, 1h or 2h30m";
							};
							readonly max_ops: {
								readonly type: "integer";
								readonly minimum: 0;
								readonly description: "a non-negative integer";
							};
							readonly max_concurrent: {
								readonly type: "integer";
								readonly minimum: 0;
								readonly description: "a non-negative integer";
							};
							readonly observation_window: {
								readonly type: "string";
								readonly pattern: "^(?=\\d)(\\d+d)?(\\d+h)?(\\d+m)?(\\d+s)?(\\d+ms)?$";
								readonly description: "a duration like 30s, 30m, 1h or 2h30m";
							};
						};
					};
				};
			};
			readonly escalation: {
				readonly type: "object";
				readonly additionalProperties: false;
				readonly required: readonly [
					"ttl",
					"approvers"
				];
				readonly properties: {
					readonly ttl: {
						readonly type: "string";
						readonly pattern: "^(?=\\d)(\\d+d)?(\\d+h)?(\\d+m)?(\\d+s)?(\\d+ms)?$";
						readonly description: "a duration like 30s, 30m, 1h or 2h30m";
					};
					readonly approvers: {
						readonly type: "object";
						readonly additionalProperties: false;
						readonly properties: {
							readonly count: {
								readonly type: "integer";
								readonly minimum: 1;
								readonly description: "a positive integer";
							};
							readonly roles_any: {
								readonly type: "array";
								readonly items: {
									readonly type: "string";
									readonly minLength: 1;
								};
								readonly description: "a list of strings";
							};
							readonly roles_all: {
								readonly type: "array";
								readonly items: {
									readonly type: "string";
									readonly minLength: 1;
								};
								readonly description: "a list of strings";
							};
							readonly humans_only: {
								readonly type: "boolean";
							};
							readonly allow_self: {
								readonly type: "boolean";
							};
							readonly accept: {
								readonly type: "array";
								readonly minItems: 1;
								readonly uniqueItems: true;
								readonly items: {
									readonly enum: readonly [
										"signed",
										"github"
									];
								};
							};
						};
					};
				};
			};
			readonly rules: {
				readonly type: "array";
				readonly items: {
					readonly type: "object";
					readonly additionalProperties: false;
					readonly required: readonly [
						"match",
						"max_level"
					];
					readonly properties: {
						readonly match: {
							readonly type: "object";
							readonly additionalProperties: false;
							readonly properties: {
								readonly paths: {
									readonly type: "array";
									readonly items: {
										readonly type: "string";
										readonly minLength: 1;
									};
									readonly description: "a list of strings";
								};
								readonly services: {
									readonly type: "array";
									readonly items: {
										readonly type: "string";
										readonly minLength: 1;
									};
									readonly description: "a list of strings";
								};
								readonly regions: {
									readonly type: "array";
									readonly items: {
										readonly type: "string";
										readonly minLength: 1;
									};
									readonly description: "a list of strings";
								};
								readonly kinds: {
									readonly type: "array";
									readonly items: {
										readonly enum: readonly [
											"change",
											"recommendation",
											"rollback",
											"killswitch",
											"escalation",
											"policy"
										];
									};
									readonly uniqueItems: true;
								};
							};
						};
						readonly max_level: {
							readonly type: "integer";
							readonly minimum: 0;
							readonly maximum: 4;
							readonly description: "an integer 0..4";
						};
					};
				};
			};
			readonly commits: {
				readonly type: "object";
				readonly additionalProperties: false;
				readonly required: readonly [
					"require_signed"
				];
				readonly properties: {
					readonly require_signed: {
						readonly type: "boolean";
					};
				};
			};
			readonly proposers: {
				readonly type: "object";
				readonly additionalProperties: false;
				readonly required: readonly [
					"accept"
				];
				readonly properties: {
					readonly accept: {
						readonly type: "array";
						readonly minItems: 1;
						readonly uniqueItems: true;
						readonly items: {
							readonly enum: readonly [
								"signed",
								"github"
							];
						};
					};
				};
			};
		};
	};
	readonly quorum: {
		readonly $schema: "https://json-schema.org/draft/2020-12/schema";
		readonly $id: "gatehouse:quorum";
		readonly type: "object";
		readonly additionalProperties: false;
		readonly required: readonly [
			"rules"
		];
		readonly properties: {
			readonly rules: {
				readonly type: "array";
				readonly items: {
					readonly type: "object";
					readonly additionalProperties: false;
					readonly required: readonly [
						"name",
						"when",
						"require"
					];
					readonly properties: {
						readonly name: {
							readonly type: "string";
							readonly minLength: 1;
						};
						readonly when: {
							readonly type: "object";
							readonly additionalProperties: false;
							readonly properties: {
								readonly levels: {
									readonly type: "array";
									readonly items: {
										readonly type: "integer";
										readonly minimum: 0;
										readonly maximum: 4;
										readonly description: "an integer 0..4";
									};
									readonly uniqueItems: true;
								};
								readonly paths: {
									readonly type: "array";
									readonly items: {
										readonly type: "string";
										readonly minLength: 1;
									};
									readonly description: "a list of strings";
								};
								readonly services: {
									readonly type: "array";
									readonly items: {
										readonly type: "string";
										readonly minLength: 1;
									};
									readonly description: "a list of strings";
								};
								readonly kind: {
									readonly enum: readonly [
										"change",
										"recommendation",
										"rollback",
										"killswitch",
										"escalation",
										"policy",
										"override"
									];
								};
								readonly kinds: {
									readonly type: "array";
									readonly items: {
										readonly enum: readonly [
											"change",
											"recommendation",
											"rollback",
											"killswitch",
											"escalation",
											"policy"
										];
									};
									readonly uniqueItems: true;
								};
							};
						};
						readonly require: {
							readonly type: "object";
							readonly additionalProperties: false;
							readonly properties: {
								readonly count: {
									readonly type: "integer";
									readonly minimum: 1;
									readonly description: "a positive integer";
								};
								readonly roles_any: {
									readonly type: "array";
									readonly items: {
										readonly type: "string";
										readonly minLength: 1;
									};
									readonly description: "a list of strings";
								};
								readonly roles_all: {
									readonly type: "array";
									readonly items: {
										readonly type: "string";
										readonly minLength: 1;
									};
									readonly description: "a list of strings";
								};
								readonly humans_only: {
									readonly type: "boolean";
								};
								readonly allow_self: {
									readonly type: "boolean";
								};
								readonly accept: {
									readonly type: "array";
									readonly minItems: 1;
									readonly uniqueItems: true;
									readonly items: {
										readonly enum: readonly [
											"signed",
											"github"
										];
									};
								};
							};
						};
					};
				};
			};
			readonly bootstrap: {
				readonly type: "object";
				readonly additionalProperties: false;
				readonly required: readonly [
					"actors"
				];
				readonly properties: {
					readonly actors: {
						readonly type: "array";
						readonly items: {
							readonly type: "string";
							readonly pattern: "^[a-z0-9][a-z0-9._-]*$";
							readonly description: "an actor id (lower-case letters, digits, \".\", \"_\", \"-\")";
						};
						readonly minItems: 1;
						readonly uniqueItems: true;
					};
				};
			};
		};
	};
	readonly "blast-radius": {
		readonly $schema: "https://json-schema.org/draft/2020-12/schema";
		readonly $id: "gatehouse:blast-radius";
		readonly type: "object";
		readonly additionalProperties: false;
		readonly required: readonly [
			"limits"
		];
		readonly properties: {
			readonly limits: {
				readonly type: "object";
				readonly additionalProperties: false;
				readonly properties: {
					readonly min_allowed: {
						readonly type: "integer";
						readonly minimum: 0;
						readonly description: "a non-negative integer";
					};
					readonly percent: {
						readonly type: "number";
						readonly exclusiveMinimum: 0;
						readonly maximum: 1;
						readonly description: "a fraction 0 < x \u2264 1";
					};
					readonly service: {
						readonly type: "number";
						readonly exclusiveMinimum: 0;
						readonly maximum: 1;
						readonly description: "a fraction 0 < x \u2264 1";
					};
					readonly region: {
						readonly type: "number";
						readonly exclusiveMinimum: 0;
						readonly maximum: 1;
						readonly description: "a fraction 0 < x \u2264 1";
					};
				};
			};
			readonly services: {
				readonly type: "object";
				readonly additionalProperties: {
					readonly type: "object";
					readonly additionalProperties: false;
					readonly required: readonly [
						"max_affected"
					];
					readonly properties: {
						readonly max_affected: {
							readonly type: "integer";
							readonly minimum: 0;
							readonly description: "a non-negative integer";
						};
					};
				};
			};
			readonly regions: {
				readonly type: "object";
				readonly additionalProperties: {
					readonly type: "object";
					readonly additionalProperties: false;
					readonly required: readonly [
						"max_affected"
					];
					readonly properties: {
						readonly max_affected: {
							readonly type: "integer";
							readonly minimum: 0;
							readonly description: "a non-negative integer";
						};
					};
				};
			};
			readonly levels: {
				readonly type: "object";
				readonly additionalProperties: false;
				readonly properties: {
					readonly 0: {
						readonly type: "object";
						readonly additionalProperties: false;
						readonly properties: {
							readonly max_affected: {
								readonly type: "integer";
								readonly minimum: 0;
								readonly description: "a non-negative integer";
							};
							readonly percent: {
								readonly type: "number";
								readonly exclusiveMinimum: 0;
								readonly maximum: 1;
								readonly description: "a fraction 0 < x \u2264 1";
							};
							readonly service: {
								readonly type: "number";
								readonly exclusiveMinimum: 0;
								readonly maximum: 1;
								readonly description: "a fraction 0 < x \u2264 1";
							};
							readonly region: {
								readonly type: "number";
								readonly exclusiveMinimum: 0;
								readonly maximum: 1;
								readonly description: "a fraction 0 < x \u2264 1";
							};
						};
					};
					readonly 1: {
						readonly type: "object";
						readonly additionalProperties: false;
						readonly properties: {
							readonly max_affected: {
								readonly type: "integer";
								readonly minimum: 0;
								readonly description: "a non-negative integer";
							};
							readonly percent: {
								readonly type: "number";
								readonly exclusiveMinimum: 0;
								readonly maximum: 1;
								readonly description: "a fraction 0 < x \u2264 1";
							};
							readonly service: {
								readonly type: "number";
								readonly exclusiveMinimum: 0;
								readonly maximum: 1;
								readonly description: "a fraction 0 < x \u2264 1";
							};
							readonly region: {
								readonly type: "number";
								readonly exclusiveMinimum: 0;
								readonly maximum: 1;
								readonly description: "a fraction 0 < x \u2264 1";
							};
						};
					};
					readonly 2: {
						readonly type: "object";
						readonly additionalProperties: false;
						readonly properties: {
							readonly max_affected: {
								readonly type: "integer";
								readonly minimum: 0;
								readonly description: "a non-negative integer";
							};
							readonly percent: {
								readonly type: "number";
								readonly exclusiveMinimum: 0;
								readonly maximum: 1;
								readonly description: "a fraction 0 < x \u2264 1";
							};
							readonly service: {
								readonly type: "number";
								readonly exclusiveMinimum: 0;
								readonly maximum: 1;
								readonly description: "a fraction 0 < x \u2264 1";
							};
							readonly region: {
								readonly type: "number";
								readonly exclusiveMinimum: 0;
								readonly maximum: 1;
								readonly description: "a fraction 0 < x \u2264 1";
							};
						};
					};
					readonly 3: {
						readonly type: "object";
						readonly additionalProperties: false;
						readonly properties: {
							readonly max_affected: {
								readonly type: "integer";
								readonly minimum: 0;
								readonly description: "a non-negative integer";
							};
							readonly percent: {
								readonly type: "number";
								readonly exclusiveMinimum: 0;
								readonly maximum: 1;
								readonly description: "a fraction 0 < x \u2264 1";
							};
							readonly service: {
								readonly type: "number";
								readonly exclusiveMinimum: 0;
								readonly maximum: 1;
								readonly description: "a fraction 0 < x \u2264 1";
							};
							readonly region: {
								readonly type: "number";
								readonly exclusiveMinimum: 0;
								readonly maximum: 1;
								readonly description: "a fraction 0 < x \u2264 1";
							};
						};
					};
					readonly 4: {
						readonly type: "object";
						readonly additionalProperties: false;
						readonly properties: {
							readonly max_affected: {
								readonly type: "integer";
								readonly minimum: 0;
								readonly description: "a non-negative integer";
							};
							readonly percent: {
								readonly type: "number";
								readonly exclusiveMinimum: 0;
								readonly maximum: 1;
								readonly description: "a fraction 0 < x \u2264 1";
							};
							readonly service: {
								readonly type: "number";
								readonly exclusiveMinimum: 0;
								readonly maximum: 1;
								readonly description: "a fraction 0 < x \u2264 1";
							};
							readonly region: {
								readonly type: "number";
								readonly exclusiveMinimum: 0;
								readonly maximum: 1;
								readonly description: "a fraction 0 < x \u2264 1";
							};
						};
					};
				};
			};
			readonly window: {
				readonly type: "object";
				readonly additionalProperties: false;
				readonly required: readonly [
					"duration",
					"levels"
				];
				readonly properties: {
					readonly duration: {
						readonly type: "string";
						readonly pattern: "^(?=\\d)(\\d+d)?(\\d+h)?(\\d+m)?(\\d+s)?(\\d+ms)?$";
						readonly description: "a duration like 30s, 30m, 1h or 2h30m";
					};
					readonly levels: {
						readonly type: "array";
						readonly items: {
							readonly type: "integer";
							readonly minimum: 0;
							readonly maximum: 4;
							readonly description: "an integer 0..4";
						};
						readonly uniqueItems: true;
					};
				};
			};
		};
	};
	readonly "incident-policy": {
		readonly $schema: "https://json-schema.org/draft/2020-12/schema";
		readonly $id: "gatehouse:incident-policy";
		readonly type: "object";
		readonly additionalProperties: false;
		readonly properties: {
			readonly detection: {
				readonly type: "object";
				readonly additionalProperties: false;
				readonly properties: {
					readonly confirmation: {
						readonly type: "string";
						readonly pattern: "^(?=\\d)(\\d+d)?(\\d+h)?(\\d+m)?(\\d+s)?(\\d+ms)?$";
						readonly description: "a duration like 30s, 30m, 1h or 2h30m";
					};
					readonly baseline_window: {
						readonly type: "string";
						readonly pattern: "^(?=\\d)(\\d+d)?(\\d+h)?(\\d+m)?(\\d+s)?(\\d+ms)?$";
						readonly description: "a duration like 30s, 30m, 1h or 2h30m";
					};
					readonly error_rate_multiplier: {
						readonly type: "number";
						readonly exclusiveMinimum: 0;
						readonly description: "a positive number";
					};
					readonly latency_multiplier: {
						readonly type: "number";
						readonly exclusiveMinimum: 0;
						readonly description: "a positive number";
					};
					readonly resource_threshold: {
						readonly type: "number";
						readonly exclusiveMinimum: 0;
						readonly maximum: 1;
						readonly description: "a fraction 0 < x \u2264 1";
					};
				};
			};
			readonly severities: {
				readonly type: "object";
				readonly additionalProperties: false;
				readonly properties: {
					readonly critical: {
						readonly type: "object";
						readonly additionalProperties: false;
						readonly required: readonly [
							"response_time",
							"owner"
						];
						readonly properties: {
							readonly response_time: {
								readonly type: "string";
								readonly pattern: "^(?=\\d)(\\d+d)?(\\d+h)?(\\d+m)?(\\d+s)?(\\d+ms)?$";
								readonly description: "a duration like 30s, 30m, 1h or 2h30m";
							};
							readonly owner: {
								readonly type: "string";
								readonly minLength: 1;
							};
						};
					};
					readonly high: {
						readonly type: "object";
						readonly additionalProperties: false;
						readonly required: readonly [
							"response_time",
							"owner"
						];
						readonly properties: {
							readonly response_time: {
								readonly type: "string";
								readonly pattern: "^(?=\\d)(\\d+d)?(\\d+h)?(\\d+m)?(\\d+s)?(\\d+ms)?$";
								readonly description: "a duration like 30s, 30m, 1h or 2h30m";
							};
							readonly owner: {
								readonly type: "string";
								readonly minLength: 1;
							};
						};
					};
					readonly medium: {
						readonly type: "object";
						readonly additionalProperties: false;
						readonly required: readonly [
							"response_time",
							"owner"
						];
						readonly properties: {
							readonly response_time: {
								readonly type: "string";
								readonly pattern: "^(?=\\d)(\\d+d)?(\\d+h)?(\\d+m)?(\\d+s)?(\\d+ms)?$";
								readonly description: "a duration like 30s, 30m, 1h or 2h30m";
							};
							readonly owner: {
								readonly type: "string";
								readonly minLength: 1;
							};
						};
					};
					readonly low: {
						readonly type: "object";
						readonly additionalProperties: false;
						readonly required: readonly [
							"response_time",
							"owner"
						];
						readonly properties: {
							readonly response_time: {
								readonly type: "string";
								readonly pattern: "^(?=\\d)(\\d+d)?(\\d+h)?(\\d+m)?(\\d+s)?(\\d+ms)?$";
								readonly description: "a duration like 30s, 30m, 1h or 2h30m";
							};
							readonly owner: {
								readonly type: "string";
								readonly minLength: 1;
							};
						};
					};
				};
			};
			readonly playbooks: {
				readonly type: "object";
				readonly additionalProperties: {
					readonly type: "object";
					readonly additionalProperties: false;
					readonly required: readonly [
						"steps"
					];
					readonly properties: {
						readonly steps: {
							readonly minItems: 1;
							readonly type: "array";
							readonly items: {
								readonly type: "string";
								readonly minLength: 1;
							};
							readonly description: "a list of strings";
						};
						readonly severity: {
							readonly enum: readonly [
								"critical",
								"high",
								"medium",
								"low"
							];
						};
						readonly owner: {
							readonly type: "string";
							readonly minLength: 1;
						};
					};
				};
			};
			readonly monitor: {
				readonly type: "object";
				readonly additionalProperties: false;
				readonly properties: {
					readonly heartbeat: {
						readonly type: "string";
						readonly pattern: "^(?=\\d)(\\d+d)?(\\d+h)?(\\d+m)?(\\d+s)?(\\d+ms)?$";
						readonly description: "a duration like 30s, 30m, 1h or 2h30m";
					};
				};
			};
			readonly mttr_target: {
				readonly type: "string";
				readonly pattern: "^(?=\\d)(\\d+d)?(\\d+h)?(\\d+m)?(\\d+s)?(\\d+ms)?$";
				readonly description: "a duration like 30s, 30m, 1h or 2h30m";
			};
		};
	};
	readonly "kill-switches": {
		readonly $schema: "https://json-schema.org/draft/2020-12/schema";
		readonly $id: "gatehouse:kill-switches";
		readonly type: "object";
		readonly additionalProperties: false;
		readonly required: readonly [
			"switches"
		];
		readonly properties: {
			readonly switches: {
				readonly type: "array";
				readonly items: {
					readonly type: "object";
					readonly additionalProperties: false;
					readonly required: readonly [
						"id",
						"blocks"
					];
					readonly properties: {
						readonly id: {
							readonly type: "string";
							readonly pattern: "^[a-z0-9][a-z0-9._-]*$";
							readonly description: "a switch id (lower-case letters, digits, \".\", \"_\", \"-\")";
						};
						readonly description: {
							readonly type: "string";
							readonly minLength: 1;
						};
						readonly blocks: {
							readonly type: "object";
							readonly additionalProperties: false;
							readonly properties: {
								readonly levels: {
									readonly type: "array";
									readonly items: {
										readonly type: "integer";
										readonly minimum: 0;
										readonly maximum: 4;
										readonly description: "an integer 0..4";
									};
									readonly uniqueItems: true;
								};
								readonly paths: {
									readonly type: "array";
									readonly items: {
										readonly type: "string";
										readonly minLength: 1;
									};
									readonly description: "a list of strings";
								};
								readonly services: {
									readonly type: "array";
									readonly items: {
										readonly type: "string";
										readonly minLength: 1;
									};
									readonly description: "a list of strings";
								};
								readonly regions: {
									readonly type: "array";
									readonly items: {
										readonly type: "string";
										readonly minLength: 1;
									};
									readonly description: "a list of strings";
								};
								readonly kinds: {
									readonly type: "array";
									readonly items: {
										readonly enum: readonly [
											"change",
											"recommendation",
											"rollback",
											"killswitch",
											"escalation",
											"policy"
										];
									};
									readonly uniqueItems: true;
								};
							};
						};
						readonly flippers: {
							readonly type: "object";
							readonly additionalProperties: false;
							readonly properties: {
								readonly count: {
									readonly type: "integer";
									readonly minimum: 1;
									readonly description: "a positive integer";
								};
								readonly roles_any: {
									readonly type: "array";
									readonly items: {
										readonly type: "string";
										readonly minLength: 1;
									};
									readonly description: "a list of strings";
								};
								readonly roles_all: {
									readonly type: "array";
									readonly items: {
										readonly type: "string";
										readonly minLength: 1;
									};
									readonly description: "a list of strings";
								};
								readonly humans_only: {
									readonly type: "boolean";
								};
								readonly allow_self: {
									readonly type: "boolean";
								};
								readonly accept: {
									readonly type: "array";
									readonly minItems: 1;
									readonly uniqueItems: true;
									readonly items: {
										readonly enum: readonly [
											"signed",
											"github"
										];
									};
								};
							};
						};
					};
				};
			};
		};
	};
	readonly state: {
		readonly $schema: "https://json-schema.org/draft/2020-12/schema";
		readonly $id: "gatehouse:state";
		readonly type: "object";
		readonly additionalProperties: false;
		readonly required: readonly [
			"resources"
		];
		readonly properties: {
			readonly service: {
				readonly type: "string";
				readonly pattern: "^[A-Za-z0-9][A-Za-z0-9._:-]*$";
				readonly description: `${string} (letters, digits, ".", "_", ":", "-"; no "/" or spaces)`;
			};
			readonly region: {
				readonly type: "string";
				readonly pattern: "^[A-Za-z0-9][A-Za-z0-9._:-]*$";
				readonly description: `${string} (letters, digits, ".", "_", ":", "-"; no "/" or spaces)`;
			};
			readonly resources: {
				readonly type: "array";
				readonly items: {
					readonly type: "object";
					readonly additionalProperties: false;
					readonly required: readonly [
						"id"
					];
					readonly properties: {
						readonly id: {
							readonly type: "string";
							readonly pattern: "^[A-Za-z0-9][A-Za-z0-9._:-]*$";
							readonly description: `${string} (letters, digits, ".", "_", ":", "-"; no "/" or spaces)`;
						};
						readonly service: {
							readonly type: "string";
							readonly pattern: "^[A-Za-z0-9][A-Za-z0-9._:-]*$";
							readonly description: `${string} (letters, digits, ".", "_", ":", "-"; no "/" or spaces)`;
						};
						readonly region: {
							readonly type: "string";
							readonly pattern: "^[A-Za-z0-9][A-Za-z0-9._:-]*$";
							readonly description: `${string} (letters, digits, ".", "_", ":", "-"; no "/" or spaces)`;
						};
						readonly spec: {};
					};
				};
			};
		};
	};
	readonly change: {
		readonly $schema: "https://json-schema.org/draft/2020-12/schema";
		readonly $id: "gatehouse:change";
		readonly type: "object";
		readonly additionalProperties: false;
		readonly required: readonly [
			"id",
			"kind",
			"title",
			"proposer",
			"level",
			"proposed_at"
		];
		readonly properties: {
			readonly id: {
				readonly type: "string";
				readonly pattern: "^[A-Z][A-Z0-9]*-[0-9A-Za-z-]+$";
				readonly description: "a change id like CHG-0042";
			};
			readonly kind: {
				readonly enum: readonly [
					"change",
					"recommendation",
					"rollback",
					"killswitch",
					"escalation",
					"policy"
				];
			};
			readonly title: {
				readonly type: "string";
				readonly minLength: 1;
			};
			readonly proposer: {
				readonly type: "string";
				readonly pattern: "^[a-z0-9][a-z0-9._-]*$";
				readonly description: "an actor id (lower-case letters, digits, \".\", \"_\", \"-\")";
			};
			readonly level: {
				readonly type: "integer";
				readonly minimum: 0;
				readonly maximum: 4;
				readonly description: "an integer 0..4";
			};
			readonly proposed_at: {
				readonly type: "string";
				readonly format: "date-time";
				readonly pattern: "^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|[+-]\\d{2}:\\d{2})$";
				readonly description: "an RFC 3339 time with a zone, like 2026-01-18T14:00:00Z";
			};
			readonly justification: {
				readonly type: "string";
				readonly minLength: 1;
			};
			readonly related: {
				readonly type: "object";
				readonly additionalProperties: false;
				readonly properties: {
					readonly incident: {
						readonly type: "string";
						readonly pattern: "^INC-\\d{8}-\\d{6}$";
						readonly description: "an incident id like INC-20260118-143045";
					};
					readonly reverts: {
						readonly type: readonly [
							"integer",
							"array"
						];
						readonly minimum: 0;
						readonly items: {
							readonly type: "integer";
							readonly minimum: 0;
							readonly description: "a ledger seq (non-negative integer)";
						};
						readonly minItems: 1;
						readonly description: "a ledger seq or a list of them";
					};
					readonly override: {
						readonly type: "string";
						readonly pattern: "^[A-Z][A-Z0-9]*-[0-9A-Za-z-]+$";
						readonly description: "a change id like CHG-0042";
					};
				};
			};
			readonly killswitch: {
				readonly type: "object";
				readonly additionalProperties: false;
				readonly required: readonly [
					"id",
					"action"
				];
				readonly properties: {
					readonly id: {
						readonly type: "string";
						readonly minLength: 1;
					};
					readonly action: {
						readonly enum: readonly [
							"activate",
							"deactivate"
						];
					};
				};
			};
			readonly escalation: {
				readonly type: "object";
				readonly additionalProperties: false;
				readonly required: readonly [
					"actor",
					"level"
				];
				readonly properties: {
					readonly actor: {
						readonly type: "string";
						readonly pattern: "^[a-z0-9][a-z0-9._-]*$";
						readonly description: "an actor id (lower-case letters, digits, \".\", \"_\", \"-\")";
					};
					readonly level: {
						readonly type: "integer";
						readonly minimum: 0;
						readonly maximum: 4;
						readonly description: "an integer 0..4";
					};
					readonly ttl: {
						readonly type: "string";
						readonly pattern: "^(?=\\d)(\\d+d)?(\\d+h)?(\\d+m)?(\\d+s)?(\\d+ms)?$";
						readonly description: "a duration like 30s, 30m, 1h or 2h30m";
					};
				};
			};
			readonly signature: {
				readonly type: "object";
				readonly additionalProperties: false;
				readonly required: readonly [
					"type",
					"value"
				];
				readonly properties: {
					readonly type: {
						readonly enum: readonly [
							"openpgp",
							"ssh"
						];
					};
					readonly value: {
						readonly type: "string";
						readonly minLength: 1;
					};
				};
			};
		};
	};
	readonly approval: {
		readonly $schema: "https://json-schema.org/draft/2020-12/schema";
		readonly $id: "gatehouse:approval";
		readonly type: "object";
		readonly additionalProperties: false;
		readonly required: readonly [
			"change",
			"digest",
			"actor",
			"decision",
			"ts",
			"signature"
		];
		readonly properties: {
			readonly change: {
				readonly type: "string";
				readonly pattern: "^[A-Z][A-Z0-9]*-[0-9A-Za-z-]+$";
				readonly description: "a change id like CHG-0042";
			};
			readonly digest: {
				readonly type: "string";
				readonly pattern: "^sha256:[0-9a-f]{64}$";
				readonly description: "a digest like sha256:<64 hex digits>";
			};
			readonly actor: {
				readonly type: "string";
				readonly pattern: "^[a-z0-9][a-z0-9._-]*$";
				readonly description: "an actor id (lower-case letters, digits, \".\", \"_\", \"-\")";
			};
			readonly decision: {
				readonly enum: readonly [
					"approve",
					"reject"
				];
			};
			readonly role: {
				readonly type: "string";
				readonly minLength: 1;
			};
			readonly ts: {
				readonly type: "string";
				readonly format: "date-time";
				readonly pattern: "^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|[+-]\\d{2}:\\d{2})$";
				readonly description: "an RFC 3339 time with a zone, like 2026-01-18T14:00:00Z";
			};
			readonly comment: {
				readonly type: "string";
			};
			readonly signature: {
				readonly type: "object";
				readonly additionalProperties: false;
				readonly required: readonly [
					"type",
					"value"
				];
				readonly properties: {
					readonly type: {
						readonly enum: readonly [
							"openpgp",
							"ssh"
						];
					};
					readonly value: {
						readonly type: "string";
						readonly minLength: 1;
					};
				};
			};
		};
	};
	readonly override: {
		readonly $schema: "https://json-schema.org/draft/2020-12/schema";
		readonly $id: "gatehouse:override";
		readonly type: "object";
		readonly additionalProperties: false;
		readonly required: readonly [
			"id",
			"change",
			"checks",
			"reason",
			"impact",
			"requested_by",
			"requested_at",
			"expires_at",
			"post_mortem_due"
		];
		readonly properties: {
			readonly id: {
				readonly description: "an override id like OVR-0001";
				readonly type: "string";
				readonly pattern: "^[A-Z][A-Z0-9]*-[0-9A-Za-z-]+$";
			};
			readonly change: {
				readonly type: "string";
				readonly pattern: "^[A-Z][A-Z0-9]*-[0-9A-Za-z-]+$";
				readonly description: "a change id like CHG-0042";
			};
			readonly checks: {
				readonly minItems: 1;
				readonly uniqueItems: true;
				readonly type: "array";
				readonly items: {
					readonly type: "string";
					readonly minLength: 1;
				};
				readonly description: "a list of strings";
			};
			readonly reason: {
				readonly type: "string";
				readonly minLength: 1;
			};
			readonly impact: {
				readonly enum: readonly [
					"critical",
					"high",
					"medium",
					"low"
				];
			};
			readonly requested_by: {
				readonly type: "string";
				readonly pattern: "^[a-z0-9][a-z0-9._-]*$";
				readonly description: "an actor id (lower-case letters, digits, \".\", \"_\", \"-\")";
			};
			readonly requested_at: {
				readonly type: "string";
				readonly format: "date-time";
				readonly pattern: "^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|[+-]\\d{2}:\\d{2})$";
				readonly description: "an RFC 3339 time with a zone, like 2026-01-18T14:00:00Z";
			};
			readonly expires_at: {
				readonly type: "string";
				readonly format: "date-time";
				readonly pattern: "^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|[+-]\\d{2}:\\d{2})$";
				readonly description: "an RFC 3339 time with a zone, like 2026-01-18T14:00:00Z";
			};
			readonly post_mortem_due: {
				readonly type: "string";
				readonly format: "date-time";
				readonly pattern: "^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|[+-]\\d{2}:\\d{2})$";
				readonly description: "an RFC 3339 time with a zone, like 2026-01-18T14:00:00Z";
			};
			readonly change_digest: {
				readonly description: "sha256:<hex> change digest of the change it covers (gatehouse override new --base/--head)";
				readonly type: "string";
				readonly pattern: "^sha256:[0-9a-f]{64}$";
			};
			readonly signature: {
				readonly type: "object";
				readonly additionalProperties: false;
				readonly required: readonly [
					"type",
					"value"
				];
				readonly properties: {
					readonly type: {
						readonly enum: readonly [
							"openpgp",
							"ssh"
						];
					};
					readonly value: {
						readonly type: "string";
						readonly minLength: 1;
					};
				};
			};
		};
	};
	readonly "override-signature": {
		readonly $schema: "https://json-schema.org/draft/2020-12/schema";
		readonly $id: "gatehouse:override-signature";
		readonly type: "object";
		readonly additionalProperties: false;
		readonly required: readonly [
			"override",
			"actor",
			"role",
			"decision",
			"ts",
			"signature"
		];
		readonly properties: {
			readonly override: {
				readonly description: "an override id like OVR-0001";
				readonly type: "string";
				readonly pattern: "^[A-Z][A-Z0-9]*-[0-9A-Za-z-]+$";
			};
			readonly actor: {
				readonly type: "string";
				readonly pattern: "^[a-z0-9][a-z0-9._-]*$";
				readonly description: "an actor id (lower-case letters, digits, \".\", \"_\", \"-\")";
			};
			readonly role: {
				readonly type: "string";
				readonly minLength: 1;
			};
			readonly decision: {
				readonly enum: readonly [
					"approve",
					"reject"
				];
			};
			readonly ts: {
				readonly type: "string";
				readonly format: "date-time";
				readonly pattern: "^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|[+-]\\d{2}:\\d{2})$";
				readonly description: "an RFC 3339 time with a zone, like 2026-01-18T14:00:00Z";
			};
			readonly digest: {
				readonly description: "sha256:<hex> of JCS(override.yaml without its signature)";
				readonly type: "string";
				readonly pattern: "^sha256:[0-9a-f]{64}$";
			};
			readonly signature: {
				readonly type: "object";
				readonly additionalProperties: false;
				readonly required: readonly [
					"type",
					"value"
				];
				readonly properties: {
					readonly type: {
						readonly enum: readonly [
							"openpgp",
							"ssh"
						];
					};
					readonly value: {
						readonly type: "string";
						readonly minLength: 1;
					};
				};
			};
		};
	};
	readonly incident: {
		readonly $schema: "https://json-schema.org/draft/2020-12/schema";
		readonly $id: "gatehouse:incident";
		readonly type: "object";
		readonly additionalProperties: false;
		readonly required: readonly [
			"id",
			"type",
			"severity",
			"started_at",
			"detected_at",
			"operator",
			"documented_at"
		];
		readonly properties: {
			readonly id: {
				readonly type: "string";
				readonly pattern: "^INC-\\d{8}-\\d{6}$";
				readonly description: "an incident id like INC-20260118-143045";
			};
			readonly type: {
				readonly type: "string";
				readonly minLength: 1;
			};
			readonly severity: {
				readonly enum: readonly [
					"critical",
					"high",
					"medium",
					"low"
				];
			};
			readonly started_at: {
				readonly type: "string";
				readonly format: "date-time";
				readonly pattern: "^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|[+-]\\d{2}:\\d{2})$";
				readonly description: "an RFC 3339 time with a zone, like 2026-01-18T14:00:00Z";
			};
			readonly detected_at: {
				readonly type: "string";
				readonly format: "date-time";
				readonly pattern: "^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|[+-]\\d{2}:\\d{2})$";
				readonly description: "an RFC 3339 time with a zone, like 2026-01-18T14:00:00Z";
			};
			readonly resolved_at: {
				readonly type: readonly [
					"string",
					"null"
				];
				readonly format: "date-time";
				readonly pattern: "^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|[+-]\\d{2}:\\d{2})$";
				readonly description: "an RFC 3339 time with a zone, or null while unresolved";
			};
			readonly operator: {
				readonly type: "string";
				readonly pattern: "^[a-z0-9][a-z0-9._-]*$";
				readonly description: "an actor id (lower-case letters, digits, \".\", \"_\", \"-\")";
			};
			readonly documented_at: {
				readonly type: "string";
				readonly format: "date-time";
				readonly pattern: "^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|[+-]\\d{2}:\\d{2})$";
				readonly description: "an RFC 3339 time with a zone, like 2026-01-18T14:00:00Z";
			};
			readonly services: {
				readonly type: "array";
				readonly items: {
					readonly type: "string";
					readonly minLength: 1;
				};
				readonly description: "a list of strings";
			};
			readonly regions: {
				readonly type: "array";
				readonly items: {
					readonly type: "string";
					readonly minLength: 1;
				};
				readonly description: "a list of strings";
			};
			readonly culprit: {
				readonly type: "integer";
				readonly minimum: 0;
				readonly description: "the ledger seq of the causing entry";
			};
			readonly overrides: {
				readonly description: "an override id like OVR-0001";
				readonly type: "string";
				readonly pattern: "^[A-Z][A-Z0-9]*-[0-9A-Za-z-]+$";
			};
			readonly amends: {
				readonly type: "string";
				readonly pattern: "^INC-\\d{8}-\\d{6}$";
				readonly description: "an incident id like INC-20260118-143045";
			};
		};
	};
	readonly "ledger-entry": {
		readonly $schema: "https://json-schema.org/draft/2020-12/schema";
		readonly $id: "gatehouse:ledger-entry";
		readonly type: "object";
		readonly additionalProperties: false;
		readonly required: readonly [
			"v",
			"seq",
			"prev",
			"ts",
			"type",
			"actor",
			"body"
		];
		readonly properties: {
			readonly v: {
				readonly const: 1;
			};
			readonly seq: {
				readonly type: "integer";
				readonly minimum: 0;
				readonly description: "a non-negative integer";
			};
			readonly prev: {
				readonly type: "string";
				readonly pattern: "^sha256:[0-9a-f]{64}$";
				readonly description: "a digest like sha256:<64 hex digits>";
			};
			readonly ts: {
				readonly type: "string";
				readonly format: "date-time";
				readonly pattern: "^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|[+-]\\d{2}:\\d{2})$";
				readonly description: "an RFC 3339 time with a zone, like 2026-01-18T14:00:00Z";
			};
			readonly type: {
				readonly enum: readonly [
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
			};
			readonly actor: {
				readonly type: "string";
				readonly minLength: 1;
			};
			readonly level: {
				readonly type: "integer";
				readonly minimum: 0;
				readonly maximum: 4;
				readonly description: "an integer 0..4";
			};
			readonly subject: {
				readonly type: "object";
				readonly additionalProperties: false;
				readonly properties: {
					readonly change: {
						readonly type: "string";
						readonly minLength: 1;
					};
					readonly commit: {
						readonly type: "string";
						readonly pattern: "^[0-9a-f]{40}([0-9a-f]{24})?$";
						readonly description: "a git commit id";
					};
					readonly pr: {
						readonly type: "integer";
						readonly minimum: 1;
						readonly description: "a pull request number";
					};
					readonly incident: {
						readonly type: "string";
						readonly minLength: 1;
					};
					readonly override: {
						readonly type: "string";
						readonly minLength: 1;
					};
					readonly alert: {
						readonly type: "string";
						readonly minLength: 1;
					};
				};
			};
			readonly body: {
				readonly type: "object";
			};
		};
	};
	readonly checkpoint: {
		readonly $schema: "https://json-schema.org/draft/2020-12/schema";
		readonly $id: "gatehouse:checkpoint";
		readonly type: "object";
		readonly additionalProperties: false;
		readonly required: readonly [
			"origin",
			"size",
			"root",
			"signatures"
		];
		readonly properties: {
			readonly origin: {
				readonly type: "string";
				readonly minLength: 1;
			};
			readonly size: {
				readonly type: "integer";
				readonly minimum: 0;
				readonly description: "the tree size (a non-negative integer)";
			};
			readonly root: {
				readonly type: "string";
				readonly pattern: string;
				readonly description: string;
			};
			readonly signatures: {
				readonly type: "array";
				readonly minItems: 1;
				readonly items: {
					readonly type: "object";
					readonly additionalProperties: false;
					readonly required: readonly [
						"name",
						"key_id",
						"signature"
					];
					readonly properties: {
						readonly name: {
							readonly type: "string";
							readonly pattern: "^[^\\s+]+$";
							readonly description: "a key name without spaces or \"+\"";
						};
						readonly key_id: {
							readonly type: "string";
							readonly pattern: "^[0-9a-f]{8}$";
							readonly description: "a 4-byte key id in hex";
						};
						readonly signature: {
							readonly type: "string";
							readonly pattern: string;
							readonly description: string;
						};
					};
				};
			};
		};
	};
	readonly witnesses: {
		readonly $schema: "https://json-schema.org/draft/2020-12/schema";
		readonly $id: "gatehouse:witnesses";
		readonly type: "object";
		readonly additionalProperties: false;
		readonly required: readonly [
			"witnesses",
			"quorum"
		];
		readonly properties: {
			readonly witnesses: {
				readonly type: "array";
				readonly minItems: 1;
				readonly items: {
					readonly type: "object";
					readonly additionalProperties: false;
					readonly required: readonly [
						"name",
						"key"
					];
					readonly properties: {
						readonly name: {
							readonly type: "string";
							readonly pattern: "^[^\\s+]+$";
							readonly description: "a witness name (its key name: no spaces or \"+\")";
						};
						readonly key: {
							readonly type: "string";
							readonly pattern: "^[^\\s+]+\\+[0-9a-f]{8}\\+[A-Za-z0-9+/]+={0,2}$";
							readonly description: "a signed-note verifier key <name>+<hex key id>+<base64 key>";
						};
						readonly url: {
							readonly type: "string";
							readonly pattern: "^https?://[^\\s]+$";
							readonly description: "the tlog-witness submission prefix (an http or https URL)";
						};
					};
				};
			};
			readonly quorum: {
				readonly type: "integer";
				readonly minimum: 1;
				readonly description: "how many of the listed witnesses must cosign (an integer \u2265 1)";
			};
		};
	};
};
export type SchemaKind = keyof typeof SCHEMAS;
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
export declare function sign(request: SignRequest, ports: SignPorts): Promise<SignResult>;
export interface FieldChange {
	path: string;
	before?: Json;
	after?: Json;
}
/** A state diff, per resource: what appears, what goes, and which fields change. */
export interface StateDiff {
	created: string[];
	deleted: string[];
	updated: {
		key: string;
		changes: FieldChange[];
	}[];
}
export interface Simulation {
	ops: Op[];
	before: GovernedState;
	after: GovernedState;
	affected: AffectedSummary;
	diff: StateDiff;
}
export interface ChangeSimulation {
	change?: string;
	level?: number;
	/** Where the base state came from. */
	from: "ledger" | "state";
	ledgerSize: number;
	sim: Simulation;
	blastRadius: ResultNode;
	resources: {
		base: number;
		after: number;
	};
}
export type SimulateRequest = {
	base: string;
	head: string;
	now: Date;
} | {
	baseState: string;
	headState: string;
};
export interface SimulatePorts {
	repo: RepositoryPort;
	work: WorkTreePort;
}
export type SimulateResult = ({
	kind: "change";
} & ChangeSimulation) | {
	kind: "trees";
	sim: Simulation;
	resources: {
		base: number;
		head: number;
	};
};
export declare function runSimulation(request: SimulateRequest, ports: SimulatePorts): Promise<SimulateResult>;
export interface ValidateRepoPorts {
	work: TreeReader;
}
export type ValidateRepoRequest = Record<string, never>;
export interface ValidateRepoResult {
	/** The governed files checked, by repository path. */
	files: string[];
	problems: Problem[];
}
export declare function validateRepo(_request: ValidateRepoRequest, ports: ValidateRepoPorts): Promise<ValidateRepoResult>;
export interface VerifyHistoryOutcome {
	/** Exit code contribution: 0 clean, 1 a violation (DESIGN §5). */
	code: 0 | 1;
	/** `history`: one failing child per finding, numbers {commits, entries, findings}. */
	node: ResultNode;
	result: HistoryResult;
	ref: string;
	ledgerDir: string;
	/** One line per finding plus a summary line, for text output. */
	lines: string[];
}
export interface VerifyLedgerRequest {
	/** `--history`: prove the git history or fail (exit 2 where it cannot be done). */
	history: boolean;
	/** `--no-history`: skip the git history proof. */
	noHistory: boolean;
	/** `--since`: a size or a note file, and that file resolved against the caller's working directory. */
	since?: {
		arg: string;
		outside: string;
	};
	witnessedOnly: boolean;
	/** The command's usage line, for usage errors. */
	usage: string;
}
/** A progress display, started only for a ledger of more than one segment. */
export interface VerifyProgress {
	start(total: number): void;
	update(done: number, total: number): void;
	stop(): void;
}
export interface VerifyLedgerPorts {
	workTree: TreeReader & Pick<WorkTree, "root" | "readText" | "readBytes">;
	/** The ledger's files as the verifier reads them (src/store/ledger-files.ts). */
	ledgerFiles(layout: RepoLayout): Promise<LedgerFiles$1>;
	git: Pick<GitCommits, "isRepository" | "isShallow" | "resolve" | "tree" | "ledgerHistory">;
	progress?: VerifyProgress;
}
export interface VerifyLedgerResult {
	ok: boolean;
	report: VerifyReport;
	/** Segment files read. */
	segments: number;
	/** The report's findings, then the git history's. */
	findings: Finding[];
	notes: string[];
	history?: VerifyHistoryOutcome;
}
export declare function verifyLedgerUseCase(request: VerifyLedgerRequest, ports: VerifyLedgerPorts): Promise<VerifyLedgerResult>;
export interface WitnessAddCheckpointPorts {
	/** The work tree, for the layout and the witness policy. */
	work: TreeReader;
	notes: WitnessNotes;
	/** The HTTP boundary (fetch in production, a loopback server in tests). */
	post: HttpPost;
}
export interface WitnessAddCheckpointRequest {
	/** Ask only these witnesses (`--witness`); every witness with a URL when absent. */
	only?: readonly string[];
	timeoutMs: number;
}
export interface WitnessAddCheckpointResult extends AddToRepoResult {
	/** The policy's quorum. */
	quorum: number;
}
export declare function witnessAddCheckpoint(request: WitnessAddCheckpointRequest, ports: WitnessAddCheckpointPorts): Promise<WitnessAddCheckpointResult>;
export interface ManifestPorts {
	workTree: WorkTree;
	/** Present when a signing key was given: the manifest is signed by it. */
	signer?: OpenSigner;
}
export interface WrittenManifest {
	file: string;
	manifest: ChangeManifest;
	/** Fingerprint of the key that signed it, when signed. */
	signedBy?: string;
}
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
export type NoteFailure = "format" | "unknown-key" | "bad-signature";
/** A note or key that failed to parse or verify, with the reason as data. */
export declare class NoteError extends Error {
	readonly kind: NoteFailure;
	constructor(kind: NoteFailure, message: string);
}
export interface NoteVerifier {
	name: string;
	keyId: number;
	publicKey: Buffer;
	key: KeyObject;
}
export interface NoteSigner {
	name: string;
	keyId: number;
	publicKey: Buffer;
	key: KeyObject;
}
export interface NoteSignature {
	name: string;
	keyId: number;
	/** The signature bytes after the 4-byte key ID. */
	sig: Buffer;
}
/** signed-note § Ed25519: key ID = SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key)[:4], big-endian. */
export declare function keyIdFor(name: string, publicKey: Uint8Array): number;
/** A fresh Ed25519 key pair as note key texts. */
export declare function generateNoteKey(name: string): {
	signerKey: string;
	verifierKey: string;
};
/** Parses `<name>+<hex id>+<base64(0x01 ‖ pubkey)>`, checking that the ID matches the key. */
export declare function parseVerifierKey(text: string): NoteVerifier;
/** Parses `PRIVATE+KEY+<name>+<hex id>+<base64(0x01 ‖ seed)>`, checking that the ID matches the key. */
export declare function parseSignerKey(text: string): NoteSigner;
/** The verifier key text that goes with a signer key text. */
export declare function verifierKeyOf(signerKey: string): string;
/**
 * The text of a note file, decoded with a fatal UTF-8 decoder (a BOM is kept, so the text re-encodes to the
 * bytes that were signed). Bytes that are not UTF-8 are NoteError('format') naming the first bad byte.
 */
export declare function decodeNote(bytes: Uint8Array, what?: string): string;
/** Signs `text` (which must end in a newline) and returns the signed note. */
export declare function signNote(text: string, signer: NoteSigner | string): string;
/** Splits a signed note into its text and signature lines; throws NoteError('format') naming the first problem. */
export declare function parseNote(note: string): {
	text: string;
	signatures: NoteSignature[];
};
/**
 * Opens a note against the known verifiers (signed-note § Signatures): signatures from unknown keys
 * are ignored; a known key's signature that fails rejects the whole note; at least one must verify.
 */
export declare function openNote(note: string, verifiers: readonly NoteVerifier[]): string;
export type Checkpoint = CheckpointFields;
export type CheckpointVerification = {
	ok: true;
	checkpoint: Checkpoint;
} | {
	ok: false;
	failure: NoteFailure;
	message: string;
	checkpoint?: Checkpoint;
};
/** A fresh checkpoint key pair; `name` is the key name (conventionally the ledger origin). */
export declare function generateCheckpointKey(name: string): {
	signerKey: string;
	verifierKey: string;
};
/** tlog-checkpoint § Note text: the body a checkpoint signs. */
export declare function checkpointBody(c: Checkpoint): string;
export declare function signCheckpoint(c: Checkpoint, signerKey: NoteSigner | string): string;
/** Parses a signed checkpoint without checking its signatures. Throws NoteError('format') naming the first problem. */
export declare function parseCheckpoint(note: string): Checkpoint;
/** Verifies a signed checkpoint against the verifier key; failures are data, never thrown. */
export declare function verifyCheckpoint(note: string, verifierKey: NoteVerifier | string): CheckpointVerification;
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
export interface MergeJudgeRequest {
	base: string;
	head: string;
	/** The time entries are stamped with (`--now`). */
	now: Date;
	/** `--merged-at` as given (checked here: ISO-8601 with a zone, not after `now`). */
	mergedAt?: string;
	githubApprovals?: readonly GithubApprovalInput[];
}
/** base, head, now, mergedAt and githubApprovals: src/app/record-judge.ts. */
export interface RecordMergeRequest extends MergeJudgeRequest {
	pr?: number;
	/** The merge commit (`--merge-commit`); by default the head commit. */
	mergeCommit?: string;
	/** A checked checkpoint signer key (src/record/signer-key.ts); none means no checkpoint is written. */
	checkpointKey?: string;
}
export interface WrittenCheckpoint {
	size: number;
	file: string;
}
/** One appended entry, for the report: seq, type and the id of its subject (override, incident or change). */
export interface AppendedEntry {
	seq: number;
	type: string;
	subject?: string;
}
/** What `record` did. `size`/`head` are the ledger's after it; `judgedAt` the time the gate decided at. */
export type RecordMergeResult = {
	size: number;
	head: string;
	judgedAt: Date;
	decision: Decision;
} & ({
	kind: "record-commit";
} | {
	kind: "refused";
	change?: string;
} | {
	kind: "reapplied";
	change: string;
	already: number;
	commit?: string;
} | {
	kind: "already";
	change: string;
	digest: string;
	already: number;
	repaired?: WrittenCheckpoint;
} | {
	kind: "nothing";
	notes: string[];
} | {
	kind: "appended";
	adopting: boolean;
	change?: string;
	digest?: string;
	appended: AppendedEntry[];
	skipped: string[];
	notes: string[];
	checkpoint?: WrittenCheckpoint;
});
export declare function recordMerge(req: RecordMergeRequest, ports: RecordMergePorts): Promise<RecordMergeResult>;
export interface ChangeNewRequest {
	title: string;
	proposer: string;
	level: Level;
	kind: "change" | "recommendation" | "policy";
	justification?: string;
	/** The id to use; else the next free CHG-NNNN. */
	id?: string;
	now: Date;
	usage: string;
}
export interface ChangeNewResult extends WrittenManifest {
	id: string;
	/** What the gate will say about it, e.g. a level above the proposer's. */
	notes: string[];
}
export declare function changeNew(request: ChangeNewRequest, ports: ManifestPorts): Promise<ChangeNewResult>;
export interface EscalateRequest {
	actor: string;
	level: Level;
	id: string;
	ttl?: string;
	proposer?: string;
	title?: string;
	justification?: string;
	now: Date;
	/** The command's usage line, quoted by its usage errors. */
	usage: string;
}
export type EscalateResult = WrittenManifest;
export declare function escalate(request: EscalateRequest, ports: ManifestPorts): Promise<EscalateResult>;
export interface KillswitchRequest {
	action: "activate" | "deactivate";
	switchId: string;
	id: string;
	level: Level;
	proposer?: string;
	title?: string;
	justification?: string;
	now: Date;
	usage: string;
}
export type KillswitchResult = WrittenManifest;
export declare function killswitch(request: KillswitchRequest, ports: ManifestPorts): Promise<KillswitchResult>;
export type MetricKind = "error_rate" | "latency" | "resource" | "other";
export interface AnomalyWindow {
	metric: string;
	kind: Exclude<MetricKind, "other">;
	labels: {
		service?: string;
		region?: string;
		[k: string]: string | undefined;
	};
	/** First sample above the threshold. */
	start: string;
	/** When the excursion had lasted the confirmation period (the alert time). */
	confirmed_at: string;
	/** First sample back at or below the threshold; null while still anomalous at the end of the data. */
	end: string | null;
	peak: {
		ts: string;
		value: number;
	};
	baseline: number;
	threshold: number;
	/** How the baseline was obtained. */
	baseline_source: "learned" | "given" | "fixed";
}
export interface DetectReport {
	anomalies: AnomalyWindow[];
	/** Excursions shorter than the confirmation period (not anomalies). */
	suppressed: number;
	/** Series not examined, with why (unknown kind, no samples after the learning window). */
	skipped: {
		metric: string;
		labels: Record<string, string>;
		why: string;
	}[];
}
export interface RcaTarget {
	/** The anomaly's start (ISO-8601). */
	at: string;
	services: string[];
	regions: string[];
}
export interface Candidate {
	seq: number;
	ts: string;
	type: string;
	actor: string;
	level?: number;
	change?: string;
	title?: string;
	services: string[];
	regions: string[];
	/** 0..1: 0.5^(Δt / half-life). */
	proximity: number;
	/** 0..1: the share of the anomaly's label dimensions (service, region) the entry touched. */
	overlap: number;
	/** proximity × (0.1 + 0.9 × overlap), rounded to 4 places. */
	score: number;
	/** Seconds between the entry and the anomaly start. */
	before_s: number;
	explain: string[];
}
export interface RcaResult {
	target: RcaTarget;
	candidates: Candidate[];
	/** Entries looked at (from the end of the ledger back to the horizon). */
	scanned: number;
	/** The oldest seq looked at. */
	oldestSeq: number | null;
	horizon: string;
}
/** A file the user named: under the repository root, else `fallback` (the path as given, from where they are). */
export interface NamedFile {
	path: string;
	fallback: string;
}
export interface IncidentDetectRequest {
	metrics: NamedFile;
	baselines?: Record<string, number>;
	/** `--confirmation`, a duration. */
	confirmation?: string;
}
export interface IncidentDetectResult {
	report: DetectReport;
	confirmationMs: number;
}
export declare function incidentDetect(request: IncidentDetectRequest, ports: {
	work: WorkTree;
}): Promise<IncidentDetectResult>;
export interface IncidentRcaRequest {
	/** The anomaly: a time (ISO, normalised) or an anomaly of `incident detect --json`. */
	target: {
		at: string;
	} | {
		anomaly: NamedFile;
		index: number;
	};
	services: string[];
	regions: string[];
	/** `--horizon`, a duration. */
	horizon?: string;
	limit: number;
}
export interface IncidentRcaResult {
	at: string;
	services: string[];
	regions: string[];
	result: RcaResult;
	/** Why regions of updated resources are unknown, when state/ could not be read. */
	note?: string;
}
export declare function incidentRca(request: IncidentRcaRequest, ports: {
	work: WorkTree;
	ledger: Pick<LedgerFiles, "segments">;
}): Promise<IncidentRcaResult>;
export interface OverrideNewRequest {
	/** `--id`; default OVR- and the clock. */
	id?: string;
	change: string;
	/** The change digest given (`--digest`), or the commits to compute it from. */
	binding: {
		digest: string;
	} | {
		base: string;
		head: string;
	};
	checks: string[];
	reason: string;
	impact: Severity;
	requestedBy: string;
	expires: Date;
	postMortemDue: Date;
	now: Date;
}
export interface OverrideNewResult {
	id: string;
	file: string;
	impact: Severity;
	/** The incident a high or critical impact override opens. */
	incident?: string;
}
export declare function overrideNew(request: OverrideNewRequest, ports: {
	work: WorkTree;
	git: Pick<GitCommits, "changeCore">;
}): Promise<OverrideNewResult>;
export interface OverrideSignRequest {
	id: string;
	role: string;
	/** `--actor`; default the one actor whose key signs. */
	actor?: string;
	reject: boolean;
	now: Date;
}
export interface OverrideSignResult {
	file: string;
	actor: string;
	role: string;
	decision: "approve" | "reject";
}
export declare function overrideSign(request: OverrideSignRequest, ports: {
	work: WorkTree;
	signer: OpenSigner;
}): Promise<OverrideSignResult>;
export interface OverrideStatusRequest {
	/** One override, or every one. */
	id?: string;
	/** `--ref`; default HEAD. */
	ref?: string;
	now: Date;
}
export type StatusSource = {
	ref: string;
	commit: string;
} | {
	worktree: string;
};
export interface OverrideStatusResult {
	source: StatusSource;
	overrides: OverrideView[];
	layout: RepoLayout;
}
export declare function overrideStatus(request: OverrideStatusRequest, ports: {
	work: WorkTree;
	git: Pick<GitCommits, "isRepository" | "resolve" | "tree">;
}): Promise<OverrideStatusResult>;
export interface OverridePostmortemRequest {
	id: string;
	incident: string;
	now: Date;
}
export type OverridePostmortemResult = 
/** Already recorded: nothing changed. */
{
	changed: false;
	id: string;
	incident: string;
	file: string;
	message: string;
} | {
	changed: true;
	id: string;
	incident: string;
	/** The incident file named. */
	file: string;
	/** When that file is committed: the new record amending it. */
	amendment?: {
		id: string;
		file: string;
		commit: string;
	};
};
export declare function overridePostmortem(request: OverridePostmortemRequest, ports: {
	work: WorkTree;
	git: Pick<GitCommits, "resolve" | "tree">;
}): Promise<OverridePostmortemResult>;
export interface KeygenRequest {
	actor: string;
	type: "openpgp" | "ssh";
	/** The folder to write into, absolute. */
	out: string;
	/** Encrypts an OpenPGP secret key (SSH keys are written unencrypted). */
	passphrase?: string;
	now: Date;
}
export interface KeygenResult {
	fingerprint: string;
	publicFile: string;
	secretFile: string;
	/** The key file as actors.yaml names it: relative to policies/ when written there, else keys/<name>. */
	keyPath: string;
	/** Whether the public key lies outside policies/ (to be copied there). */
	outsidePolicies: boolean;
	stanza: string;
}
export declare function keygen(request: KeygenRequest, ports: {
	workTree: WorkTree;
}): Promise<KeygenResult>;
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
	incident(): IncidentPorts & {
		ledger: Pick<LedgerFiles, "segments">;
	};
	/** overrideNew, overrideStatus and overridePostmortem. */
	override(): {
		work: WorkTree;
		git: GitCommits;
	};
	overrideSign(signer: OpenSigner): {
		work: WorkTree;
		signer: OpenSigner;
	};
	approve(signer: OpenSigner): ApprovePorts;
	sign(signer: OpenSigner): SignPorts;
	/** changeNew, escalate and killswitch; the signer, when given, signs the manifest as it is written. */
	manifest(signer?: OpenSigner): ManifestPorts;
	checkpointSign(): CheckpointSignPorts;
	/** `post` defaults to HTTP POST through fetch. */
	witnessAddCheckpoint(post?: HttpPost): WitnessAddCheckpointPorts;
	keygen(): {
		workTree: WorkTree;
	};
	init(): InitPorts;
}
/**
 * The ports of every use case over the git repository at `dir` and its work tree, wired as the CLI wires them.
 * Each call returns fresh ports: a change snapshot read through one never outlives the run that opened it.
 */
export declare function repositoryPorts(dir: string): RepositoryPorts;

export {};
