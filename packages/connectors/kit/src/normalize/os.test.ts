import { describe, expect, it } from 'vitest';
import { osPart, osTypeId } from './os.js';

describe('osTypeId', () => {
  it.each([
    // nothing known
    [undefined, 0],
    ['', 0],
    ['   ', 0],
    ['Unknown', 0],
    // Windows: CrowdStrike platform_name, Defender osPlatform, SentinelOne osType, Okta, Entra, Node
    ['Windows', 100],
    ['Windows10', 100],
    ['Windows11', 100],
    ['WindowsServer2022', 100],
    ['windows_legacy', 100],
    ['Windows 10', 100],
    ['win32', 100],
    ['Windows Phone', 101],
    ['Windows Mobile', 101],
    // macOS
    ['Mac', 300],
    ['macOS', 300],
    ['macos', 300],
    ['MacOs', 300],
    ['Mac OS X', 300],
    ['OS X', 300],
    ['darwin', 300],
    // Apple mobile
    ['iOS', 301],
    ['Ios 18.3', 301],
    ['iPhone OS', 301],
    ['iPadOS', 302],
    // Linux and its distributions
    ['Linux', 200],
    ['linux', 200],
    ['Ubuntu', 200],
    ['Ubuntu 22.04.4 LTS', 200],
    ['RedHatEnterpriseLinux', 200],
    ['Red Hat Enterprise Linux 9', 200],
    ['CentOS', 200],
    ['Debian', 200],
    ['SuSE', 200],
    ['Amazon Linux 2', 200],
    ['Android', 201],
    ['Android 14', 201],
    // ChromeOS: a platform of its own, not one OCSF types
    ['Chrome OS', 99],
    ['ChromeOS', 99],
    ['CrOS', 99],
    // Unix
    ['Solaris', 400],
    ['SunOS', 400],
    ['Oracle Solaris 11', 400],
    ['AIX', 401],
    ['HP-UX', 402],
    // anything else
    ['FreeBSD', 99],
    ['PlayStation', 99],
  ] as const)('%j → %i', (name, expected) => {
    expect(osTypeId(name)).toBe(expected);
  });
});

describe('osPart', () => {
  it('types by the platform and names by the version string, with the OCSF caption', () => {
    expect(osPart({ name: 'Sonoma (14)', platform: 'Mac', build: '23A344' })).toEqual({
      name: 'Sonoma (14)',
      type_id: 300,
      build: '23A344',
      type: 'macOS',
    });
  });

  it('types by the name when there is no platform', () => {
    expect(osPart({ name: 'Windows11', version: '23H2' })).toEqual({
      name: 'Windows11',
      type_id: 100,
      version: '23H2',
      type: 'Windows',
    });
  });

  it("keeps the vendor's word in type for Other", () => {
    expect(osPart({ name: 'Chrome OS' })).toEqual({
      name: 'Chrome OS',
      type_id: 99,
      type: 'Chrome OS',
    });
  });

  it('is undefined when nothing or only "Unknown" is known', () => {
    expect(osPart({})).toBeUndefined();
    expect(osPart({ name: '' })).toBeUndefined();
    expect(osPart({ name: 'Unknown' })).toBeUndefined();
    expect(osPart({ name: 'Unknown', platform: 'Linux' })).toEqual({
      name: 'Linux',
      type_id: 200,
      type: 'Linux',
    });
  });
});
