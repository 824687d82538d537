import { NormalizationError } from '@openmdr/connector-kit';
import {
  communityId,
  isEmpty,
  isRecord,
  type JsonRecord,
  type NormalizeOptions,
  type OcsfPart,
  RecordReader,
} from '@openmdr/connector-kit/normalize';
import { type EveTime, eveTimeAt } from './eve-time.js';

/** The product of every Suricata event. */
export const SURICATA_PRODUCT = { name: 'Suricata', vendor_name: 'OISF' } as const;

/** Options of the Suricata normalisers. */
export interface SuricataNormalizeOptions extends NormalizeOptions {
  /** The Community ID seed of the deployment, used when a record has no `community_id`. Default 0. */
  communityIdSeed?: number | undefined;
}

/** IANA protocol numbers of the names Suricata writes in `proto`. */
const PROTOCOL_NUMBERS: Readonly<Record<string, number>> = {
  ICMP: 1,
  IGMP: 2,
  TCP: 6,
  UDP: 17,
  GRE: 47,
  ESP: 50,
  IPV6_ICMP: 58,
  'IPV6-ICMP': 58,
  ICMPV6: 58,
  SCTP: 132,
};

/** The top-level keys every record maps (or keeps in `unmapped` on purpose). */
const COMMON_KEYS: ReadonlySet<string> = new Set([
  'timestamp',
  'event_type',
  'flow_id',
  'parent_id',
  'community_id',
  'src_ip',
  'src_port',
  'dest_ip',
  'dest_port',
  'proto',
  'ip_v',
  'icmp_type',
  'icmp_code',
  'host',
  'in_iface',
  'app_proto',
]);

/**
 * The top-level keys of one record that are mapped: {@link COMMON_KEYS} and those added, less
 * those deleted, the last change to a key winning (a `Set` without copying the common keys for
 * every record).
 */
export class MappedKeys {
  readonly #changes: [key: string, mapped: boolean][] = [];

  /** Marks a key mapped. */
  add(key: string): void {
    this.#changes.push([key, true]);
  }

  /** Marks a key not mapped (it goes to `unmapped`). */
  delete(key: string): void {
    this.#changes.push([key, false]);
  }

  /** Whether a key is mapped. */
  has(key: string): boolean {
    const changes = this.#changes;
    for (let index = changes.length - 1; index >= 0; index -= 1) {
      const change = changes[index] as [string, boolean];
      if (change[0] === key) return change[1];
    }
    return COMMON_KEYS.has(key);
  }
}

/** The attributes every Suricata event starts from ({@link EveRecord.common}). */
export interface CommonAttributes {
  /** `metadata`. */
  metadata: OcsfPart;
  /** Time, sensor, endpoints, application protocol. */
  [attribute: string]: unknown;
}

/** One EVE record being normalised: the reader, its time, and the top-level keys already mapped. */
export class EveRecord {
  readonly reader: RecordReader;
  readonly eventType: string;
  readonly time: EveTime;
  /** The top-level keys mapped: {@link COMMON_KEYS}, the sections read, less those given back. */
  readonly mapped = new MappedKeys();
  readonly options: SuricataNormalizeOptions | undefined;
  #protocol: EveProtocol | undefined;
  #flowId: string | undefined | typeof NOT_READ = NOT_READ;

  constructor(record: unknown, options: SuricataNormalizeOptions | undefined) {
    this.reader = new RecordReader(record);
    this.options = options;
    this.eventType = this.reader.requireString('event_type');
    const time = eveTimeAt(this.reader.value('timestamp'), 'timestamp');
    if (!time) {
      throw new NormalizationError('timestamp is missing (an EVE timestamp is required)', {
        path: 'timestamp',
      });
    }
    this.time = time;
  }

  /** The nested object of the event type (`alert`, `flow`, `dns`, …), marked mapped. */
  section(key: string): RecordReader | undefined {
    this.mapped.add(key);
    return this.reader.object(key);
  }

  /** An EVE timestamp at a path, as epoch ms. */
  timeAt(path: string): number | undefined {
    return eveTimeAt(this.reader.value(path), path)?.ms;
  }

  /** `flow_id` as text (it is a 64-bit integer: JSON.parse may round it, it stays an id). */
  get flowId(): string | undefined {
    if (this.#flowId === NOT_READ) {
      const value = this.reader.record['flow_id'];
      this.#flowId =
        typeof value === 'number' || typeof value === 'string' ? String(value) : undefined;
    }
    return this.#flowId;
  }

  /** The protocol name, lower case (`tcp`), and number (read once per record). */
  protocol(): EveProtocol {
    if (this.#protocol === undefined) this.#protocol = protocolOf(this.reader.string('proto'));
    return this.#protocol;
  }

  /** The flow's Community ID: the sensor's, or computed (v1, the configured seed). */
  communityUid(): string | undefined {
    const given = this.reader.string('community_id');
    if (given) return given;
    const { num } = this.protocol();
    const srcIp = this.reader.ip('src_ip');
    const dstIp = this.reader.ip('dest_ip');
    if (num === undefined || !srcIp || !dstIp) return undefined;
    const icmp = num === 1 || num === 58;
    return communityId(
      {
        srcIp,
        dstIp,
        protocol: num,
        srcPort: this.reader.number(icmp ? 'icmp_type' : 'src_port'),
        dstPort: this.reader.number(icmp ? 'icmp_code' : 'dest_port'),
      },
      this.options?.communityIdSeed ?? 0,
    );
  }

  /**
   * `src_endpoint` (the client side of the flow, as Suricata orients it), or `undefined` without
   * an address or interface (its port then stays in `unmapped`).
   */
  srcEndpoint(): OcsfPart | undefined {
    const ip = this.reader.ip('src_ip');
    const interfaceName = this.reader.string('in_iface');
    if (!ip) this.mapped.delete('src_port');
    if (!ip && !interfaceName) return undefined;
    return {
      ip,
      port: ip ? this.reader.number('src_port') : undefined,
      interface_name: interfaceName,
    };
  }

  /** `dst_endpoint`, or `undefined` without an address (its port then stays in `unmapped`). */
  dstEndpoint(): OcsfPart | undefined {
    const ip = this.reader.ip('dest_ip');
    if (!ip) {
      this.mapped.delete('dest_port');
      return undefined;
    }
    return { ip, port: this.reader.number('dest_port') };
  }

  /** `connection_info`: the flow id, Community ID, protocol. */
  connectionInfo(): OcsfPart {
    const { name, num } = this.protocol();
    const ipVersion = this.reader.number('ip_v');
    return {
      uid: this.flowId,
      community_uid: this.communityUid(),
      protocol_name: name,
      protocol_num: num,
      protocol_ver_id: ipVersion === 4 ? 4 : ipVersion === 6 ? 6 : undefined,
      direction_id: 0,
    };
  }

  /** `metadata`: product, event type, the flow id for correlation, the sensor's log. */
  metadata(): OcsfPart {
    const host = this.reader.string('host');
    return {
      product: SURICATA_PRODUCT,
      // The sensor is the logger, not the event's device: a finding's `device` is the host it
      // is about, and grouping by the sensor's name would join every alert it raises.
      loggers: host === undefined ? undefined : [{ name: host, product: SURICATA_PRODUCT }],
      correlation_uid: this.flowId,
      event_code: this.eventType,
      log_name: 'eve',
      log_format: 'JSON',
    };
  }

  /** The attributes every Suricata event has: time, metadata (the sensor as its logger), the flow's endpoints. */
  common(): CommonAttributes {
    return {
      time: this.time.ms,
      time_dt: this.time.rfc3339,
      timezone_offset: this.time.offsetMinutes,
      metadata: this.metadata(),
      src_endpoint: this.srcEndpoint(),
      dst_endpoint: this.dstEndpoint(),
      app_protocol_name: this.appProto(),
    };
  }

  /** `app_proto` unless Suricata could not tell (`failed`, `unknown`). */
  appProto(): string | undefined {
    const value = this.reader.string('app_proto');
    return value === 'failed' || value === 'unknown' ? undefined : value;
  }

  /**
   * `unmapped`: the top-level fields no mapping used, plus, per mapped section, the fields of it
   * the mapping left (`{ flow: { alerted: true } }`).
   */
  unmapped(
    leftovers: Readonly<Record<string, ReadonlySet<string>>> = NO_LEFTOVERS,
  ): JsonRecord | undefined {
    const record = this.reader.record;
    const out: JsonRecord = {};
    let empty = true;
    for (const key of Object.keys(record)) {
      const value = record[key];
      if (this.mapped.has(key) || isEmpty(value)) continue;
      out[key] = value;
      empty = false;
    }
    for (const key of ALWAYS_UNMAPPED) {
      const value = record[key];
      if (value !== undefined && value !== null) {
        out[key] = value;
        empty = false;
      }
    }
    for (const section in leftovers) {
      const used = leftovers[section] as ReadonlySet<string>;
      const value = record[section];
      if (!isRecord(value)) continue;
      let rest: JsonRecord | undefined;
      for (const key of Object.keys(value)) {
        const item = value[key];
        if (used.has(key) || item === null || item === undefined || item === '') continue;
        rest ??= {};
        rest[key] = item;
      }
      if (rest !== undefined) {
        out[section] = rest;
        empty = false;
      }
    }
    return empty ? undefined : out;
  }
}

/** Top-level fields read (Community ID, IP version) yet kept in `unmapped` as Suricata wrote them. */
const ALWAYS_UNMAPPED = ['icmp_type', 'icmp_code', 'parent_id', 'ip_v'] as const;

const NO_LEFTOVERS: Readonly<Record<string, ReadonlySet<string>>> = {};

/** Marks a field not yet read. */
const NOT_READ: unique symbol = Symbol('not read');

/** The protocol of a record: name (lower case) and IANA number. */
export interface EveProtocol {
  /** `tcp`, `udp`, … (absent for a number). */
  readonly name?: string | undefined;
  /** The IANA protocol number. */
  readonly num?: number | undefined;
}

const NO_PROTOCOL: EveProtocol = {};

/** Reads `proto`: a name Suricata writes (`TCP`, `IPv6-ICMP`) or a number. */
function protocolOf(proto: string | undefined): EveProtocol {
  if (proto === undefined) return NO_PROTOCOL;
  if (/^\d+$/.test(proto)) return { num: Number(proto) };
  return { name: proto.toLowerCase(), num: PROTOCOL_NUMBERS[proto.toUpperCase()] };
}

/** A set of keys, for {@link EveRecord.unmapped}. */
export const keys = (...names: string[]): ReadonlySet<string> => new Set(names);
