import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { normalizeCloudTrail } from './index.js';

const fixtures = new URL('./__fixtures__/', import.meta.url);
const FAMILIES = ['management-events', 'signin-events', 'data-events', 'insights-events'];

/** CloudTrail's own objects, whose keys a lower-casing table rewrites (bodies keep theirs). */
const NESTED = new Set([
  'useridentity',
  'sessioncontext',
  'attributes',
  'sessionissuer',
  'webidfederationdata',
  'tlsdetails',
  'resources',
  'onbehalfof',
]);
const AS_TEXT = new Set(['requestparameters', 'responseelements', 'additionaleventdata']);

/** A record as Athena's CloudTrail table returns it: names lower-cased, bodies as JSON text. */
function athenaShape(value: unknown, top = true): unknown {
  if (Array.isArray(value)) return value.map((item) => athenaShape(item, false));
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => {
      const lower = key.toLowerCase();
      if (top && AS_TEXT.has(lower) && item !== null) return [lower, JSON.stringify(item)];
      return [lower, NESTED.has(lower) ? athenaShape(item, false) : item];
    }),
  );
}

describe('CloudTrail records with lower-cased field names', () => {
  for (const family of FAMILIES) {
    it(`${family}: each normalises to the event of the record as CloudTrail writes it`, () => {
      const records = JSON.parse(
        readFileSync(new URL(`${family}.json`, fixtures), 'utf8'),
      ) as Record<string, unknown>[];
      // Insights records are not lower-cased by Athena's management-event table
      const lowered = records.filter((record) => record['eventCategory'] !== 'Insight');
      for (const record of lowered) {
        const expected = normalizeCloudTrail(record) as Record<string, unknown>;
        const actual = normalizeCloudTrail(athenaShape(record)) as Record<string, unknown>;
        expect(actual, String(record['eventID'])).toEqual(expected);
      }
    });
  }

  it('leaves a record that already has eventName as it is', () => {
    const event = normalizeCloudTrail({
      eventVersion: '1.08',
      eventTime: '2025-03-01T00:00:00Z',
      eventSource: 'sts.amazonaws.com',
      eventName: 'GetCallerIdentity',
      awsRegion: 'us-east-1',
      sourceIPAddress: '198.51.100.7',
      userIdentity: { type: 'IAMUser', arn: 'arn:aws:iam::111122223333:user/alice' },
      requestParameters: '{"kept":"as text"}',
      eventID: '00000000-0000-4000-8000-000000000001',
    });
    expect(JSON.stringify(event)).toContain('as text');
  });
});
