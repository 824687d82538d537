import { createTestSecretProvider } from '@openmdr/connector-kit/simulator';
import { describe, expect, it } from 'vitest';
import { splunkConfigSchema } from './config.js';
import { splunkConnector, splunkWebUrl } from './index.js';
import { SPLUNK_PASSWORD, startSplunkSimulator } from './simulator/index.js';

describe('splunk client and config', () => {
  it('signs in with Basic as well as a token', async () => {
    const simulated = await startSplunkSimulator();
    try {
      const instance = await splunkConnector.connect({
        ...simulated,
        config: {
          baseUrl: simulated.config.baseUrl,
          auth: { type: 'basic', username: 'openmdr-sim' },
        },
        secrets: createTestSecretProvider({ 'splunk.password': SPLUNK_PASSWORD }),
      });
      await expect(instance.check()).resolves.toBeUndefined();
      await instance.close();
    } finally {
      await simulated.close();
    }
  });

  it('refuses verifyTls false on https without a dispatcher that skips verification', async () => {
    await expect(
      splunkConnector.connect({
        config: {
          baseUrl: 'https://es.example.com:8089',
          auth: { type: 'token', token: 'sim-x-token-1' },
          verifyTls: false,
        },
      }),
    ).rejects.toMatchObject({ code: 'CONNECTOR_CONFIG' });
  });

  it('links to Splunk Web on port 8000 unless webUrl says otherwise', () => {
    const base = { baseUrl: 'https://es.example.com:8089', auth: { type: 'token', token: 't' } };
    expect(splunkWebUrl(splunkConfigSchema.parse(base))).toBe('https://es.example.com:8000');
    expect(
      splunkWebUrl(splunkConfigSchema.parse({ ...base, webUrl: 'https://acme.splunkcloud.com/' })),
    ).toBe('https://acme.splunkcloud.com');
  });
});
