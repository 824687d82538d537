import { describe, expect, it } from 'vitest';
import { macAddress, validIp } from './address.js';

describe('validIp', () => {
  it.each([
    ['198.51.100.5', '198.51.100.5'],
    [' 198.51.100.5 ', '198.51.100.5'],
    ['2001:db8:85a3::8a2e:370:7334', '2001:db8:85a3::8a2e:370:7334'],
    ['::ffff:10.0.0.5', '::ffff:10.0.0.5'],
    ['::1', '::1'],
    ['fe80::1%eth0', 'fe80::1'],
    ['fe80::1%12', 'fe80::1'],
  ])('%j → %j', (value, expected) => {
    expect(validIp(value)).toBe(expected);
  });

  it.each([
    [undefined],
    [null],
    [''],
    ['-'],
    ['unknown'],
    ['host.example.com'],
    ['010.0.0.1'],
    ['256.1.1.1'],
    ['1.2.3'],
    ['::1::2'],
    [3232235777],
  ])('%j is no IP address', (value) => {
    expect(validIp(value)).toBeUndefined();
  });
});

describe('macAddress', () => {
  it.each([
    ['00-50-56-A1-B2-C3', '00:50:56:a1:b2:c3'],
    ['00:50:56:a1:b2:c3', '00:50:56:a1:b2:c3'],
    ['0050.56a1.b2c3', '00:50:56:a1:b2:c3'],
    ['005056A1B2C3', '00:50:56:a1:b2:c3'],
  ])('%j → %j', (value, expected) => {
    expect(macAddress(value)).toBe(expected);
  });

  it.each([[undefined], [''], ['00-50-56-A1-B2'], ['00-50-56-A1-B2-C3-D4'], ['zz-50-56-a1-b2-c3']])(
    '%j is no MAC address',
    (value) => {
      expect(macAddress(value)).toBeUndefined();
    },
  );
});
