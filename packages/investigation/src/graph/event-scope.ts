import type { GraphStore } from './graph-store.js';
import type { GraphEdgeKind, GraphNodeKind } from './graph-types.js';
import {
  cloudResourceNodeId,
  domainNodeId,
  fileNodeId,
  hostNodeId,
  ipNodeId,
  isIpAddress,
  isUnspecifiedIp,
  realName,
  registryNodeId,
  urlNodeId,
  userRef,
} from './node-ids.js';
import { asObject, at, type Fields, member, numberOf, text, textAt } from './ocsf-fields.js';
import {
  isUnknownProcessUid,
  type ProcessIdentities,
  processAttributes,
  processName,
} from './process-nodes.js';

/** The host an event happened on, as the graph keys it. */
export interface EventHost {
  /** The node id (`host:<lower-case name>`, or `host:<device uid>` without a name). */
  id: string;
  /** The key used inside process fallback ids. */
  key: string;
  /** The name as the event spells it, or the device uid. */
  name: string;
}

/** The host of an event: `device.hostname`, else `device.name`, else `device.uid`. */
export function eventHost(event: Fields): EventHost | undefined {
  const device = asObject(event.device);
  if (device === undefined) return undefined;
  const name = realName(device.hostname) ?? realName(device.name);
  if (name !== undefined) return { id: hostNodeId(name), key: name.toLowerCase(), name };
  const uid = realName(device.uid);
  if (uid !== undefined) return { id: hostNodeId(uid), key: uid.toLowerCase(), name: uid };
  return undefined;
}

/**
 * What one event adds to the graph: the helpers that create nodes for the OCSF objects it
 * carries and link them, all stamped with the event's time, sequence number and entry id.
 */
export class EventScope {
  /** The host node id, when the event names a device. */
  readonly host: string | undefined;
  /** The host key used in process fallback ids. */
  readonly hostKey: string | undefined;

  constructor(
    private readonly store: GraphStore,
    private readonly identities: ProcessIdentities,
    /** The event itself. */
    readonly event: Fields,
    /** Its entry id (evidence of every edge it adds). */
    readonly entryId: string,
    private readonly seq: number,
    /** Its time (epoch ms). */
    readonly time: number,
  ) {
    const host = eventHost(event);
    this.hostKey = host?.key;
    if (host !== undefined) {
      const device = asObject(event.device) as Fields;
      const osName = textAt(device, 'os.name');
      this.host = this.node(host.id, 'host', {
        name: host.name,
        attributes: { os: osName, ip: text(device.ip), device_uid: realName(device.uid) },
      });
      const uid = realName(device.uid);
      if (uid !== undefined && hostNodeId(uid) !== host.id) store.alias(hostNodeId(uid), host.id);
      // The host's own address: host `resolves-to` IP.
      const addresses = Array.isArray(device.ip) ? device.ip : [device.ip];
      for (const address of addresses) this.link(this.host, this.ip(address), 'resolves-to');
    }
  }

  /** Creates or updates a node. */
  node(id: string, kind: GraphNodeKind, facts?: Parameters<GraphStore['touch']>[4]): string {
    return this.store.touch(id, kind, this.time, this.seq, facts);
  }

  /** Links two nodes when both exist. */
  link(from: string | undefined, to: string | undefined, kind: GraphEdgeKind): void {
    if (from === undefined || to === undefined) return;
    this.store.link(from, to, kind, this.time, this.seq, this.entryId);
  }

  /**
   * The node of an OCSF process object, linked `executed-on` the event's host and `ran-as` its
   * user. A nested `parent_process` is linked to it by `spawned` (parent → child).
   * @param launch - This event is the process's launch (its time is the start time).
   */
  process(process: Fields | undefined, launch = false): string | undefined {
    const identity = this.identities.identify(
      process,
      this.hostKey,
      launch ? this.time : undefined,
    );
    if (identity === undefined || process === undefined) return undefined;
    if (identity.uid !== undefined && isUnknownProcessUid(identity.uid)) {
      // One node for every untracked parent: it keeps each child's link, tied to no host or user.
      return this.node(identity.id, 'process', {
        uid: identity.uid,
        name: 'unknown parent (not tracked by the sensor)',
        attributes: { unknown: true },
      });
    }
    const id = this.node(identity.id, 'process', {
      uid: identity.uid,
      name: processName(process),
      attributes: processAttributes(process, this.hostKey),
    });
    this.link(id, this.host, 'executed-on');
    this.link(id, this.user(asObject(process.user)), 'ran-as');
    const parent = asObject(process.parent_process);
    if (parent !== undefined) this.link(this.process(parent), id, 'spawned');
    return id;
  }

  /** The node of an OCSF user object; a per-user uid (a SID, an ARN) becomes an alias of it. */
  user(user: Fields | undefined): string | undefined {
    const ref = userRef(user);
    if (ref === undefined) return undefined;
    const id = this.node(ref.id, 'user', {
      name: ref.name,
      uid: ref.uid,
      attributes: {
        uid: ref.uid,
        email: text(user?.email_addr),
        type: text(user?.type),
        account: textAt(user, 'account.uid'),
      },
    });
    if (ref.uidId !== undefined && ref.uidId !== ref.id) this.store.alias(ref.uidId, ref.id);
    return id;
  }

  /** The node of an IP address. */
  ip(address: unknown): string | undefined {
    const value = realName(address);
    if (value === undefined || !isIpAddress(value) || isUnspecifiedIp(value)) return undefined;
    return this.node(ipNodeId(value), 'ip', { name: value });
  }

  /** The node of a domain name (an IP given as a name becomes an IP node). */
  domain(name: unknown): string | undefined {
    const value = realName(name);
    if (value === undefined) return undefined;
    if (isIpAddress(value)) return this.ip(value);
    if (!/^[\w.-]+$/.test(value)) return undefined;
    return this.node(domainNodeId(value), 'domain', { name: value.replace(/\.$/, '') });
  }

  /** The node of an OCSF file object, keyed by its path (else its name). */
  file(file: Fields | undefined): string | undefined {
    if (file === undefined) return undefined;
    const path = realName(file.path) ?? realName(file.name);
    if (path === undefined) return undefined;
    return this.node(fileNodeId(path), 'file', {
      name: path,
      attributes: { size: numberOf(file.size), type: text(file.type) },
    });
  }

  /** The node of a URL. */
  url(value: unknown): string | undefined {
    const url = realName(value);
    if (url === undefined) return undefined;
    return this.node(urlNodeId(url), 'url', { name: url });
  }

  /** The node of a registry key path. */
  registry(path: unknown): string | undefined {
    const value = realName(path);
    if (value === undefined) return undefined;
    return this.node(registryNodeId(value), 'registry_key', { name: value });
  }

  /** The node of a cloud resource (an ARN, an Azure resource id, an application). */
  cloud(uid: unknown, name?: unknown, type?: unknown): string | undefined {
    const key = realName(uid) ?? realName(name);
    if (key === undefined) return undefined;
    return this.node(cloudResourceNodeId(key), 'cloud_resource', {
      name: realName(name) ?? key,
      uid: realName(uid),
      attributes: { type: text(type) },
    });
  }

  /** The endpoint's IP node, else its hostname as a domain node. */
  endpoint(endpoint: unknown): string | undefined {
    return this.ip(member(endpoint, 'ip')) ?? this.domain(member(endpoint, 'hostname'));
  }

  /** The value at a dotted path of the event. */
  get(path: string): unknown {
    return at(this.event, path);
  }
}
