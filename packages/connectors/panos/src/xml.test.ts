import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { normalizePanosAddress } from './address.js';
import { parsePanosResponse, parseUidEntries, uidMessage } from './xml.js';

const fixture = (name: string) =>
  readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');

describe('PAN-OS uid-message', () => {
  it('builds register with timeout and persistent, unregister without them, escaping tags', () => {
    const register = uidMessage('register', [
      { ip: '192.0.2.7', tags: ['a&b<c>'], timeoutSeconds: 60, persistent: true },
    ]);
    expect(register).toBe(
      '<uid-message><version>2.0</version><type>update</type><payload><register><entry ip="192.0.2.7" persistent="1"><tag><member timeout="60">a&amp;b&lt;c&gt;</member></tag></entry></register></payload></uid-message>',
    );
    expect(parseUidEntries(register, 'register')).toEqual([
      { ip: '192.0.2.7', tags: ['a&b<c>'], timeoutSeconds: 60, persistent: true },
    ]);
    expect(
      uidMessage('unregister', [
        { ip: '192.0.2.7', tags: ['t'], timeoutSeconds: 60, persistent: false },
      ]),
    ).toContain(
      '<unregister><entry ip="192.0.2.7"><tag><member>t</member></tag></entry></unregister>',
    );
    // 0 means "never": no timeout attribute at all
    expect(uidMessage('register', [{ ip: '192.0.2.8', tags: ['t'], timeoutSeconds: 0 }])).toContain(
      '<member>t</member>',
    );
  });

  it('reads the documented register and unregister messages', () => {
    expect(parseUidEntries(fixture('uid-register.xml'), 'register')).toEqual([
      { ip: '10.0.0.1', tags: ['tag01', 'tag02', 'tag03'], timeoutSeconds: 3600 },
      { ip: '10.0.0.2', tags: ['tag01'], persistent: false },
    ]);
    expect(parseUidEntries(fixture('uid-unregister.xml'), 'unregister')).toEqual([
      { ip: '10.0.0.1', tags: ['tag01'] },
    ]);
    expect(parseUidEntries(fixture('uid-unregister.xml'), 'register')).toEqual([]);
  });
});

describe('parsePanosResponse', () => {
  it('reads error codes, messages, lines and per-entry User-ID messages', () => {
    expect(parsePanosResponse(fixture('response-invalid-credential.xml'))).toMatchObject({
      status: 'error',
      code: 403,
      message: 'Invalid Credential',
    });
    expect(parsePanosResponse(fixture('response-multiline-error.xml'))).toMatchObject({
      code: 17,
      message: 'Invalid command; register & unregister only',
    });
    expect(parsePanosResponse(fixture('response-uid-duplicate.xml'))).toMatchObject({
      status: 'error',
      entries: [{ ip: '10.0.0.1', message: 'tag01 already exists, ignore' }],
      message: '10.0.0.1: tag01 already exists, ignore',
    });
    const version = parsePanosResponse(fixture('response-version.xml'));
    expect(version?.status).toBe('success');
    expect(version?.result).toContain('<sw-version>10.2.9</sw-version>');
    expect(parsePanosResponse('<html><body>Login</body></html>')).toBeUndefined();
    expect(parsePanosResponse('<response status="maybe"/>')).toBeUndefined();
  });
});

describe('normalizePanosAddress', () => {
  it('keeps hosts, compresses IPv6, drops host prefixes and aligns IPv4 networks', () => {
    expect(normalizePanosAddress(' 203.0.113.7 ')).toBe('203.0.113.7');
    expect(normalizePanosAddress('203.0.113.7/32')).toBe('203.0.113.7');
    expect(normalizePanosAddress('2001:DB8:0:0::7')).toBe('2001:db8::7');
    expect(normalizePanosAddress('2001:db8::7/128')).toBe('2001:db8::7');
    expect(normalizePanosAddress('198.51.100.77/24')).toBe('198.51.100.0/24');
    expect(normalizePanosAddress('10.1.2.3/8')).toBe('10.0.0.0/8');
  });

  it('refuses what PAN-OS cannot register', () => {
    for (const bad of [
      '2001:db8::/64',
      '203.0.113.7/33',
      '203.0.113',
      'evil.example',
      '1.2.3.4/8/1',
    ]) {
      expect(() => normalizePanosAddress(bad), bad).toThrow(TypeError);
    }
  });
});
