import { describe, expect, it } from 'vitest';
import { communityId } from './community-id.js';

describe('communityId (v1)', () => {
  const tcp = {
    srcIp: '128.232.110.120',
    srcPort: 34_855,
    dstIp: '66.35.250.204',
    dstPort: 80,
    protocol: 'TCP',
  };

  it('gives the specification example, in both directions and for the protocol number', () => {
    expect(communityId(tcp)).toBe('1:LQU9qZlK+B5F3KDmev6m5PMibrg=');
    expect(
      communityId({
        srcIp: tcp.dstIp,
        srcPort: 80,
        dstIp: tcp.srcIp,
        dstPort: 34_855,
        protocol: 6,
      }),
    ).toBe('1:LQU9qZlK+B5F3KDmev6m5PMibrg=');
  });

  it('changes with the seed and the protocol', () => {
    expect(communityId(tcp, 1)).not.toBe(communityId(tcp));
    expect(communityId({ ...tcp, protocol: 'udp' })).not.toBe(communityId(tcp));
  });

  it('orders IPv6 flows and ICMP request/response pairs as one flow', () => {
    const v6 = {
      srcIp: '2001:db8::1',
      srcPort: 5353,
      dstIp: '2001:db8::ff',
      dstPort: 53,
      protocol: 17,
    };
    expect(communityId(v6)).toMatch(/^1:[A-Za-z0-9+/]{27}=$/);
    expect(
      communityId({ srcIp: v6.dstIp, srcPort: 53, dstIp: v6.srcIp, dstPort: 5353, protocol: 17 }),
    ).toBe(communityId(v6));
    expect(
      communityId({
        srcIp: '2001:0db8:0:0:0:0:0:1',
        srcPort: 5353,
        dstIp: '2001:db8::ff',
        dstPort: 53,
        protocol: 17,
      }),
    ).toBe(communityId(v6));
    const echo = communityId({
      srcIp: '192.0.2.1',
      dstIp: '192.0.2.2',
      protocol: 'ICMP',
      srcPort: 8,
      dstPort: 0,
    });
    const reply = communityId({
      srcIp: '192.0.2.2',
      dstIp: '192.0.2.1',
      protocol: 'ICMP',
      srcPort: 0,
      dstPort: 0,
    });
    expect(echo).toBe(reply);
  });

  it('hashes port-less protocols without ports, and refuses what it cannot hash', () => {
    expect(communityId({ srcIp: '192.0.2.1', dstIp: '192.0.2.2', protocol: 47 })).toMatch(/^1:/);
    expect(communityId({ ...tcp, srcIp: 'not-an-ip' })).toBeUndefined();
    expect(communityId({ ...tcp, protocol: 'carrier-pigeon' })).toBeUndefined();
    expect(communityId({ ...tcp, srcPort: undefined })).toBeUndefined();
    expect(communityId({ ...tcp, dstIp: '2001:db8::1' })).toBeUndefined();
  });
});
