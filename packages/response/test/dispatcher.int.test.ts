import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { crowdstrikeHost, simulatedCrowdstrike } from './support/vendor-simulators.js';

const pgUrl = process.env['OPENMDR_TEST_PG_URL'];
const redisUrl = process.env['OPENMDR_TEST_REDIS_URL'];
const packageRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const childFile = join(packageRoot, 'test', 'fixtures', 'dispatch-child.ts');
const COMMANDS = 6;

// The database drivers are dependencies of @openmdr/core; load them from there for cleanup.
const fromCore = createRequire(
  createRequire(import.meta.url).resolve('@openmdr/core/package.json'),
);
type Sql = { unsafe(query: string): Promise<unknown>; end(): Promise<void> };
type RedisClient = {
  keys(pattern: string): Promise<string[]>;
  del(...keys: string[]): Promise<number>;
  disconnect(): void;
};
const postgres = fromCore('postgres') as (url: string, options: { onnotice: () => void }) => Sql;
const { Redis } = fromCore('ioredis') as { Redis: new (url: string) => RedisClient };

async function runChildren(
  environment: Record<string, string>,
): Promise<Array<{ acted: number; replayed: number }>> {
  const children = [0, 1].map(() => {
    const child = spawn(
      process.execPath,
      ['--conditions=@openmdr/source', '--import', 'tsx', childFile],
      {
        cwd: packageRoot,
        env: { ...process.env, ...environment },
        stdio: ['pipe', 'pipe', 'pipe'],
      },
    );
    let output = '';
    const ready = new Promise<void>((resolve) => {
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('ready\n')) resolve();
      });
      child.on('exit', () => resolve());
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    const exit = new Promise<{ acted: number; replayed: number }>((resolve, reject) => {
      child.on('exit', (code) => {
        if (code !== 0) reject(new Error(`dispatch child failed (${code}):\n${output}`));
        else resolve(JSON.parse(output.trim().split('\n').at(-1) ?? '{}'));
      });
    });
    return { child, ready, exit };
  });
  await Promise.all(children.map((entry) => entry.ready));
  for (const { child } of children) child.stdin.write('go\n');
  return Promise.all(children.map((entry) => entry.exit));
}

async function crossProcess(environment: Record<string, string>) {
  const falcon = await simulatedCrowdstrike(1);
  try {
    const reports = await runChildren({
      ...environment,
      FALCON_URL: falcon.simulator.url,
      DEVICE: crowdstrikeHost,
      COMMANDS: String(COMMANDS),
    });
    const containCalls = falcon
      .apiRequests()
      .filter((request) => request.path === '/devices/entities/devices-actions/v2');
    return { reports, containCalls: containCalls.length };
  } finally {
    await falcon.close();
  }
}

describe.skipIf(!pgUrl)('dispatcher idempotency across processes on PostgreSQL', () => {
  it('two processes dispatching the same request ids act once per id', {
    timeout: 60_000,
  }, async () => {
    const schema = `openmdr_dispatch_${randomUUID().replace(/-/g, '')}`;
    try {
      const { reports, containCalls } = await crossProcess({
        DISPATCH_STORE: 'postgres',
        DISPATCH_URL: pgUrl ?? '',
        DISPATCH_NAMESPACE: schema,
      });
      expect(containCalls).toBe(COMMANDS);
      expect(reports.reduce((sum, report) => sum + report.acted, 0)).toBe(COMMANDS);
      expect(reports.reduce((sum, report) => sum + report.replayed, 0)).toBe(COMMANDS);
    } finally {
      const sql = postgres(pgUrl ?? '', { onnotice: () => {} });
      await sql.unsafe(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await sql.end();
    }
  });
});

describe.skipIf(!redisUrl)('dispatcher idempotency across processes on Redis', () => {
  it('two processes dispatching the same request ids act once per id', {
    timeout: 60_000,
  }, async () => {
    const prefix = `openmdr-dispatch-${randomUUID()}`;
    try {
      const { reports, containCalls } = await crossProcess({
        DISPATCH_STORE: 'redis',
        DISPATCH_URL: redisUrl ?? '',
        DISPATCH_NAMESPACE: prefix,
      });
      expect(containCalls).toBe(COMMANDS);
      expect(reports.reduce((sum, report) => sum + report.acted, 0)).toBe(COMMANDS);
    } finally {
      const redis = new Redis(redisUrl ?? '');
      const keys = await redis.keys(`${prefix}:*`);
      if (keys.length > 0) await redis.del(...keys);
      redis.disconnect();
    }
  });
});
