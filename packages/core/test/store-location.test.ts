import { describe, expect, it } from 'vitest';
import { parseStoreLocation, redactStoreLocation } from '../src/index.js';

describe('store locations', () => {
  it('reads pglite, postgres (with a schema), redis and memory locations', () => {
    expect(parseStoreLocation('pglite:./data/pglite')).toEqual({
      kind: 'pglite',
      dataDir: './data/pglite',
    });
    for (const location of [
      'postgres:postgres://openmdr:s3cret@db.internal:5432/mdr?schema=openmdr&sslmode=require',
      'postgresql://openmdr:s3cret@db.internal:5432/mdr?schema=openmdr&sslmode=require',
    ]) {
      const options = parseStoreLocation(location);
      expect(options).toMatchObject({ kind: 'postgres', schema: 'openmdr' });
      expect(options.kind === 'postgres' && options.url).toMatch(
        /^postgres(ql)?:\/\/openmdr:s3cret@db\.internal:5432\/mdr\?sslmode=require$/,
      );
    }
    expect(parseStoreLocation('postgres://localhost/mdr')).toEqual({
      kind: 'postgres',
      url: 'postgres://localhost/mdr',
    });
    expect(parseStoreLocation('redis:redis://:pw@cache:6379/2?prefix=mdr')).toEqual({
      kind: 'redis',
      url: 'redis://:pw@cache:6379/2',
      keyPrefix: 'mdr',
    });
    expect(parseStoreLocation('memory:')).toEqual({ kind: 'memory' });
  });

  it('rejects anything else with STORAGE_CONFIG, without the password', () => {
    for (const location of ['pglite:', 'mysql://u:s3cret@h/db', './data', 'postgres:nonsense']) {
      const error = (() => {
        try {
          parseStoreLocation(location);
        } catch (failure) {
          return failure as Error & { code: string };
        }
        return undefined;
      })();
      expect(error?.code).toBe('STORAGE_CONFIG');
      expect(error?.message).not.toContain('s3cret');
    }
  });

  it('redacts the password of a location', () => {
    expect(redactStoreLocation('postgres:postgres://openmdr:s3cret@db:5432/mdr?schema=x')).toBe(
      'postgres:postgres://openmdr:[REDACTED]@db:5432/mdr?schema=x',
    );
    expect(redactStoreLocation('postgres://openmdr:s3cret@db/mdr')).not.toContain('s3cret');
    expect(redactStoreLocation('pglite:/var/lib/openmdr')).toBe('pglite:/var/lib/openmdr');
    // A password the URL parser would re-encode is still hidden.
    expect(redactStoreLocation('postgres://u:p%40ss@db/mdr')).toBe(
      'postgres://u:[REDACTED]@db/mdr',
    );
  });
});
