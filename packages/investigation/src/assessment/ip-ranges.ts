/**
 * Whether an address is internal: private (RFC 1918), loopback, link-local, carrier-grade NAT,
 * unspecified, or an IPv6 unique-local / link-local / loopback address. Anything else (and any
 * string that is not an address) counts as outside.
 */
export function isInternalIp(address: string): boolean {
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(address);
  if (v4 !== null) {
    const a = Number(v4[1]);
    const b = Number(v4[2]);
    return (
      a === 10 ||
      a === 127 ||
      a === 0 ||
      (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168) ||
      (a === 169 && b === 254) ||
      (a === 100 && b >= 64 && b <= 127)
    );
  }
  const v6 = address.toLowerCase();
  if (!v6.includes(':')) return false;
  if (v6 === '::1' || v6 === '::') return true;
  if (v6.startsWith('::ffff:')) return isInternalIp(v6.slice(7));
  return /^f[cd][0-9a-f]{2}:|^fe[89ab][0-9a-f]:/.test(v6);
}

/** Whether an address is loopback or unspecified (it names no real peer). */
export function isLoopbackIp(address: string): boolean {
  if (/^127\.|^0\.0\.0\.0$/.test(address)) return true;
  const v6 = address.toLowerCase();
  return v6.includes(':') && /^[0:]*:?0*1?$/.test(v6) && !/[2-9a-f]/.test(v6);
}
