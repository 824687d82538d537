import { isIP } from 'node:net';

/**
 * An IPv4 or IPv6 address as OCSF `ip_t` takes it, or `undefined` for anything else (`-`, empty,
 * a host name, `010.0.0.1`, a non-string). Surrounding white space and an IPv6 zone index
 * (`fe80::1%eth0`) are dropped: the zone names an interface of the host that logged the address
 * and means nothing elsewhere.
 */
export function validIp(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const address = value.trim().replace(/%.*$/, '');
  return isIP(address) === 0 ? undefined : address;
}

/**
 * A MAC address in the OCSF form (six lower-case hex pairs joined by `:`), from any of the forms
 * vendors write (`00-50-56-A1-B2-C3`, `0050.56a1.b2c3`, `005056A1B2C3`), or `undefined` when the
 * value does not hold exactly twelve hex digits.
 */
export function macAddress(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const hex = value.replaceAll(/[\s:.-]/g, '');
  if (!/^[0-9a-f]{12}$/i.test(hex)) return undefined;
  return (hex.match(/../g) as string[]).join(':').toLowerCase();
}
