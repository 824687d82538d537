import { describe, expect, it } from 'vitest';
import {
  CompareAndSetConflict,
  OpenMdrError,
  PipelineError,
  REDACTED,
  registerSecret,
  SecretNotFoundError,
  StorageError,
  TenantIsolationError,
  unregisterSecret,
} from '../src/index.js';

const leaks = [
  'ghp_tokenvalue123456',
  'hunter2-password',
  'AKIAEXAMPLEKEY',
  'abcdefghijklmnopqrstuvwx',
  'dbpassword99',
  'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJlMTIz',
];

function assertNoLeak(text: string): void {
  for (const secret of leaks) expect(text).not.toContain(secret);
}

describe('runtime errors', () => {
  it('have stable codes, names, retryability and isInstance', () => {
    const cases: [OpenMdrError, string, string, boolean][] = [
      [new StorageError('x'), 'StorageError', 'STORAGE', false],
      [new StorageError('x', { code: 'STORAGE_CLOSED' }), 'StorageError', 'STORAGE_CLOSED', false],
      [new CompareAndSetConflict('k', 3), 'CompareAndSetConflict', 'STORAGE_CAS_CONFLICT', true],
      [new TenantIsolationError('x'), 'TenantIsolationError', 'TENANT_ISOLATION', false],
      [
        new PipelineError('x', { code: 'PIPELINE_SINK', isRetryable: true }),
        'PipelineError',
        'PIPELINE_SINK',
        true,
      ],
      [
        new SecretNotFoundError('acme', 'api_key'),
        'SecretNotFoundError',
        'SECRET_NOT_FOUND',
        false,
      ],
    ];
    for (const [error, name, code, retryable] of cases) {
      expect(error.name).toBe(name);
      expect(error.code).toBe(code);
      expect(error.isRetryable).toBe(retryable);
      expect(OpenMdrError.isInstance(error)).toBe(true);
      expect(error).toBeInstanceOf(Error);
    }
    expect(new CompareAndSetConflict('k', null).message).toContain('expected no value');
    expect(new CompareAndSetConflict('k', 3).details).toEqual({ key: 'k', expectedVersion: 3 });
  });

  it('redact secrets in messages, details, cause chains and toJSON', () => {
    registerSecret('AKIAEXAMPLEKEY');
    try {
      const root = new Error('connect failed for postgres://app:dbpassword99@127.0.0.1:5432/db');
      const middle = new Error('request failed: Authorization: Bearer ghp_tokenvalue123456', {
        cause: root,
      });
      const error = new StorageError(
        'cannot store: password=hunter2-password api key AKIAEXAMPLEKEY',
        {
          cause: middle,
          details: {
            headers: {
              Authorization: 'Basic abcdefghijklmnopqrstuvwx',
              'X-Api-Key': 'AKIAEXAMPLEKEY',
            },
            url: 'https://user:dbpassword99@127.0.0.1/x?access_token=ghp_tokenvalue123456',
            jwt: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJlMTIz',
          },
        },
      );
      assertNoLeak(error.message);
      assertNoLeak(String(error.stack));
      assertNoLeak(JSON.stringify(error.details));
      const json = JSON.stringify(error.toJSON());
      assertNoLeak(json);
      expect(json).toContain(REDACTED);
      expect(json).toContain('connect failed'); // the chain is kept, only secrets go
      let cause: unknown = error.cause;
      let depth = 0;
      while (cause instanceof Error) {
        assertNoLeak(cause.message);
        assertNoLeak(String(cause.stack));
        cause = cause.cause;
        depth++;
      }
      expect(depth).toBe(2);
      const wrapped = new PipelineError('sink failed', { cause: error });
      assertNoLeak(JSON.stringify(wrapped.toJSON()));
      expect(wrapped.toJSON().cause).toMatchObject({ code: 'STORAGE', name: 'StorageError' });
    } finally {
      unregisterSecret('AKIAEXAMPLEKEY');
    }
  });

  it('redacts raw credentials in header-like text', () => {
    const error = new OpenMdrError(
      'X',
      'headers: Authorization: rawtokenvalue12345, x-api-key: AKIAEXAMPLEKEY, password: hunter2-password',
    );
    expect(error.message).not.toContain('rawtokenvalue12345');
    assertNoLeak(error.message);
  });
});
