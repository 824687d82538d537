import { isIPv4, isIPv6 } from 'node:net';

/**
 * An address as PAN-OS registers it: an IPv4 address, an IPv6 address compressed and lower-case
 * (`2001:DB8:0::7` → `2001:db8::7`), or an IPv4 network `a.b.c.d/n` (PAN-OS 10.0 and later). A
 * host prefix (`/32`, `/128`) is dropped.
 * @throws TypeError when `value` is none of these (an IPv6 network included).
 */
export function normalizePanosAddress(value: string): string {
  const text = value.trim();
  const [address = '', prefix, extra] = text.split('/');
  if (extra !== undefined) throw new TypeError(`not an IP address or network: ${value}`);
  if (isIPv4(address)) {
    if (prefix === undefined || prefix === '32') return address;
    if (!/^\d{1,2}$/.test(prefix) || Number(prefix) > 32) {
      throw new TypeError(`not an IPv4 prefix length: ${value}`);
    }
    const octets = address.split('.').map(Number);
    const bits = octets.reduce((sum, octet) => sum * 256 + octet, 0);
    const size = 2 ** (32 - Number(prefix));
    const network = bits - (bits % size);
    const dotted = [24, 16, 8, 0].map((shift) => Math.floor(network / 2 ** shift) % 256).join('.');
    return `${dotted}/${Number(prefix)}`;
  }
  if (isIPv6(address)) {
    if (prefix !== undefined && prefix !== '128') {
      throw new TypeError(`PAN-OS registers IPv6 hosts, not the network ${value}`);
    }
    return new URL(`http://[${address}]/`).hostname.slice(1, -1);
  }
  throw new TypeError(`not an IP address or network: ${value}`);
}
