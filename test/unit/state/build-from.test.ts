/**
 * buildState(docs, { from }) (issue 14): a state built as an edit of another equals the state built from
 * scratch — resources, their key order, origins, and the problems it refuses with.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { StateDocFile } from '../../../src/core/documents.js';
import { buildState, type BuiltState } from '../../../src/state/build.js';
import { diffResources } from '../../../src/state/ops.js';
import { stateDoc } from './helpers.js';

interface Res {
  id: string;
  capacity: number | string;
}

/** One state file's text: a service, resources with an id and a capacity (a float is refused). */
function text(service: string, resources: readonly Res[]): string {
  const lines = [`service: ${service}`, 'resources:'];
  for (const r of resources) lines.push(`  - id: ${r.id}`, '    spec:', `      capacity: ${r.capacity}`);
  return `${lines.join('\n')}\n`;
}

// Mostly valid resources (so most first builds succeed), sometimes a float or an id another file holds.
const resource = fc.record({
  id: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l'),
  capacity: fc.oneof(
    { arbitrary: fc.integer({ min: 0, max: 9 }), weight: 12 },
    { arbitrary: fc.constant('1.5'), weight: 1 },
  ),
});
const file = fc.record({
  service: fc.constantFrom('s', 't'),
  resources: fc.array(resource, { minLength: 1, maxLength: 4 }),
});

/** What a caller sees of a build: its state with key order, its origins in order, or the problems. */
function outcome(build: () => BuiltState): unknown {
  try {
    const b = build();
    return {
      keys: Object.keys(b.state.resources),
      resources: b.state.resources,
      origins: [...b.origins],
    };
  } catch (e) {
    return { problems: (e as { problems?: unknown }).problems ?? String(e) };
  }
}

describe('buildState from an earlier build', () => {
  it('equals the whole build for any edit of any set of files', () => {
    let compared = 0;
    let diffed = 0;
    fc.assert(
      fc.property(
        fc.array(file, { minLength: 1, maxLength: 4 }),
        // an edit replaces a file, or changes one capacity in it (the common pull request)
        fc.array(
          fc.oneof(fc.record({ at: fc.nat(), to: file }), fc.record({ at: fc.nat(), bump: fc.nat() })),
          {
            maxLength: 3,
          },
        ),
        fc.boolean(),
        (files, edits, dropOne) => {
          const docs: StateDocFile[] = files.map((f, i) =>
            stateDoc(`state/f${i}.yaml`, text(f.service, f.resources)),
          );
          let from: BuiltState;
          try {
            from = buildState(docs);
          } catch {
            return; // a first build that is refused has nothing to build from
          }
          const next = [...docs];
          const now = files.map((f) => ({ ...f, resources: f.resources.map((r) => ({ ...r })) }));
          for (const e of edits) {
            const i = e.at % next.length;
            if ('to' in e) now[i] = e.to;
            else {
              const r = now[i]!.resources[e.bump % now[i]!.resources.length]!;
              r.capacity = typeof r.capacity === 'number' ? r.capacity + 1 : 1;
            }
            next[i] = stateDoc(next[i]!.file, text(now[i]!.service, now[i]!.resources));
          }
          if (dropOne && next.length > 1) next.pop();
          expect(outcome(() => buildState(next, { from }))).toEqual(outcome(() => buildState(next)));
          compared++;
          let edited: BuiltState;
          try {
            edited = buildState(next, { from });
          } catch {
            return;
          }
          // the edited keys are all the diff needs
          if (edited.editedKeys) {
            const whole = diffResources(from.state.resources, edited.state.resources);
            expect(diffResources(from.state.resources, edited.state.resources, edited.editedKeys)).toEqual(
              whole,
            );
            if (whole.length > 0) diffed++;
          }
        },
      ),
      { numRuns: 400 },
    );
    expect(compared).toBeGreaterThan(100); // the generator reaches the comparison, not only refused first builds
    expect(diffed).toBeGreaterThan(5); // and the diff path with a real difference (15 seen at the low tail of 400 runs)
  });

  it('reuses the unchanged and sets only what an edit changed, in the same key order', () => {
    const a = stateDoc('state/a.yaml', text('s', [{ id: 'x', capacity: 1 }]));
    const b = stateDoc('state/b.yaml', text('t', [{ id: 'y', capacity: 1 }]));
    const from = buildState([b, a]);
    const edited = stateDoc('state/a.yaml', text('s', [{ id: 'x', capacity: 2 }]));
    const next = buildState([a === edited ? a : edited, b], { from });
    expect(Object.keys(next.state.resources)).toEqual(['s/x', 't/y']);
    expect(next.state.resources['t/y']).toBe(from.state.resources['t/y']);
    expect(next.state.resources['s/x']!.spec).toEqual({ capacity: 2 });
    expect(from.state.resources['s/x']!.spec).toEqual({ capacity: 1 });
    expect(buildState([a, b], { from })).toEqual({ ...from, editedKeys: [] });
  });
});
