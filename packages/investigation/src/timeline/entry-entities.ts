import { arr, at, obj, str } from './ocsf-read.js';

/**
 * Graph node ids of what an OCSF event or finding concerns, in the scheme of the investigation
 * graph (graph-types.ts): `host:<lower-case name>`, `process:<uid>`, `user:<lower-case name>`,
 * `ip:<address>`, `domain:<lower-case name>`, `file:<path>`, `registry_key:<path>`,
 * `url:<url>`, `cloud_resource:<uid or name>`, `finding:<uid>`.
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

/** `host:<lower-case name>`. */
export const hostNodeId = (name: string): string => `host:${name.toLowerCase()}`;
/** `user:<lower-case name>` (the domain is left out: `EXAMPLE\\user01` and `user01` meet). */
export const userNodeId = (name: string): string => {
  const bare = name.includes('\\') ? name.slice(name.lastIndexOf('\\') + 1) : name;
  return `user:${bare.toLowerCase()}`;
};
/** `process:<uid>`. */
export const processNodeId = (uid: string): string => `process:${uid}`;
/** `ip:<address>`. */
export const ipNodeId = (ip: string): string => `ip:${ip.toLowerCase()}`;
/** `domain:<lower-case name>` (a trailing dot dropped). */
export const domainNodeId = (name: string): string =>
  `domain:${name.toLowerCase().replace(/\.$/, '')}`;
/** `file:<path>`. */
export const fileNodeId = (path: string): string => `file:${path}`;

const IP = /^(?:\d{1,3}(?:\.\d{1,3}){3}|[0-9a-f:]*:[0-9a-f:.]+)$/i;

/** The graph node ids an OCSF event or finding concerns, each once, in a stable order. */
export function entitiesOf(event: Readonly<Record<string, unknown>>): string[] {
  const out = new Set<string>();
  const host = str(event, 'device.hostname') ?? str(event, 'device.name');
  if (host !== undefined) out.add(hostNodeId(host));
  else {
    const uid = str(event, 'device.uid');
    if (uid !== undefined) out.add(hostNodeId(uid));
  }
  const deviceIp = str(event, 'device.ip');
  if (deviceIp !== undefined && IP.test(deviceIp)) out.add(ipNodeId(deviceIp));

  for (const path of ['actor.process', 'process.parent_process', 'process']) {
    const uid = str(event, `${path}.uid`);
    if (uid !== undefined) out.add(processNodeId(uid));
  }
  for (const path of ['user', 'actor.user', 'process.user', 'actor.process.user']) {
    const name = str(event, `${path}.name`);
    if (name !== undefined) out.add(userNodeId(name));
  }
  for (const path of ['src_endpoint', 'dst_endpoint']) {
    const ip = str(event, `${path}.ip`);
    if (ip !== undefined && IP.test(ip)) out.add(ipNodeId(ip));
  }
  const query = str(event, 'query.hostname');
  if (query !== undefined) out.add(domainNodeId(query));
  for (const answer of arr(event, 'answers')) {
    const rdata = str(answer, 'rdata');
    if (rdata === undefined) continue;
    out.add(IP.test(rdata) ? ipNodeId(rdata) : domainNodeId(rdata));
  }
  const url = str(event, 'http_request.url.url_string') ?? str(event, 'url.url_string');
  if (url !== undefined) out.add(`url:${url}`);
  const filePath = str(event, 'file.path');
  if (filePath !== undefined) out.add(fileNodeId(filePath));
  const moduleFile = str(event, 'module.file.path');
  if (moduleFile !== undefined) out.add(fileNodeId(moduleFile));
  const key = str(event, 'reg_key.path') ?? str(event, 'reg_value.path');
  if (key !== undefined) out.add(`registry_key:${key}`);
  for (const resource of arr(event, 'resources')) {
    const id = str(resource, 'uid') ?? str(resource, 'name');
    if (id !== undefined) out.add(`cloud_resource:${id}`);
  }
  const findingUid = str(event, 'finding_info.uid');
  if (findingUid !== undefined) out.add(`finding:${findingUid}`);
  for (const evidence of arr(event, 'evidences')) {
    if (obj(evidence) === undefined) continue;
    for (const id of entitiesOf(evidence as Record<string, unknown>)) out.add(id);
  }
  if (at(event, 'resources') === undefined) {
    const resource = str(event, 'resource.uid') ?? str(event, 'resource.name');
    if (resource !== undefined) out.add(`cloud_resource:${resource}`);
  }
  return [...out];
}
