import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { darktraceAuth, darktraceDate, darktraceSignedString } from './auth.js';

describe('Darktrace DTAPI signature', () => {
  it('writes the date as YYYYMMDDTHHMMSS in UTC', () => {
    expect(darktraceDate(Date.UTC(2025, 0, 15, 9, 5, 7, 999))).toBe('20250115T090507');
  });

  it('signs path and query, public token and date with HMAC-SHA1 of the private token', async () => {
    const clock = { now: () => Date.UTC(2025, 0, 15, 9, 5, 7) };
    const auth = darktraceAuth({ publicToken: 'pub-example', privateToken: 'priv-example', clock });
    const request = {
      method: 'GET',
      url: new URL('https://dt.example/modelbreaches?starttime=1&endtime=2'),
      headers: {} as Record<string, string>,
      body: undefined,
    };
    await auth.authorize(request, { serverTimeOffsetMs: 60_000 });
    const signed = '/modelbreaches?starttime=1&endtime=2\npub-example\n20250115T090607';
    expect(request.headers).toEqual({
      'dtapi-token': 'pub-example',
      'dtapi-date': '20250115T090607',
      'dtapi-signature': createHmac('sha1', 'priv-example').update(signed).digest('hex'),
    });
  });

  it('appends POST parameters to the signed path', () => {
    expect(
      darktraceSignedString('/modelbreaches/1/acknowledge', 'acknowledge=true', 'p', 'd'),
    ).toBe('/modelbreaches/1/acknowledge?acknowledge=true\np\nd');
    expect(darktraceSignedString('/a?x=1', '{"message":"m"}', 'p', 'd')).toBe(
      '/a?x=1&{"message":"m"}\np\nd',
    );
  });
});
