/**
 * Address scope: whether an IP address belongs to a private, shared, loopback or link-local
 * range (RFC 1918, RFC 6598, RFC 3927, RFC 4193, RFC 4291), and whether a connection leaves the
 * network. Scope is what the network analytics use to tell outbound traffic from internal.
 */

/** The first two octets of a dotted IPv4 address, or `undefined` when it is not one. */
function ipv4Prefix(ip: string): [number, number] | undefined {
  let first = 0;
  let second = 0;
  let octet = 0;
  let digits = 0;
  let dots = 0;
  for (let index = 0; index < ip.length; index += 1) {
    const code = ip.charCodeAt(index);
    if (code === 46) {
      if (digits === 0 || octet > 255) return undefined;
      if (dots === 0) first = octet;
      else if (dots === 1) second = octet;
      dots += 1;
      octet = 0;
      digits = 0;
    } else if (code >= 48 && code <= 57 && digits < 3) {
      octet = octet * 10 + (code - 48);
      digits += 1;
    } else return undefined;
  }
  if (dots !== 3 || digits === 0 || octet > 255) return undefined;
  return [first, second];
}

/**
 * Whether `ip` is an internal address: IPv4 10/8, 172.16/12, 192.168/16, 100.64/10 (carrier-grade
 * NAT), 127/8, 169.254/16; IPv6 `::1`, fc00::/7 (unique local), fe80::/10 (link-local), and
 * IPv4-mapped forms of the IPv4 ranges. Anything else (public, or not an address) is external.
 */
export function isInternalIp(ip: string): boolean {
  const v4 = ipv4Prefix(ip);
  if (v4 !== undefined) {
    const [first, second] = v4;
    return (
      first === 10 ||
      first === 127 ||
      (first === 172 && second >= 16 && second <= 31) ||
      (first === 192 && second === 168) ||
      (first === 100 && second >= 64 && second <= 127) ||
      (first === 169 && second === 254)
    );
  }
  if (!ip.includes(':')) return false;
  const lower = ip.toLowerCase();
  if (lower === '::1') return true;
  if (lower.startsWith('::ffff:')) return isInternalIp(lower.slice(7));
  return /^f[cd][0-9a-f]{2}:/.test(lower) || /^fe[89ab][0-9a-f]:/.test(lower);
}

/**
 * Whether a connection leaves the network: `connection_info.direction_id` 2 (Outbound), or,
 * when the direction is absent or Unknown, an internal source talking to an external
 * destination. Inbound (1), Lateral (3) and Local (4) connections are not outbound.
 */
export function isOutbound(
  directionId: number | undefined,
  srcIp: string | undefined,
  dstIp: string | undefined,
): boolean {
  if (directionId === 2) return true;
  if (directionId !== undefined && directionId !== 0 && directionId !== 99) return false;
  return srcIp !== undefined && dstIp !== undefined && isInternalIp(srcIp) && !isInternalIp(dstIp);
}
