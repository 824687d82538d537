import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  environmentSecretProvider,
  fileSecretProvider,
  OpenMdrError,
  redactString,
  SecretNotFoundError,
  secretVariableName,
  tenantId,
} from '../src/index.js';

const acme = tenantId('acme');
const globex = tenantId('globex');

describe('environmentSecretProvider', () => {
  it('reads per-tenant variables and registers values for redaction', async () => {
    const provider = environmentSecretProvider({
      environment: {
        OPENMDR_SECRET__acme__api_key: 'acme-key-1234567',
        OPENMDR_SECRET__globex__api_key: 'globex-key-7654321',
      },
    });
    expect(await provider.get(acme, 'api_key')).toBe('acme-key-1234567');
    expect(await provider.get(globex, 'api_key')).toBe('globex-key-7654321');
    expect(redactString('sent acme-key-1234567')).toBe('sent [REDACTED]');
    const missing = await provider.get(acme, 'client_secret').catch((error) => error);
    expect(missing).toBeInstanceOf(SecretNotFoundError);
    expect(missing.details).toEqual({ tenant: 'acme', name: 'client_secret' });
  });

  it('never maps two tenants or names to the same variable', () => {
    expect(secretVariableName(tenantId('a_'), 'x')).toBe('OPENMDR_SECRET__a___x');
    expect(() => secretVariableName(tenantId('a'), '_x')).toThrow(OpenMdrError);
    expect(() => secretVariableName(tenantId('a'), 'b__c')).toThrow(OpenMdrError);
    expect(secretVariableName(tenantId('a-b'), 'k')).not.toBe(
      secretVariableName(tenantId('a_b'), 'k'),
    );
    expect(secretVariableName(tenantId('Acme'), 'k')).not.toBe(
      secretVariableName(tenantId('acme'), 'k'),
    );
  });
});

describe('fileSecretProvider', () => {
  let directory: string;
  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'openmdr-secrets-'));
    await mkdir(join(directory, 'acme'));
    await mkdir(join(directory, 'globex'));
    await writeFile(join(directory, 'acme', 'client-secret'), 'acme-file-secret-42\n');
    await writeFile(join(directory, 'globex', 'client-secret'), 'globex-file-secret-43');
  });
  afterAll(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it("reads the tenant's file only", async () => {
    const provider = fileSecretProvider({ directory });
    expect(await provider.get(acme, 'client-secret')).toBe('acme-file-secret-42');
    expect(redactString('x acme-file-secret-42 y')).toBe('x [REDACTED] y');
    await expect(provider.get(tenantId('initech'), 'client-secret')).rejects.toBeInstanceOf(
      SecretNotFoundError,
    );
    for (const traversal of ['../globex/client-secret', '..', 'globex/client-secret']) {
      await expect(provider.get(acme, traversal)).rejects.toMatchObject({
        code: 'SECRET_NAME_INVALID',
      });
    }
    await expect(provider.get('../globex' as never, 'client-secret')).rejects.toMatchObject({
      code: 'TENANT_INVALID',
    });
  });
});
