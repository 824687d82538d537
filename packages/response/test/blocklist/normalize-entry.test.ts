import { describe, expect, it } from 'vitest';
import {
  BlocklistEntryError,
  blocklistTargetOf,
  normalizeDomainEntry,
  normalizeIpEntry,
  normalizeUrlEntry,
} from '../../src/index.js';

describe('blocklist entry normalisation', () => {
  it('normalises IPv4/IPv6 addresses and CIDR networks', () => {
    expect(normalizeIpEntry('203.0.113.7/32')).toBe('203.0.113.7');
    expect(normalizeIpEntry('198.51.100.0/24')).toBe('198.51.100.0/24');
    expect(normalizeIpEntry('2001:0DB8:0000::0001')).toBe('2001:db8::1');
    expect(normalizeIpEntry('2001:db8::/32')).toBe('2001:db8::/32');
    for (const bad of [
      '203.0.113.7/33',
      '2001:db8::/129',
      '1.2.3.4/24/1',
      'evil.example',
      '1.2.3.4/x',
    ]) {
      expect(() => normalizeIpEntry(bad), bad).toThrow(BlocklistEntryError);
    }
  });

  it('normalises domains and URLs the way the firewalls read them', () => {
    expect(normalizeDomainEntry('C2.Evil.Example.')).toBe('c2.evil.example');
    expect(normalizeDomainEntry('*.evil.example')).toBe('*.evil.example');
    expect(() => normalizeDomainEntry('evil example')).toThrow(BlocklistEntryError);
    expect(normalizeUrlEntry('HTTPS://user:pw@Evil.Example/a/b?c=1#x')).toBe(
      'evil.example/a/b?c=1',
    );
    expect(normalizeUrlEntry('http://evil.example')).toBe('evil.example/');
    expect(() => normalizeUrlEntry('ftp://evil.example/x')).toThrow(BlocklistEntryError);
    expect(() => normalizeUrlEntry('not a url')).toThrow(BlocklistEntryError);
  });

  it('maps command targets to lists', () => {
    expect(blocklistTargetOf({ ipv6_net: '2001:db8::1' })).toEqual({
      list: 'ip',
      value: '2001:db8::1',
    });
    expect(blocklistTargetOf({ domain_name: 'evil.example' })).toEqual({
      list: 'domain',
      value: 'evil.example',
    });
    expect(blocklistTargetOf({ uri: 'https://evil.example/x' })).toEqual({
      list: 'url',
      value: 'evil.example/x',
    });
    expect(blocklistTargetOf({ device: { device_id: 'a' } })).toBeUndefined();
  });
});
