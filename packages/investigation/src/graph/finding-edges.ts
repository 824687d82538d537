import type { EventScope } from './event-scope.js';
import { findingNodeId, hostNodeId, realName } from './node-ids.js';
import { asObject, at, type Fields, member, objectsAt, text, textAt } from './ocsf-fields.js';

/** The ATT&CK technique ids a finding names (`finding_info.attacks[]`, else `attacks[]`). */
export function findingTechniques(event: Fields): string[] {
  const attacks = [...objectsAt(event, 'finding_info.attacks'), ...objectsAt(event, 'attacks')];
  const ids = new Set<string>();
  for (const attack of attacks) {
    const id =
      textAt(attack, 'sub_technique.uid') ??
      textAt(attack, 'technique.uid') ??
      text(attack.technique);
    if (id !== undefined) ids.add(id);
  }
  return [...ids];
}

/** An evidence endpoint: its IP, else its host name as a host (findings name machines, not domains). */
function endpointEntity(scope: EventScope, endpoint: unknown): string | undefined {
  const ip = scope.ip(member(endpoint, 'ip'));
  if (ip !== undefined) return ip;
  const name = realName(member(endpoint, 'hostname'));
  return name === undefined ? undefined : scope.node(hostNodeId(name), 'host', { name });
}

/** The entities of one evidence (or the finding itself): process, file, user, endpoints, … */
function evidenceEntities(scope: EventScope, evidence: Fields): Array<string | undefined> {
  const device = asObject(evidence.device);
  const deviceName = realName(device?.hostname) ?? realName(device?.name);
  return [
    scope.process(asObject(evidence.process)),
    scope.process(asObject(member(evidence.actor, 'process'))),
    scope.file(asObject(evidence.file)),
    scope.user(asObject(evidence.user)),
    scope.user(asObject(member(evidence.actor, 'user'))),
    endpointEntity(scope, evidence.src_endpoint),
    endpointEntity(scope, evidence.dst_endpoint),
    scope.domain(at(evidence, 'query.hostname')),
    scope.domain(at(evidence, 'url.hostname')),
    scope.registry(at(evidence, 'reg_key.path') ?? at(evidence, 'reg_value.path')),
    deviceName === undefined
      ? undefined
      : scope.node(hostNodeId(deviceName), 'host', { name: deviceName }),
  ];
}

/**
 * Findings (category 2: Detection Finding 2004, Incident Finding 2005, …): a `finding` node
 * (`finding:<finding_info.uid>`, else the entry id) that `observed` the event's host and every
 * entity in its `evidences[]` and `resources[]`; an incident also observed the findings it lists.
 * @returns The finding's node id.
 */
export function addFinding(scope: EventScope): string {
  const event = scope.event;
  const info = asObject(event.finding_info);
  const uid = text(info?.uid) ?? scope.entryId;
  const finding = scope.node(findingNodeId(uid), 'finding', {
    uid: text(info?.uid),
    name: text(info?.title) ?? text(event.message) ?? text(event.class_name),
    attributes: {
      severity: text(event.severity),
      techniques: findingTechniques(event).join(',') || undefined,
      product: textAt(event, 'metadata.product.name') ?? textAt(info, 'product.name'),
    },
  });
  scope.link(finding, scope.host, 'observed');
  const entities = [...evidenceEntities(scope, event)];
  for (const evidence of objectsAt(event, 'evidences'))
    entities.push(...evidenceEntities(scope, evidence));
  for (const resource of objectsAt(event, 'resources')) {
    entities.push(scope.ip(resource.ip) ?? scope.cloud(resource.uid, resource.name, resource.type));
  }
  for (const listed of objectsAt(event, 'finding_info_list')) {
    const listedUid = text(listed.uid);
    if (listedUid === undefined) continue;
    entities.push(
      scope.node(findingNodeId(listedUid), 'finding', { uid: listedUid, name: text(listed.title) }),
    );
  }
  for (const entity of entities) scope.link(finding, entity, 'observed');
  return finding;
}
