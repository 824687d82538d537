import { tenantId } from '@openmdr/core';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { ConnectorConfigError } from '../errors/connector-errors.js';
import { createTestSecretProvider } from '../simulator/test-secret-provider.js';
import { redactConfig, resolveConfig } from './resolve-config.js';
import { configJsonSchema, defaultSecretName, findSecretFields, secret } from './secret-field.js';

const schema = z.object({
  region: z.enum(['us-1', 'eu-1', 'us-gov-1']),
  clientId: z.string().min(1),
  clientSecret: secret(),
  proxy: z.object({ url: z.url(), password: secret({ name: 'proxy_password' }) }).optional(),
  auth: z.discriminatedUnion('type', [
    z.object({ type: z.literal('token'), token: secret({ name: 'api_token' }) }),
    z.object({ type: z.literal('none') }),
  ]),
});
const tenant = tenantId('acme');

describe('secret config fields', () => {
  it('are found through objects, optionals and the selected union variant', () => {
    expect(
      findSecretFields(schema).map((field) => `${field.path.join('.')}=${field.name}`),
    ).toEqual([
      'clientSecret=client_secret',
      'proxy.password=proxy_password',
      'auth.token=api_token',
    ]);
    expect(
      findSecretFields(schema, [], { auth: { type: 'none' } }).map((field) => field.name),
    ).toEqual(['client_secret', 'proxy_password']);
    expect(defaultSecretName(['auth', 'clientSecret'])).toBe('auth_client_secret');
  });

  it('are marked writeOnly and x-openmdr-secret in the JSON Schema', () => {
    const json = configJsonSchema(schema) as {
      properties: Record<string, Record<string, unknown>>;
    };
    expect(json.properties['clientSecret']).toMatchObject({
      type: 'string',
      writeOnly: true,
      'x-openmdr-secret': true,
    });
    expect(json.properties['clientId']?.['x-openmdr-secret']).toBeUndefined();
  });

  it('are filled from the tenant secret provider and redacted by redactConfig', async () => {
    const secrets = createTestSecretProvider({
      'acme/client_secret': 'acme-client-secret-1',
      api_token: 'shared-api-token-1',
    });
    const config = await resolveConfig(
      schema,
      { region: 'us-gov-1', clientId: 'id', auth: { type: 'token' } },
      { connectorId: 'x', tenant, secrets },
    );
    expect(config.clientSecret).toBe('acme-client-secret-1');
    expect(config.auth).toEqual({ type: 'token', token: 'shared-api-token-1' });
    const redacted = redactConfig(schema, config);
    expect(JSON.stringify(redacted)).not.toMatch(/acme-client-secret-1|shared-api-token-1/);
    expect(redacted.clientSecret).toBe('[REDACTED]');
    expect(config.clientSecret).toBe('acme-client-secret-1');
  });

  it('reports bad configs by key and problem, never by value', async () => {
    const error = await resolveConfig(
      schema,
      {
        region: 'mars',
        clientId: '',
        clientSecret: 'inline-secret-value-77',
        auth: { type: 'token' },
      },
      { connectorId: 'x', tenant, secrets: createTestSecretProvider({}) },
    ).catch((caught: unknown) => caught);
    expect(ConnectorConfigError.isInstance(error)).toBe(true);
    const issues = (error as ConnectorConfigError).issues.map((issue) => issue.path);
    expect(issues).toEqual(expect.arrayContaining(['region', 'clientId', 'auth.token']));
    expect(JSON.stringify((error as ConnectorConfigError).toJSON())).not.toContain(
      'inline-secret-value-77',
    );
    expect((error as Error).message).not.toContain('inline-secret-value-77');
  });

  it('treats a throwing provider as a missing secret', async () => {
    const throwing = { get: async () => Promise.reject(new Error('vault sealed')) };
    await expect(
      resolveConfig(
        schema,
        { region: 'us-1', clientId: 'a', auth: { type: 'none' } },
        { connectorId: 'x', tenant, secrets: throwing },
      ),
    ).rejects.toThrow(/client_secret" not found/);
  });
});
