import type { EventScope } from './event-scope.js';
import { asObject, numberAt } from './ocsf-fields.js';

/** OCSF Process Activity (1007) activity ids. */
const LAUNCH = 1;
const OPEN = 3;
const INJECT = 4;

/**
 * Process Activity (1007): a launch links parent → child by `spawned` (the parent from
 * `process.parent_process`, else `actor.process`); an open links the actor `accessed` the target
 * (Sysmon 10), an injection `injected-into` it (Sysmon 8).
 * @returns The node id of the target process (`process`), when there is one.
 */
export function addProcessActivity(
  scope: EventScope,
  actor: string | undefined,
): string | undefined {
  const activity = numberAt(scope.event, 'activity_id');
  const process = asObject(scope.event.process);
  const target = scope.process(process, activity === LAUNCH);
  if (activity === LAUNCH) {
    if (asObject(process?.parent_process) === undefined) scope.link(actor, target, 'spawned');
  } else if (activity === OPEN) {
    scope.link(actor, target, 'accessed');
  } else if (activity === INJECT) {
    scope.link(actor, target, 'injected-into');
  }
  return target;
}
