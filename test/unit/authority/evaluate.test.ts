import { describe, expect, it } from 'vitest';
import { approvalTtlMs, evaluateAuthority } from '../../../src/authority/evaluate.js';
import { changeFacts } from '../../../src/gate/facts.js';
import { authority, inputs, node, updates } from '../gate/helpers.js';

function judge(over: Parameters<typeof inputs>[0] = {}) {
  const i = inputs(over);
  return evaluateAuthority(i, changeFacts(i), {
    file: 'policies/authority.yaml',
    locate: (p) =>
      p === '/levels/2'
        ? { line: 5, col: 3 }
        : p.startsWith('/rules/')
          ? { line: 9 + Number(p.slice(7)), col: 5 }
          : undefined,
  });
}

describe('approvalTtlMs', () => {
  it('defaults to 1h at level 1 and 2h at level 2, and none above', () => {
    const a = authority();
    a.levels['1'] = { enabled: true };
    a.levels['2'] = { enabled: true, approval_ttl: '90m' };
    expect(approvalTtlMs(a, 1)).toBe(3_600_000);
    expect(approvalTtlMs(a, 2)).toBe(5_400_000);
    expect(approvalTtlMs(a, 3)).toBeUndefined();
    expect(approvalTtlMs(a, undefined)).toBeUndefined();
  });
});

describe('evaluateAuthority', () => {
  it('passes a proposer within every limit, with file:line on each sub-check', () => {
    const n = judge({ level: 2, ops: updates(3) });
    expect(n.status).toBe('pass');
    expect(n.reason).toBe('alice may act at level 2');
    expect(node(n, 'authority/level-enabled').source).toEqual({
      file: 'policies/authority.yaml',
      line: 5,
      col: 3,
    });
    expect(node(n, 'authority/signature').status).toBe('pass');
  });

  it('skips without a manifest', () => {
    expect(judge({ manifest: null }).status).toBe('skip');
  });

  it('fails closed on a level the policy does not configure', () => {
    const a = authority();
    delete (a.levels as Partial<typeof a.levels>)['2'];
    const n = judge({ level: 2, authority: a });
    expect(node(n, 'authority/level-enabled').reason).toBe(
      'level 2 is not configured in the authority policy',
    );
  });

  it('uses the default batch size of 100 when max_ops is absent', () => {
    const a = authority();
    a.levels['2'] = { enabled: true };
    expect(node(judge({ level: 2, authority: a, ops: updates(101) }), 'authority/ops').numbers).toEqual({
      ops: 101,
      max_ops: 100,
    });
  });

  it('reports an unparsable observation window as an error', () => {
    const a = authority();
    a.levels['3'] = { enabled: true, observation_window: 'half an hour' };
    expect(node(judge({ level: 3, authority: a }), 'authority/concurrency').status).toBe('error');
  });

  it('caps a policy edit at the level of the policies/** rule, with its line', () => {
    const n = judge({ level: 3, ops: [], paths: [{ path: 'policies/actors.yaml', status: 'modified' }] });
    expect(node(n, 'authority/rules')).toMatchObject({
      status: 'fail',
      reason: 'rule 1 (paths policies/**) caps this change at level 2',
      source: { file: 'policies/authority.yaml', line: 9, col: 5 },
    });
  });

  // DESIGN §2.4: a human's manifest is signed too; otherwise anyone could name anyone as proposer.
  it('denies a human proposer an unsigned manifest, and a badly signed one', () => {
    const i = inputs({});
    const { signature: _s, ...unsigned } = i.manifest!;
    const u = { ...i, manifest: unsigned };
    const s = node(evaluateAuthority(u, changeFacts(u)), 'authority/signature');
    expect(s.status).toBe('fail');
    expect(s.fix).toBe(
      'gatehouse sign changes/CHG-0042/change.yaml --ssh-key FILE | --gpg KEYID | --key FILE (a key of alice)',
    );
    const b = {
      ...i,
      manifest: {
        ...unsigned,
        signature: { ok: false as const, code: 'key-expired', reason: 'key expired before signing' },
      },
    };
    expect(node(evaluateAuthority(b, changeFacts(b)), 'authority/signature').status).toBe('fail');
  });
});
