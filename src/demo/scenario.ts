/**
 * The demo's story, one function per step (DESIGN §5 `demo`): the worked example in a fresh repository, a
 * level-2 batch by the operations agent approved by two roles, a level-3 change that causes an error spike,
 * detection, root-cause ranking, rollback through the gate, the incident record, an emergency override under
 * its three-role quorum, and finally `verify` and `report`. Every step checks its own outcome and throws
 * DemoFailure when the tool did not do what it should.
 */
import { CHANGE_STEPS } from './steps-change.js';
import { INCIDENT_STEPS } from './steps-incident.js';
import { OVERRIDE_STEPS } from './steps-override.js';
import type { DemoStep } from './steps-common.js';

export type { DemoFacts, DemoOptions, DemoStep } from './steps-common.js';

/** Every step, in order; each is one function, so a step can be run, replaced or left out on its own. */
export const STEPS: DemoStep[] = [...CHANGE_STEPS, ...INCIDENT_STEPS, ...OVERRIDE_STEPS];
