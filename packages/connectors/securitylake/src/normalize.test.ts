import { describeGolden } from '@openmdr/connector-kit/testing';
import { describe, expect, it } from 'vitest';
import { normalizeSecuritylakeAlert, securitylakeNormalizeSources } from './index.js';

const fixtures = new URL('./__fixtures__/', import.meta.url);

describe('Amazon Security Lake alerts → OCSF Detection Finding', () => {
  // alerts.ocsf.json is written by the first run outside CI: review it, commit it. TODO: at
  // least 15 recorded alerts, then drop the placeholders' minimum of 6.
  describeGolden(fixtures, 'alerts', (record) => normalizeSecuritylakeAlert(record), 6);

  it('names the field a record it cannot map lacks', () => {
    expect(() => normalizeSecuritylakeAlert({ title: 'no id' })).toThrow(/\bid\b/);
  });

  it('is a source of openmdr normalize, per stream and for the connector', () => {
    expect(securitylakeNormalizeSources.map((source) => source.id)).toEqual([
      'securitylake/alerts',
      'securitylake',
    ]);
  });
});
