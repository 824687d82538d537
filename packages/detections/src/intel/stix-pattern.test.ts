import { describe, expect, it } from 'vitest';
import { compileStixPattern } from './compile-pattern.js';
import { IntelError } from './errors.js';
import { parseStixPattern } from './stix-pattern.js';

describe('parseStixPattern', () => {
  it('parses comparison AND/OR with precedence, quoted path steps and IN lists', () => {
    const tree = parseStixPattern(
      "[file:hashes.'SHA-256' = 'ab' OR ipv4-addr:value IN ('10.0.0.1', '10.0.0.2') AND domain-name:value != 'x.test']",
    );
    expect(tree.type).toBe('observation');
    if (tree.type !== 'observation') return;
    expect(tree.expression.type).toBe('or');
    const or = tree.expression as unknown as { operands: { type: string }[] };
    expect(or.operands.map((operand) => operand.type)).toEqual(['comparison', 'and']);
    const first = or.operands[0] as unknown as { path: { text: string; steps: string[] } };
    expect(first.path.text).toBe("file:hashes.'SHA-256'");
    expect(first.path.steps).toEqual(['hashes', 'SHA-256']);
  });

  it('parses observation operators, qualifiers, typed literals, list indices and escapes', () => {
    const tree = parseStixPattern(
      "([a:b = 1] AND [c:d[*].e = t'2020-01-01T00:00:00Z']) FOLLOWEDBY [f:g = 'it\\'s'] WITHIN 60 SECONDS REPEATS 2 TIMES",
    );
    expect(tree.type).toBe('followedby');
    const json = JSON.stringify(tree);
    expect(json).toContain('"kind":"within","seconds":60');
    expect(json).toContain('"kind":"repeats","times":2');
    expect(json).toContain('"steps":["d","*","e"]');
    expect(json).toContain("it's");
  });

  it('parses NOT, EXISTS, LIKE, MATCHES, ISSUBSET and START/STOP', () => {
    const tree = parseStixPattern(
      "[url:value NOT LIKE 'http://%' AND EXISTS x:y AND ipv4-addr:value ISSUBSET '10.0.0.0/8' AND a:b MATCHES '^x'] START t'2020-01-01T00:00:00Z' STOP t'2021-01-01T00:00:00Z'",
    );
    expect(tree.type).toBe('qualified');
  });

  it.each([
    ["[ipv4-addr:value = '1.2.3.4'", 28, "expected ']'"],
    ["[ipv4-addr:value '1.2.3.4']", 17, 'expected a comparison operator'],
    ["[ipv4-addr:value = '1.2.3.4]", 19, 'unterminated string literal'],
    ['ipv4-addr:value = 1', 0, "expected '[' or '('"],
    ["[a:b = h'zz']", 7, 'invalid hex literal'],
    ["[a:b = 'x'] WITHIN 5", 20, 'expected SECONDS'],
  ])('rejects %s at offset %i', (pattern, offset, message) => {
    let error: unknown;
    try {
      parseStixPattern(pattern);
    } catch (caught) {
      error = caught;
    }
    expect(IntelError.isInstance(error)).toBe(true);
    const intel = error as IntelError;
    expect(intel.code).toBe('INTEL_PATTERN_SYNTAX');
    expect(intel.message).toContain(message);
    expect(intel.location.offset).toBe(offset);
  });
});

describe('compileStixPattern', () => {
  it.each([
    "[ipv4-addr:value = '198.51.100.7']",
    "[ipv6-addr:value = '2001:db8::/32']",
    "[domain-name:value = 'evil.example' OR url:value = 'http://evil.example/x']",
    "[file:hashes.MD5 = 'd41d8cd98f00b204e9800998ecf8427e']",
    "[file:hashes.'SHA-512' IN ('aa', 'bb')]",
    "[email-addr:value = 'Bad@Evil.Example']",
    "[email-message:from_ref.value = 'bad@evil.example']",
    "[domain-name:value LIKE '%.evil.example']",
    "[url:value MATCHES '^evil\\\\.example/.*\\\\.php$']",
    "[ipv4-addr:value ISSUBSET '203.0.113.0/24']",
    "[ipv4-addr:value = '1.2.3.4'] OR [domain-name:value = 'a.example']",
    "[network-traffic:dst_ref.value = '1.2.3.4' AND domain-name:value != 'ok.example']",
  ])('supports %s', (pattern) => {
    const result = compileStixPattern(pattern);
    expect(result.ok, result.ok ? '' : result.error.message).toBe(true);
  });

  it.each([
    ["[process:name = 'evil.exe']", 'object path process:name is not supported'],
    ["[file:hashes.'SSDEEP' = 'x']", "hash algorithm 'SSDEEP' is not supported"],
    ["[ipv4-addr:value = '1.2.3.4'] FOLLOWEDBY [ipv4-addr:value = '5.6.7.8']", 'FOLLOWEDBY'],
    ["[ipv4-addr:value = '1.2.3.4'] WITHIN 10 SECONDS", 'WITHIN qualifier'],
    ["[ipv4-addr:value = 'not-an-ip']", 'is not an IP address'],
    ["[domain-name:value = 'a..b']", 'is not a valid domain value'],
    ["[ipv4-addr:value > '1.2.3.4']", 'operator > is not supported'],
    ["[domain-name:value != 'a.example']", 'only negated comparisons'],
    ['[domain-name:value = 5]', 'string literals'],
    ["[url:value MATCHES '(?<=x)y']", 'MATCHES regular expression'],
    ["[domain-name:value = 'a.example'", "expected ']'"],
  ])('reports %s as unsupported', (pattern, reason) => {
    const result = compileStixPattern(pattern);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).toContain(reason);
  });
});
