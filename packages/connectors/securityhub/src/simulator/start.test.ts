import type { SimulatorRecord } from '@openmdr/connector-kit/simulator';
import { afterEach, describe, expect, it } from 'vitest';
import { normalizeAsffFinding, securityhubConnector } from '../index.js';
import { fixtureFindings } from '../securityhub.test-helpers.js';
import { startSecurityhubSimulator } from './index.js';

const findings = fixtureFindings();
const idsOf = (records: readonly unknown[]) =>
  records.map((record) => String((record as SimulatorRecord)['Id']));

type Simulated = Awaited<ReturnType<typeof startSecurityhubSimulator>>;
let simulated: Simulated | undefined;
afterEach(async () => {
  await simulated?.close();
  simulated = undefined;
});

async function start(
  extra: Record<string, unknown> = {},
  data: Parameters<typeof startSecurityhubSimulator>[0] = {},
) {
  simulated = await startSecurityhubSimulator({
    findings,
    startAt: '2020-01-01T00:00:00Z',
    retryAfterSeconds: 0,
    ...data,
  });
  const instance = await securityhubConnector.connect({
    ...simulated,
    config: { ...simulated.config, ...extra },
    tenant: 'acme',
    timeouts: { headersMs: 2_000, bodyMs: 2_000 },
  });
  const read = async (state?: unknown) => {
    const records: unknown[] = [];
    let last: unknown = state;
    for await (const batch of instance.read('findings', state as never)) {
      records.push(...batch.records);
      last = batch.state;
    }
    return { records, state: last };
  };
  return { simulated, instance, read };
}

describe('startSecurityhubSimulator', () => {
  it('serves every finding by UpdatedAt ascending, page by page', async () => {
    const { simulated, instance, read } = await start({ pageSize: 20 });
    const { records } = await read();
    expect(idsOf(records).sort()).toEqual(idsOf(findings).sort());
    const times = records.map((record) =>
      Date.parse(String((record as SimulatorRecord)['UpdatedAt'])),
    );
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(simulated.state.getFindings).toHaveLength(Math.ceil(findings.length / 20));
    expect(simulated.state.getFindings[0]).toEqual({
      Filters: { UpdatedAt: [{ Start: '2020-01-01T00:00:00.000Z' }] },
      SortCriteria: [{ Field: 'UpdatedAt', SortOrder: 'asc' }],
      MaxResults: 20,
    });
    expect(simulated.state.getFindings[1]).toMatchObject({ NextToken: expect.any(String) });
    const classes = new Set(records.map((record) => normalizeAsffFinding(record).class_uid));
    expect([...classes].sort()).toEqual([2002, 2003, 2004]);
    await instance.close();
  });

  it('filters by account, product and record state', async () => {
    const { simulated, instance, read } = await start({
      productNames: ['GuardDuty'],
      recordStates: ['ACTIVE'],
    });
    const { records } = await read();
    const expected = findings.filter(
      (finding) => finding['ProductName'] === 'GuardDuty' && finding['RecordState'] === 'ACTIVE',
    );
    expect(expected.length).toBeGreaterThan(0);
    expect(idsOf(records).sort()).toEqual(idsOf(expected).sort());
    expect(simulated.state.getFindings[0]).toMatchObject({
      Filters: {
        ProductName: [{ Value: 'GuardDuty', Comparison: 'EQUALS' }],
        RecordState: [{ Value: 'ACTIVE', Comparison: 'EQUALS' }],
      },
    });
    await instance.close();
  });

  it('refreshes expired credentials mid-read and retries Security Hub’s throttling', async () => {
    const { simulated, instance, read } = await start({ pageSize: 10 });
    simulated.state.failNext('GetFindings', 'throttling', 2);
    const { records } = await read();
    simulated.state.failNext('GetFindings', 'expired-token');
    const again = await read();
    expect(records).toHaveLength(findings.length);
    expect(again.records).toHaveLength(findings.length);
    const statuses = simulated.simulator.requests.map((request) => request.status);
    expect(statuses.filter((status) => status === 429)).toHaveLength(2);
    expect(statuses.filter((status) => status === 403)).toHaveLength(1);
    await instance.close();
  });

  it('updates findings, and the next read delivers the new version once', async () => {
    const { instance, read } = await start();
    const { state } = await read();
    const [target] = findings;
    const id = String(target?.['Id']);
    const productArn = String(target?.['ProductArn']);
    const output = await instance.runAction('update-findings', {
      findings: [
        { id, productArn },
        { id: 'arn:aws:securityhub:us-east-1:123456789012:finding/missing', productArn },
      ],
      workflowStatus: 'SUPPRESSED',
      note: { text: 'accepted risk' },
    });
    expect(output).toEqual({
      processed: [{ id, productArn }],
      unprocessed: [
        {
          id: 'arn:aws:securityhub:us-east-1:123456789012:finding/missing',
          productArn,
          errorCode: 'FindingNotFound',
          errorMessage: 'Finding Not Found',
        },
      ],
    });
    const next = await read(state);
    expect(idsOf(next.records)).toEqual([id]);
    expect(next.records[0]).toMatchObject({
      Workflow: { Status: 'SUPPRESSED' },
      Note: { Text: 'accepted risk', UpdatedBy: 'OpenMDR' },
    });
    expect((await read(next.state)).records).toEqual([]);
    await expect(
      instance.runAction('update-findings', {
        findings: [{ id: 'arn:aws:securityhub:us-east-1:123456789012:finding/none', productArn }],
        severity: { label: 'LOW' },
      }),
    ).rejects.toThrow(/FindingNotFound/);
    await instance.close();
  });

  it('fails with typed errors: not subscribed, refused permission', async () => {
    const unsubscribed = await start({}, { subscribed: false });
    const error = await unsubscribed.instance.check().catch((caught: unknown) => caught);
    expect(error).toMatchObject({ details: { awsErrorCode: 'InvalidAccessException' } });
    await unsubscribed.instance.close();
    await simulated?.close();
    const { simulated: denied, instance, read } = await start();
    denied.state.failNext('GetFindings', 'access-denied');
    await expect(read()).rejects.toMatchObject({ code: 'CONNECTOR_AUTH' });
    await instance.close();
  });
});
