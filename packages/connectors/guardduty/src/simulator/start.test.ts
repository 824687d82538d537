import { readFileSync } from 'node:fs';
import type { SimulatorRecord } from '@openmdr/connector-kit/simulator';
import { afterEach, describe, expect, it } from 'vitest';
import { guarddutyConnector, normalizeGuardDutyFinding } from '../index.js';
import { GUARDDUTY_DETECTOR_ID, startGuarddutySimulator } from './index.js';

const findings = (
  JSON.parse(
    readFileSync(new URL('../__fixtures__/findings.json', import.meta.url), 'utf8'),
  ) as SimulatorRecord[]
).filter((finding) => typeof finding['updatedAt'] === 'string');
const archivedInFixtures = findings
  .filter(
    (finding) => (finding['service'] as { archived?: boolean } | undefined)?.archived === true,
  )
  .map((finding) => String(finding['id']));
const idsOf = (records: readonly unknown[]) =>
  records.map((record) => String((record as SimulatorRecord)['id']));

type Simulated = Awaited<ReturnType<typeof startGuarddutySimulator>>;
let simulated: Simulated | undefined;
afterEach(async () => {
  await simulated?.close();
  simulated = undefined;
});

async function start(
  extra: Record<string, unknown> = {},
  data: Parameters<typeof startGuarddutySimulator>[0] = {},
) {
  simulated = await startGuarddutySimulator({
    findings,
    startAt: '2025-01-01T00:00:00Z',
    retryAfterSeconds: 0,
    ...data,
  });
  const instance = await guarddutyConnector.connect({
    ...simulated,
    config: { ...simulated.config, ...extra },
    tenant: 'acme',
    timeouts: { headersMs: 2_000, bodyMs: 2_000 },
  });
  const readAll = async () => {
    const records: unknown[] = [];
    for await (const batch of instance.read('findings')) records.push(...batch.records);
    return records;
  };
  return { simulated, instance, readAll };
}

describe('startGuarddutySimulator', () => {
  it('serves the unarchived findings: ListDetectors, ListFindings by updatedAt, GetFindings', async () => {
    const { simulated, instance, readAll } = await start({ pageSize: 5 });
    const records = await readAll();
    const expected = idsOf(findings).filter((id) => !archivedInFixtures.includes(id));
    expect(archivedInFixtures).toHaveLength(1);
    expect(idsOf(records).sort()).toEqual(expected.sort());
    // oldest update first, as GuardDuty sorted them
    const times = records.map((record) =>
      Date.parse(String((record as SimulatorRecord)['updatedAt'])),
    );
    expect(times).toEqual([...times].sort((a, b) => a - b));
    const paths = simulated.simulator.requests.map(
      (request) => `${request.method} ${request.path}`,
    );
    expect(paths[0]).toBe('GET /detector');
    expect(simulated.state.listFindings).toHaveLength(Math.ceil(expected.length / 5));
    expect(simulated.state.listFindings[0]).toEqual({
      findingCriteria: {
        criterion: {
          updatedAt: { greaterThanOrEqual: Date.parse('2025-01-01T00:00:00Z') },
          'service.archived': { equals: ['false'] },
        },
      },
      sortCriteria: { attributeName: 'updatedAt', orderBy: 'ASC' },
      maxResults: 5,
    });
    expect(simulated.state.listFindings[1]).toMatchObject({ nextToken: expect.any(String) });
    expect(simulated.state.getFindings.every((ids) => ids.length <= 5)).toBe(true);
    await instance.close();
  });

  it('keeps the API’s field names and epoch-second timestamps, and normalises them', async () => {
    const { instance, readAll } = await start({ detectorId: GUARDDUTY_DETECTOR_ID });
    const records = (await readAll()) as SimulatorRecord[];
    const s3 = records.find((record) => String(record['type']).startsWith('Exfiltration:S3/'));
    const resource = s3?.['resource'] as { s3BucketDetails?: { createdAt: unknown }[] } | undefined;
    const bucket = resource?.s3BucketDetails?.[0];
    expect(typeof bucket?.createdAt).toBe('number');
    const events = records.map((record) => normalizeGuardDutyFinding(record));
    expect(events.every((event) => event.class_uid === 2004)).toBe(true);
    const created = JSON.stringify(events).match(/"created_time":(\d+)/g) ?? [];
    // no epoch seconds read as milliseconds (1970)
    expect(created.every((entry) => Number(entry.split(':')[1]) > 1e12)).toBe(true);
    await instance.close();
  });

  it('narrows to the configured accounts and reads archived findings on request', async () => {
    const other = {
      ...findings[0],
      id: 'ff00ff00ff00ff00ff00ff00ff00ff00',
      accountId: '210987654321',
    };
    const { simulated, instance, readAll } = await start(
      { accountIds: ['210987654321'], includeArchived: true },
      { findings: [...findings, other] },
    );
    expect(idsOf(await readAll())).toEqual(['ff00ff00ff00ff00ff00ff00ff00ff00']);
    expect(simulated.state.listFindings[0]).toMatchObject({
      findingCriteria: { criterion: { accountId: { equals: ['210987654321'] } } },
    });
    expect(
      (simulated.state.listFindings[0] as { findingCriteria: { criterion: object } })
        .findingCriteria.criterion,
    ).not.toHaveProperty(['service.archived']);
    await instance.close();
  });

  it('refreshes expired credentials mid-read and retries GuardDuty’s throttling', async () => {
    const { simulated, instance, readAll } = await start({ pageSize: 4 });
    simulated.state.failNext('GetFindings', 'expired-token');
    simulated.state.failNext('ListFindings', 'throttling', 2);
    const records = await readAll();
    expect(records).toHaveLength(findings.length - archivedInFixtures.length);
    const statuses = simulated.simulator.requests.map((request) => request.status);
    expect(statuses.filter((status) => status === 429)).toHaveLength(2);
    expect(statuses.filter((status) => status === 403)).toHaveLength(1);
    await instance.close();
  });

  it('reads only new versions on the next run', async () => {
    const { simulated, instance } = await start();
    let state: unknown;
    for await (const batch of instance.read('findings')) state = batch.state;
    const updated = {
      ...findings[2],
      updatedAt: '2025-12-01T00:00:00.000Z',
      service: { ...(findings[2]?.['service'] as object), count: 7 },
    };
    simulated.simulator.addRecord(`/detector/${GUARDDUTY_DETECTOR_ID}/findings`, updated);
    const second: unknown[] = [];
    for await (const batch of instance.read('findings', state as never))
      second.push(...batch.records);
    expect(idsOf(second)).toEqual([String(findings[2]?.['id'])]);
    await instance.close();
  });

  it('fails with typed errors: refused permission, unknown detector', async () => {
    const { simulated, instance, readAll } = await start();
    simulated.state.failNext('ListFindings', 'access-denied');
    await expect(readAll()).rejects.toMatchObject({ code: 'CONNECTOR_AUTH' });
    await instance.close();
    const other = await start({ detectorId: 'abcdef0123456789abcdef0123456789' });
    const error = await other.readAll().catch((caught: unknown) => caught);
    expect(error).toMatchObject({ status: 400, details: { awsErrorCode: 'BadRequestException' } });
    expect((error as Error).message).toContain('not owned by the current account');
    await other.instance.close();
  });

  it('archives findings and records feedback', async () => {
    const { simulated, instance, readAll } = await start();
    const id = String(findings[0]?.['id']);
    expect(await instance.runAction('archive-findings', { findingIds: [id] })).toEqual({
      detectorId: GUARDDUTY_DETECTOR_ID,
      archived: [id],
    });
    expect(
      await instance.runAction('update-feedback', {
        findingIds: [id],
        feedback: 'USEFUL',
        comments: 'confirmed',
      }),
    ).toMatchObject({ updated: [id], feedback: 'USEFUL' });
    expect(simulated.state.feedback).toEqual([
      { findingIds: [id], feedback: 'USEFUL', comments: 'confirmed' },
    ]);
    expect(idsOf(await readAll())).not.toContain(id);
    await instance.close();
  });
});
