import { describe, expect, it } from 'vitest';
import { applyOverrides } from '../../../src/gate/overrides.js';
import { leaf, type ResultNode } from '../../../src/core/result.js';

const blast = (window: 'pass' | 'fail', percent: 'pass' | 'fail'): ResultNode => ({
  id: 'blast-radius',
  status: window === 'fail' || percent === 'fail' ? 'fail' : 'pass',
  reason: 'over',
  numbers: {},
  children: [
    leaf('blast-radius/percent', percent, 'percent'),
    leaf('blast-radius/window', window, '6 of 4 in 1h'),
  ],
});
const find = (n: ResultNode, id: string): ResultNode | undefined =>
  n.id === id ? n : n.children.map((c) => find(c, id)).find((x) => x !== undefined);

describe('applyOverrides', () => {
  it('bypasses exactly the named checks: naming blast-radius leaves the rolling budget to be named', () => {
    const checks = [blast('fail', 'fail'), leaf('quorum', 'pending', '0/1')];
    const one = applyOverrides(checks, [{ id: 'OVR-1', checks: ['blast-radius'], status: 'active' }]);
    const br = one.checks[0]!;
    expect(br.status).toBe('fail');
    expect(find(br, 'blast-radius/percent')!.status).toBe('pass');
    expect(find(br, 'blast-radius/window')!.status).toBe('fail');
    expect(br.reason).toBe('blast-radius/window not overridden (OVR-1 does not name it): 6 of 4 in 1h');
    expect(one.checks[1]!.status).toBe('pending'); // quorum is not named
    expect(find(one.node, 'overrides/OVR-1:blast-radius')!.reason).toBe(
      'OVR-1 overrides blast-radius but not blast-radius/window, which it does not name',
    );
    const both = applyOverrides(checks, [
      { id: 'OVR-1', checks: ['blast-radius', 'blast-radius/window'], status: 'active' },
    ]);
    expect(both.checks[0]!.status).toBe('pass');
    expect(find(both.checks[0]!, 'blast-radius/window')!.reason).toBe('overridden by OVR-1: 6 of 4 in 1h');
  });

  it('applies nothing for an active override bound to another content of the change', () => {
    const checks = [blast('pass', 'fail')];
    const r = applyOverrides(checks, [
      { id: 'OVR-1', checks: ['blast-radius'], status: 'active', unbound: 'OVR-1 was signed for CHG-3 at …' },
    ]);
    expect(r.checks[0]!.status).toBe('fail');
    expect(find(r.node, 'overrides/OVR-1')).toMatchObject({
      status: 'skip',
      reason: 'OVR-1 was signed for CHG-3 at …; it changes nothing',
    });
  });
});
