import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { matchRoles, type RoleCandidate } from '../../../src/quorum/match-roles.js';

/** Largest number of roles filled by distinct candidates, by trying every assignment. */
function bruteForce(roles: string[], cands: RoleCandidate[]): number {
  const uniq = [...new Set(roles)];
  let best = 0;
  const go = (i: number, used: Set<number>, filled: number): void => {
    if (filled + (uniq.length - i) <= best) return;
    if (i === uniq.length) {
      best = Math.max(best, filled);
      return;
    }
    go(i + 1, used, filled); // leave role i empty
    cands.forEach((c, j) => {
      if (used.has(j) || !c.roles.includes(uniq[i]!)) return;
      used.add(j);
      go(i + 1, used, filled + 1);
      used.delete(j);
    });
  };
  go(0, new Set(), 0);
  return best;
}

describe('matchRoles', () => {
  it('does not let one approver fill two roles', () => {
    const m = matchRoles(['security', 'charter'], [{ actor: 'alice', roles: ['security', 'charter'] }]);
    expect(m.assignment.size).toBe(1);
    expect(m.missing).toEqual(['charter']);
  });

  it('finds a full matching through an augmenting path', () => {
    // greedy would give alice security and leave charter to nobody
    const m = matchRoles(
      ['security', 'charter'],
      [
        { actor: 'alice', roles: ['security', 'charter'] },
        { actor: 'dave', roles: ['security'] },
      ],
    );
    expect(m.missing).toEqual([]);
    expect(Object.fromEntries(m.assignment)).toEqual({ security: 'dave', charter: 'alice' });
  });

  it('reports every role nobody can fill', () => {
    const m = matchRoles(['ethics', 'security', 'charter'], [{ actor: 'bob', roles: ['sre'] }]);
    expect(m.missing).toEqual(['ethics', 'security', 'charter']);
  });

  it('matches as many roles as brute force on small inputs', () => {
    const role = fc.constantFrom('a', 'b', 'c', 'd', 'e');
    fc.assert(
      fc.property(
        fc.array(role, { maxLength: 5 }),
        fc.array(fc.uniqueArray(role, { maxLength: 4 }), { maxLength: 6 }),
        (roles, held) => {
          const cands = held.map((r, i) => ({ actor: `x${i}`, roles: r }));
          const m = matchRoles(roles, cands);
          expect(m.assignment.size).toBe(bruteForce(roles, cands));
          // a valid matching: distinct actors, each holding the role it fills
          expect(new Set(m.assignment.values()).size).toBe(m.assignment.size);
          for (const [r, a] of m.assignment) expect(cands.find((c) => c.actor === a)!.roles).toContain(r);
          expect(m.missing.length + m.assignment.size).toBe(new Set(roles).size);
        },
      ),
      { numRuns: 500 },
    );
  });
});
