import { afterEach, describe, expect, it, vi } from 'vitest';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('docs/connectors/aws.md snippet', () => {
  it('quarantines for the tenant whose policy allows it, refuses the other, audits, then undoes', async () => {
    const lines: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((...parts: unknown[]) => {
      lines.push(parts.map(String).join(' '));
    });
    await import('./aws-containment.js');
    expect(lines).toEqual([
      expect.stringMatching(/^acme: 200 allow: 2 snapshots, interfaces on sg-[0-9a-f]{17}$/),
      'globex: 403 deny; groups still eni-0a1b2c3d4e5f60011=sg-0a1b2c3d4e5f60021 eni-0a1b2c3d4e5f60012=sg-0a1b2c3d4e5f60021+sg-0a1b2c3d4e5f60022',
      'acme undo: 200; groups back to eni-0a1b2c3d4e5f60011=sg-0a1b2c3d4e5f60021 eni-0a1b2c3d4e5f60012=sg-0a1b2c3d4e5f60021+sg-0a1b2c3d4e5f60022',
      expect.stringMatching(
        /^acme audit: command\.received, policy\.decided, .*command\.response.*command\.response/,
      ),
      'acme audit verified: true',
    ]);
  });
});
