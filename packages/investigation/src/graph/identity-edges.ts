import type { EventScope } from './event-scope.js';
import { hostNodeId, isIpAddress, realName } from './node-ids.js';
import { asObject, member, numberAt, objectsAt } from './ocsf-fields.js';

/** OCSF `status_id` of a failure. */
const FAILURE = 2;

/**
 * Authentication (3002): the user `logged-on` to the host (`dst_endpoint.hostname`, else the
 * event's device; for identity providers, the application in `service`) when the logon did not
 * fail, and `authenticated-from` the source IP (else the source workstation).
 * @returns The user's node id.
 */
export function addAuthentication(scope: EventScope): string | undefined {
  const event = scope.event;
  const user =
    scope.user(asObject(event.user)) ?? scope.user(asObject(member(event.actor, 'user')));
  const dstName = realName(member(event.dst_endpoint, 'hostname'));
  let target = scope.host;
  if (dstName !== undefined && !isIpAddress(dstName)) {
    target = scope.node(hostNodeId(dstName), 'host', { name: dstName });
  }
  if (target === undefined) {
    const service = asObject(event.service);
    target = scope.cloud(service?.uid, service?.name, 'application');
  }
  if (numberAt(event, 'status_id') !== FAILURE) scope.link(user, target, 'logged-on');
  const srcEndpoint = asObject(event.src_endpoint);
  let source = scope.ip(srcEndpoint?.ip);
  if (source === undefined) {
    const workstation = realName(srcEndpoint?.hostname) ?? realName(srcEndpoint?.name);
    if (workstation !== undefined && /^[\w.-]+$/.test(workstation) && !isIpAddress(workstation)) {
      source = scope.node(hostNodeId(workstation), 'host', { name: workstation });
    }
  }
  scope.link(user, source, 'authenticated-from');
  return user;
}

/**
 * Account Change (3001), Authorize Session (3003), Entity Management (3004) and User Access
 * Management (3005): the acting user `modified` the target user and the listed resources.
 */
export function addAccountActivity(scope: EventScope, actorUser: string | undefined): void {
  const event = scope.event;
  scope.link(actorUser, scope.user(asObject(event.user)), 'modified');
  for (const resource of objectsAt(event, 'resources')) {
    scope.link(actorUser, scope.cloud(resource.uid, resource.name, resource.type), 'modified');
  }
  scope.link(actorUser, scope.ip(member(event.src_endpoint, 'ip')), 'authenticated-from');
}
