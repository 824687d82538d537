import {
  cloudResourceNodeId,
  domainNodeId,
  fileNodeId,
  findingNodeId,
  hostNodeId,
  ipNodeId,
  isIpAddress,
  isUnspecifiedIp,
  processNodeId,
  registryNodeId,
  urlNodeId,
  userRef,
} from '../graph/node-ids.js';
import { arr, at, obj, str } from './ocsf-read.js';

/**
 * Graph node ids of what an OCSF event or finding concerns, made by the graph's own id functions
 * (graph/node-ids.ts) so timeline entries and graph nodes meet: `host:<lower-case name>`,
 * `process:<uid>`, `user:<domain\name>` in lower case, `ip:<address>`, `domain:<name>`,
 * `file:<path>`, `registry_key:<path>`, `url:<url>`, `cloud_resource:<uid>`, `finding:<uid>`.
 */

/** The host an event happened on: `device.hostname`, else `device.name`, else `device.uid`. */
export function hostOf(event: unknown): string | undefined {
  return str(event, 'device.hostname') ?? str(event, 'device.name') ?? str(event, 'device.uid');
}

/** The user an event concerns: `user`, else the actor's user, else the process's user. */
export function userOf(event: unknown): string | undefined {
  for (const path of ['user', 'actor.user', 'process.user', 'actor.process.user']) {
    const name = str(event, `${path}.name`);
    if (name !== undefined) return name;
  }
  return undefined;
}

/** The graph node ids an OCSF event or finding concerns, each once, in a stable order. */
export function entitiesOf(event: Readonly<Record<string, unknown>>): string[] {
  const out = new Set<string>();
  const host =
    str(event, 'device.hostname') ?? str(event, 'device.name') ?? str(event, 'device.uid');
  if (host !== undefined) out.add(hostNodeId(host));
  const addIp = (ip: string | undefined) => {
    if (ip !== undefined && isIpAddress(ip) && !isUnspecifiedIp(ip)) out.add(ipNodeId(ip));
  };
  addIp(str(event, 'device.ip'));
  for (const path of ['actor.process', 'process.parent_process', 'process']) {
    const uid = str(event, `${path}.uid`);
    if (uid !== undefined && uid !== '0') out.add(processNodeId(uid));
  }
  for (const path of ['user', 'actor.user', 'process.user', 'actor.process.user']) {
    const user = userRef(obj(at(event, path)));
    if (user !== undefined) out.add(user.id);
  }
  addIp(str(event, 'src_endpoint.ip'));
  addIp(str(event, 'dst_endpoint.ip'));
  const query = str(event, 'query.hostname');
  if (query !== undefined) out.add(domainNodeId(query));
  for (const answer of arr(event, 'answers')) {
    const rdata = str(answer, 'rdata');
    if (rdata === undefined) continue;
    if (isIpAddress(rdata)) addIp(rdata);
    else out.add(domainNodeId(rdata));
  }
  const url = str(event, 'http_request.url.url_string') ?? str(event, 'url.url_string');
  if (url !== undefined) out.add(urlNodeId(url));
  const filePath = str(event, 'file.path');
  if (filePath !== undefined) out.add(fileNodeId(filePath));
  const moduleFile = str(event, 'module.file.path');
  if (moduleFile !== undefined) out.add(fileNodeId(moduleFile));
  const key = str(event, 'reg_key.path') ?? str(event, 'reg_value.path');
  if (key !== undefined) out.add(registryNodeId(key));
  for (const resource of arr(event, 'resources')) {
    const id = str(resource, 'uid') ?? str(resource, 'name');
    if (id !== undefined) out.add(cloudResourceNodeId(id));
  }
  const findingUid = str(event, 'finding_info.uid');
  if (findingUid !== undefined) out.add(findingNodeId(findingUid));
  for (const evidence of arr(event, 'evidences')) {
    if (obj(evidence) === undefined) continue;
    for (const id of entitiesOf(evidence as Record<string, unknown>)) out.add(id);
  }
  return [...out];
}
