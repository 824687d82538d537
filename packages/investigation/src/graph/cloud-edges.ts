import type { EventScope } from './event-scope.js';
import type { GraphEdgeKind } from './graph-types.js';
import { asObject, at, member, objectsAt, text, textAt } from './ocsf-fields.js';

/** API operations that change something (`CreateUser`, `PutBucketPolicy`, `StopLogging`, …). */
const CHANGING_OPERATION =
  /^(create|delete|put|update|attach|detach|modify|authorize|revoke|stop|start|set|add|remove|enable|disable|tag|untag|schedule|run|terminate|reset|replace|associate|disassociate|change|restore|copy|import|register|deregister|upload|publish|leave|cancel|reboot|share|grant|invite|accept|rotate)/i;

/** Whether an API operation name changes state. */
export function isChangingOperation(operation: string): boolean {
  return CHANGING_OPERATION.test(operation);
}

/** The resources an API call names: `resources[]`, else well-known request parameters. */
function requestResources(
  scope: EventScope,
): Array<{ uid: unknown; name?: unknown; type?: unknown }> {
  const found: Array<{ uid: unknown; name?: unknown; type?: unknown }> = objectsAt(
    scope.event,
    'resources',
  ).map((resource) => ({ uid: resource.uid, name: resource.name, type: resource.type }));
  if (found.length > 0) return found;
  const data = asObject(at(scope.event, 'api.request.data'));
  if (data === undefined) return found;
  const bucket = text(data.bucketName);
  if (bucket !== undefined)
    found.push({ uid: `arn:aws:s3:::${bucket}`, name: bucket, type: 'AWS::S3::Bucket' });
  for (const key of [
    'policyArn',
    'functionName',
    'groupId',
    'keyId',
    'trailName',
    'name',
    'detectorId',
  ]) {
    const value = text(data[key]);
    if (value !== undefined) found.push({ uid: value, type: key });
  }
  return found;
}

/**
 * API Activity (6003) and any event with an `api.operation` (cloud audit logs): the acting
 * identity `authenticated-from` the source IP; an `AssumeRole*` call `assumed-role` the role,
 * a changing operation `modified` the resources it names, any other `accessed` them.
 * @returns The acting identity's node id.
 */
export function addApiActivity(
  scope: EventScope,
  actorUser: string | undefined,
): string | undefined {
  const event = scope.event;
  const actor = actorUser ?? scope.user(asObject(member(event.actor, 'user')));
  scope.link(actor, scope.ip(member(event.src_endpoint, 'ip')), 'authenticated-from');
  const operation = textAt(event, 'api.operation') ?? '';
  if (/^assumerole/i.test(operation)) {
    const roleArn = textAt(event, 'api.request.data.roleArn');
    scope.link(actor, scope.cloud(roleArn, roleArn, 'role'), 'assumed-role');
    const assumed = scope.user(asObject(event.user));
    scope.link(actor, assumed, 'assumed-role');
    return actor;
  }
  const kind: GraphEdgeKind = isChangingOperation(operation) ? 'modified' : 'accessed';
  for (const resource of requestResources(scope)) {
    scope.link(actor, scope.cloud(resource.uid, resource.name, resource.type), kind);
  }
  return actor;
}
