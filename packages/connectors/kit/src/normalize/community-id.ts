import { createHash } from 'node:crypto';
import { isIP } from 'node:net';

/** A flow's 5-tuple as a sensor reports it, for {@link communityId}. */
export interface FlowTuple {
  /** Source (originator) address, IPv4 or IPv6. */
  srcIp: string;
  /** Destination (responder) address, IPv4 or IPv6. */
  dstIp: string;
  /** IP protocol: a number (6) or a name sensors write (`TCP`, `udp`, `ICMP`, `IPv6-ICMP`, `SCTP`). */
  protocol: number | string;
  /** Source port; for ICMP the message type. */
  srcPort?: number | undefined;
  /** Destination port; for ICMP the message code. */
  dstPort?: number | undefined;
}

const PROTOCOLS: Readonly<Record<string, number>> = {
  icmp: 1,
  tcp: 6,
  udp: 17,
  gre: 47,
  esp: 50,
  icmpv6: 58,
  'ipv6-icmp': 58,
  icmp6: 58,
  sctp: 132,
};

const ICMP4_EQUIVALENTS: ReadonlyMap<number, number> = new Map([
  [8, 0],
  [0, 8],
  [13, 14],
  [14, 13],
  [15, 16],
  [16, 15],
  [10, 9],
  [9, 10],
  [17, 18],
  [18, 17],
]);

const ICMP6_EQUIVALENTS: ReadonlyMap<number, number> = new Map([
  [128, 129],
  [129, 128],
  [130, 131],
  [131, 130],
  [133, 134],
  [134, 133],
  [135, 136],
  [136, 135],
  [139, 140],
  [140, 139],
  [144, 145],
  [145, 144],
]);

function protocolNumber(protocol: number | string): number | undefined {
  if (typeof protocol === 'number')
    return Number.isInteger(protocol) && protocol >= 0 && protocol <= 255 ? protocol : undefined;
  const trimmed = protocol.trim().toLowerCase();
  if (/^\d{1,3}$/.test(trimmed)) return protocolNumber(Number(trimmed));
  return PROTOCOLS[trimmed];
}

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

function addressBytes(address: string): Buffer | undefined {
  // The common case first, without node:net: four dotted octets.
  const v4 = IPV4.exec(address);
  if (v4 !== null) {
    const octets = [Number(v4[1]), Number(v4[2]), Number(v4[3]), Number(v4[4])];
    return octets.every((octet) => octet <= 255) ? Buffer.from(octets) : undefined;
  }
  if (isIP(address) !== 6) return undefined;
  const bytes = Buffer.alloc(16);
  let text = address.toLowerCase();
  const zone = text.indexOf('%');
  if (zone >= 0) text = text.slice(0, zone);
  // An embedded IPv4 tail (::ffff:192.0.2.1) becomes two hex groups.
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted?.[1]) {
    const [a = 0, b = 0, c = 0, d = 0] = dotted[1].split('.').map(Number);
    text = `${text.slice(0, -dotted[1].length)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
  groups.forEach((group, index) => {
    bytes.writeUInt16BE(Number.parseInt(group, 16), index * 2);
  });
  return bytes;
}

function validPort(port: number | undefined): port is number {
  return port !== undefined && Number.isInteger(port) && port >= 0 && port <= 65_535;
}

/**
 * The Community ID (version 1) of a flow: `1:` and the base64 SHA-1 of the seed, both addresses,
 * the protocol and both ports, ordered so that both directions of a flow give the same id — the
 * flow hash Zeek, Suricata and most EDRs agree on, which lets their records of one connection be
 * joined. ICMP and ICMPv6 type/code pairs map to their request/response equivalents as the
 * specification says. `undefined` when an address is not an IP address, the protocol is unknown,
 * or a port-based protocol (TCP, UDP, SCTP, ICMP) lacks its ports.
 *
 * @example
 * ```ts
 * communityId({ srcIp: '128.232.110.120', srcPort: 34855, dstIp: '66.35.250.204', dstPort: 80, protocol: 'TCP' });
 * // '1:LQU9qZlK+B5F3KDmev6m5PMibrg='
 * ```
 * @param seed The 16-bit seed every sensor of the deployment uses. Default 0.
 */
export function communityId(flow: FlowTuple, seed = 0): string | undefined {
  const protocol = protocolNumber(flow.protocol);
  let src = addressBytes(flow.srcIp);
  let dst = addressBytes(flow.dstIp);
  if (protocol === undefined || !src || !dst || src.length !== dst.length) return undefined;
  const ported =
    protocol === 1 || protocol === 6 || protocol === 17 || protocol === 58 || protocol === 132;
  let srcPort = flow.srcPort;
  let dstPort = flow.dstPort;
  let oneWay = false;
  if (ported) {
    if (!validPort(srcPort) || !validPort(dstPort)) return undefined;
    if (protocol === 1 || protocol === 58) {
      const equivalent = (protocol === 1 ? ICMP4_EQUIVALENTS : ICMP6_EQUIVALENTS).get(srcPort);
      if (equivalent === undefined) oneWay = true;
      else dstPort = equivalent;
    }
  }
  const order = Buffer.compare(src, dst);
  if (
    !oneWay &&
    (order > 0 || (order === 0 && ported && (srcPort as number) > (dstPort as number)))
  ) {
    [src, dst] = [dst, src];
    [srcPort, dstPort] = [dstPort, srcPort];
  }
  // One buffer, hashed at once: seed, both addresses, protocol, a pad byte, both ports.
  const input = Buffer.alloc(2 + src.length * 2 + (ported ? 6 : 2));
  input.writeUInt16BE(seed & 0xffff, 0);
  src.copy(input, 2);
  dst.copy(input, 2 + src.length);
  const at = 2 + src.length * 2;
  input.writeUInt8(protocol, at);
  if (ported) {
    input.writeUInt16BE(srcPort as number, at + 2);
    input.writeUInt16BE(dstPort as number, at + 4);
  }
  return `1:${createHash('sha1').update(input).digest('base64')}`;
}
