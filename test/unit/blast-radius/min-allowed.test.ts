import { describe, expect, it } from 'vitest';
import { evaluateBlastRadius } from '../../../src/blast-radius/evaluate.js';
import type { BlastRadiusPolicy } from '../../../src/core/documents.js';
import { loadDocument } from '../../../src/formats/validate.js';
import { NOW, stateOf, updates } from '../gate/helpers.js';

// A repository of four resources: ceil(4 × 0.05) = 1, so without a floor only one resource may change.
const SMALL = stateOf([{ service: 'web', region: 'eu-west-1', count: 4 }]);

function judge(policy: BlastRadiusPolicy, n: number) {
  return evaluateBlastRadius({
    policy,
    ops: updates(n, 'web', undefined, SMALL),
    baseState: SMALL,
    level: 2,
    now: NOW,
  });
}

describe('blast radius limits.min_allowed', () => {
  it('lets a small repository change up to min_allowed resources, and says which floor applied', () => {
    const r = judge({ limits: { percent: 0.05, service: 0.1, region: 0.25, min_allowed: 3 } }, 3);
    expect(r.node.status).toBe('pass');
    const percent = r.dimensions.find((d) => d.id === 'blast-radius/percent');
    expect(percent).toMatchObject({ allowed: 3, affected: 3 });
    expect(percent?.formula).toBe('min_allowed 3; ceil(4 × 0.05) = 1');
  });

  it('still denies beyond the floor, and without it denies what the fraction allows not', () => {
    expect(judge({ limits: { percent: 0.05, min_allowed: 3 } }, 4).node.status).toBe('fail');
    expect(judge({ limits: { percent: 0.05 } }, 2).node.status).toBe('fail');
  });

  it('never lifts an absolute max_affected', () => {
    const r = judge(
      { limits: { percent: 0.05, service: 1, min_allowed: 3 }, services: { web: { max_affected: 1 } } },
      2,
    );
    expect(r.node.status).toBe('fail');
    expect(r.dimensions.find((d) => d.id === 'blast-radius/service:web')).toMatchObject({ allowed: 1 });
  });

  it('is part of the blast-radius schema: a non-negative integer', () => {
    expect(
      loadDocument(
        'blast-radius',
        'limits: { percent: 0.05, min_allowed: 5 }\n',
        'policies/blast-radius.yaml',
      ).value.limits.min_allowed,
    ).toBe(5);
    expect(() =>
      loadDocument(
        'blast-radius',
        'limits: { percent: 0.05, min_allowed: -1 }\n',
        'policies/blast-radius.yaml',
      ),
    ).toThrow(/policies\/blast-radius\.yaml:1:\d+.*min_allowed/);
  });
});
