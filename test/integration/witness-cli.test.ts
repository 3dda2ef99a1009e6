/**
 * `gatehouse witness add-checkpoint` and `verify` with policies/witnesses.yaml, on real ledgers with real keys;
 * the witnesses are loopback C2SP tlog-witness servers (the HTTP boundary is the only fake).
 */
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Finding } from '../../src/ledger/verify.js';
import { openLedger } from '../../src/store/ledger-store.js';
import type { WitnessReport } from '../../src/witness/check.js';
import { startWitness, type LoopbackWitness } from '../fixtures/witness/loopback-witness.js';
import { capacityDraft, genesisDraft, genesisState, gate, layout, ORIGIN } from '../unit/ledger/helpers.js';
import { ledgerRepo, runCli, stateYaml, type LedgerRepo } from './ledger-helpers.js';

let repo: LedgerRepo;
let witnesses: LoopbackWitness[];
const POLICY = 'policies/witnesses.yaml';

function policyYaml(ws: LoopbackWitness[], quorum: number): string {
  return [
    'witnesses:',
    ...ws.flatMap((w) => [`  - name: ${w.name}`, `    key: ${w.verifierKey}`, `    url: ${w.url}`]),
    `quorum: ${quorum}`,
    '',
  ].join('\n');
}

beforeEach(async () => {
  repo = await ledgerRepo(12);
  witnesses = await Promise.all(
    ['w1', 'w2', 'w3'].map((n) =>
      startWitness({ name: `${n}.example/witness`, logs: { [ORIGIN]: repo.verifierKey } }),
    ),
  );
  writeFileSync(join(repo.dir, POLICY), policyYaml(witnesses, 2));
});
afterEach(async () => {
  await Promise.all(witnesses.map((w) => w.close()));
  repo.cleanup();
});

const verifyJson = async (...extra: string[]) => {
  const r = await runCli(['verify', '--no-history', '--json', '--repo', repo.dir, ...extra]);
  const json = JSON.parse(r.stdout || '{}') as { findings: Finding[]; witnesses: WitnessReport } & Record<
    string,
    unknown
  >;
  return { code: r.code, json, stderr: r.stderr };
};

/** The split view: the ledger rebuilt with another history and re-signed with the repository's own key. */
async function rewriteLedger(changes: number): Promise<void> {
  rmSync(join(repo.dir, 'ledger'), { recursive: true, force: true });
  const state = genesisState();
  state.resources['park-ticketing/gate-b'] = gate('gate-b', 600);
  writeFileSync(join(repo.dir, 'state/park.yaml'), stateYaml(500 + changes, 600));
  const ledger = await openLedger(repo.dir, layout());
  await ledger.append([genesisDraft(state)]);
  for (let i = 1; i <= changes; i++) {
    await ledger.append([capacityDraft(i)]);
    if (i % 5 === 0) await ledger.writeCheckpoint(repo.signerKey);
  }
  await ledger.writeCheckpoint(repo.signerKey);
}

function listing(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.push(`${p}:${statSync(p).mtimeMs}:${statSync(p).size}`);
    }
  };
  walk(dir);
  return out.sort();
}

describe('gatehouse witness add-checkpoint', () => {
  it('collects a cosignature from each witness and stores them in ledger/checkpoint and its archived note', async () => {
    const r = await runCli(['witness', 'add-checkpoint', '--repo', repo.dir]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('w1.example/witness: cosigned size 16 (proof from size 0)');
    expect(r.stdout).toContain(
      'witness: 3 cosigners on ledger/checkpoint (size 16): w1.example/witness, w2.example/witness, w3.example/witness — quorum met',
    );
    const latest = readFileSync(join(repo.dir, 'ledger/checkpoint'), 'utf8');
    expect(readFileSync(join(repo.dir, 'ledger/checkpoints/16.note'), 'utf8')).toBe(latest);
    expect(latest.split('\n').filter((l) => l.startsWith('— w'))).toHaveLength(3);
    for (const w of witnesses) expect(w.state.get(ORIGIN)?.size).toBe(16);
    // Re-signing the same size (record with nothing new) keeps the cosignatures.
    await (await openLedger(repo.dir, layout())).writeCheckpoint(repo.signerKey);
    expect(readFileSync(join(repo.dir, 'ledger/checkpoint'), 'utf8')).toBe(latest);

    // Asked again: each witness is sent the proof from 16 (the size its stored cosignature names), no 409.
    const again = await runCli(['witness', 'add-checkpoint', '--repo', repo.dir, '--json']);
    expect(again.code).toBe(0);
    const j = JSON.parse(again.stdout) as { outcomes: { oldSize: number; attempts: number }[] };
    expect(j.outcomes.map((o) => [o.oldSize, o.attempts])).toEqual([
      [16, 1],
      [16, 1],
      [16, 1],
    ]);
  });

  it('follows a witness that is on another size (409) and reports one that never answers, exit 1 below quorum', async () => {
    // w1 cosigns size 16 but its cosignature never reaches the repository (another clone asked it, say).
    const notes = ['ledger/checkpoint', 'ledger/checkpoints/16.note'].map((f) => [
      f,
      readFileSync(join(repo.dir, f), 'utf8'),
    ]);
    expect(
      (await runCli(['witness', 'add-checkpoint', '--repo', repo.dir, '--witness', 'w1.example/witness']))
        .code,
    ).toBe(1);
    for (const [f, text] of notes) writeFileSync(join(repo.dir, f!), text!);
    // The ledger grows: w1 last cosigned 16, the others nothing.
    const ledger = await openLedger(repo.dir, layout());
    await ledger.append([capacityDraft(13)]);
    await ledger.writeCheckpoint(repo.signerKey);
    writeFileSync(join(repo.dir, 'state/park.yaml'), stateYaml(513));
    await witnesses[1]!.close();
    const hung = await startWitness({
      name: 'w2.example/witness',
      logs: { [ORIGIN]: repo.verifierKey },
      hang: true,
    });
    witnesses[1] = hung;
    const keys = witnesses.map((w) => w);
    writeFileSync(join(repo.dir, POLICY), policyYaml(keys, 3));
    const r = await runCli(['witness', 'add-checkpoint', '--repo', repo.dir, '--timeout', '0.3']);
    expect(r.code).toBe(1);
    const size = readFileSync(join(repo.dir, 'ledger/checkpoint'), 'utf8').split('\n')[1];
    // Sent "old 0", told 409 "16", resubmitted with the proof from 16.
    expect(r.stdout).toContain(
      `w1.example/witness: cosigned size ${size} (proof from size 16, after 1 size correction)`,
    );
    expect(witnesses[0]!.requests.map((b) => b.split('\n')[0])).toEqual(['old 0', 'old 0', 'old 16']);
    expect(r.stdout).toMatch(/w2\.example\/witness: UNREACHABLE: could not reach .*no answer within 300 ms/);
    expect(r.stdout).toContain(`w3.example/witness: cosigned size ${size} (proof from size 0)`);
    expect(r.stdout).toContain('quorum NOT met');
  });
});

describe('verify with policies/witnesses.yaml', () => {
  it('lists the cosigners of each checkpoint in --json and passes once 2 of 3 have cosigned the latest', async () => {
    expect((await verifyJson()).code).toBe(1); // nothing witnessed yet
    await runCli(['witness', 'add-checkpoint', '--repo', repo.dir]);
    const { code, json } = await verifyJson();
    expect(code).toBe(0);
    const byFile = Object.fromEntries(
      (json.witnesses.checkpoints as { file: string; cosigners: { name: string }[] }[]).map((c) => [
        c.file,
        c.cosigners.map((x) => x.name),
      ]),
    );
    const all = ['w1.example/witness', 'w2.example/witness', 'w3.example/witness'];
    expect(byFile).toEqual({
      'ledger/checkpoints/14.note': [],
      'ledger/checkpoints/16.note': all,
      'ledger/checkpoints/7.note': [],
      'ledger/checkpoint': all,
    });
    expect(json.witnesses).toMatchObject({ policy: POLICY, quorum: 2, witnessed_only: false });
    const text = await runCli(['verify', '--no-history', '--repo', repo.dir]);
    expect(text.stdout).toContain(
      `witnesses: ${POLICY} requires 2 of w1.example/witness, w2.example/witness, w3.example/witness on the latest checkpoint`,
    );
    expect(text.stdout).toMatch(
      /cosigned: ledger\/checkpoint \(size 16\): w1\.example\/witness at 2026-01-18T14:00:00Z, .* — quorum met/,
    );
  });

  it('catches a ledger rewritten and re-signed with the repository key, which passes verify without witnesses', async () => {
    await runCli(['witness', 'add-checkpoint', '--repo', repo.dir]);
    await rewriteLedger(13);
    renameSync(join(repo.dir, POLICY), join(repo.dir, 'witnesses.yaml.off'));
    const plain = await verifyJson();
    expect(plain.code).toBe(0); // the repository's own key vouches for the rewritten history
    expect(plain.json.findings).toEqual([]);
    renameSync(join(repo.dir, 'witnesses.yaml.off'), join(repo.dir, POLICY));

    const witnessed = await verifyJson();
    expect(witnessed.code).toBe(1);
    expect(witnessed.json.findings).toEqual([
      {
        check: 'witness',
        file: 'ledger/checkpoint',
        message: `witness quorum not met: 0 of the 2 cosignatures ${POLICY} requires; cosigned by none; missing w1.example/witness, w2.example/witness, w3.example/witness (run "gatehouse witness add-checkpoint" to collect them)`,
      },
    ]);
    // And no witness cosigns it: each cosigned size 16 of the old history; from there no proof reaches the new one.
    const r = await runCli(['witness', 'add-checkpoint', '--repo', repo.dir]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      /w1\.example\/witness: REFUSED \(HTTP 422\): the witness refused the consistency proof from size 16/,
    );
    expect(existsSync(join(repo.dir, 'ledger/checkpoint'))).toBe(true);
    expect(readFileSync(join(repo.dir, 'ledger/checkpoint'), 'utf8')).not.toContain('— w1');
  });

  it('reports old cosignatures copied onto the rewritten checkpoints and never counts them', async () => {
    await runCli(['witness', 'add-checkpoint', '--repo', repo.dir]);
    const cosigned = readFileSync(join(repo.dir, 'ledger/checkpoint'), 'utf8');
    const lines = cosigned.split('\n').filter((l) => l.startsWith('— w'));
    await rewriteLedger(12);
    for (const f of ['ledger/checkpoint', 'ledger/checkpoints/16.note'])
      writeFileSync(join(repo.dir, f), `${readFileSync(join(repo.dir, f), 'utf8')}${lines.join('\n')}\n`);
    const { code, json } = await verifyJson();
    expect(code).toBe(1);
    const latest = json.witnesses.checkpoints.find((c) => c.file === 'ledger/checkpoint');
    expect(latest?.cosigners).toEqual([]);
    expect(latest?.rejected.map((x) => x.name)).toEqual(witnesses.map((w) => w.name));
    expect((json.findings as { check: string }[]).filter((f) => f.check === 'witness')).toHaveLength(7);
  });

  it('--witnessed-only also requires the quorum on every archived checkpoint', async () => {
    await runCli(['witness', 'add-checkpoint', '--repo', repo.dir]);
    const { code, json } = await verifyJson('--witnessed-only');
    expect(code).toBe(1);
    expect((json.findings as { file: string }[]).map((f) => f.file)).toEqual([
      'ledger/checkpoints/14.note',
      'ledger/checkpoints/7.note',
    ]);
    expect(json.witnesses.witnessed_only).toBe(true);
  });
});

describe('verify --since a witnessed checkpoint', () => {
  it('reports the cosigners of the --since note, judged against the current root', async () => {
    await runCli(['witness', 'add-checkpoint', '--repo', repo.dir]);
    const pinned = join(repo.dir, '..', `${repo.dir.split('/').pop()}-pin.note`);
    writeFileSync(pinned, readFileSync(join(repo.dir, 'ledger/checkpoint'), 'utf8'));
    try {
      const { code, json } = await verifyJson('--since', pinned);
      expect(code).toBe(0);
      const since = json.witnesses.checkpoints.find((c) => c.role === 'since');
      expect(since).toMatchObject({ size: 16, consistent: true, quorum_met: true });
      expect(since?.cosigners).toHaveLength(3);
      // A pin whose cosignatures were stripped is relied on without the quorum: --witnessed-only refuses it.
      writeFileSync(pinned, readFileSync(join(repo.dir, 'ledger/checkpoints/14.note'), 'utf8'));
      const bare = await verifyJson('--since', pinned, '--witnessed-only');
      expect(bare.code).toBe(1);
      expect(bare.json.findings.map((f) => f.file)).toContain(pinned);
    } finally {
      rmSync(pinned, { force: true });
    }
  });
});

describe('bad witness input', () => {
  it('a bad witness policy exits 2 with file:line, before anything is written or sent', async () => {
    const w = witnesses[0]!;
    writeFileSync(
      join(repo.dir, POLICY),
      [
        'witnesses:',
        `  - name: ${w.name}`,
        `    key: ${repo.verifierKey}`,
        `    url: ${w.url}`,
        'quorum: 2',
        '',
      ].join('\n'),
    );
    const before = listing(repo.dir);
    for (const argv of [
      ['verify', '--no-history'],
      ['witness', 'add-checkpoint'],
    ]) {
      const r = await runCli([...argv, '--repo', repo.dir]);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.stderr).toContain(
        `${POLICY}:3:10: /witnesses/0/key: witness key has signature type 0x01 (a note signing key)`,
      );
      expect(r.stderr).toContain(`${POLICY}:5:9: /quorum: quorum 2 is more than the 1 witness listed`);
    }
    expect(listing(repo.dir)).toEqual(before);
    expect(w.requests).toEqual([]);
  });

  it('--witnessed-only without a witness policy is bad input (exit 2)', async () => {
    rmSync(join(repo.dir, POLICY));
    const r = await runCli(['verify', '--no-history', '--witnessed-only', '--repo', repo.dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`--witnessed-only needs ${POLICY}`);
  });

  it('a repository without policies/witnesses.yaml verifies exactly as before', async () => {
    rmSync(join(repo.dir, POLICY));
    const { code, json } = await verifyJson();
    expect(code).toBe(0);
    expect(Object.keys(json)).toEqual([
      'ok',
      'entries',
      'segments',
      'head',
      'root',
      'checkpoints',
      'snapshots',
      'drift',
      'findings',
      'notes',
    ]);
    const r = await runCli(['witness', 'add-checkpoint', '--repo', repo.dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`no ${POLICY}`);
  });
});
