import { type Condition, GetFindingsCommand, ListFindingsCommand } from '@aws-sdk/client-guardduty';
import type { StreamDefinition } from '@openmdr/connector-kit';
import { type IncrementalState, incrementalRead } from '@openmdr/connector-kit';
import type { GuarddutyClient } from './client.js';
import type { GuarddutyConfig } from './config.js';
import { normalizeGuardDutyFinding } from './normalize-finding.js';

const DAY_MS = 86_400_000;

/** `GetFindings` takes at most 50 finding ids. */
export const GUARDDUTY_GET_FINDINGS_MAX = 50;

/**
 * A finding as GuardDuty's `GetFindings` writes it (the API reference's field names: `id`,
 * `accountId`, `updatedAt`, `service.archived`…).
 */
export type GuarddutyFinding = Record<string, unknown>;

const findingTime = (finding: GuarddutyFinding): number => Date.parse(String(finding['updatedAt']));

/**
 * The `ListFindings` criteria of a read from `since` (epoch ms): `updatedAt` at or after it,
 * `service.archived` false unless archived findings are wanted, `accountId` among the configured
 * accounts.
 */
export function guarddutyFindingCriteria(
  config: GuarddutyConfig,
  since: number,
): Record<string, Condition> {
  return {
    updatedAt: { GreaterThanOrEqual: since },
    ...(config.includeArchived ? {} : { 'service.archived': { Equals: ['false'] } }),
    ...(config.accountIds ? { accountId: { Equals: [...config.accountIds] } } : {}),
  };
}

/**
 * Pages of findings updated at or after `since`: `ListFindings` (criteria, `updatedAt`
 * ascending, `pageSize` ids, `NextToken`), then `GetFindings` for each page's ids, returned in
 * the listed order.
 */
async function* findingPages(
  client: GuarddutyClient,
  config: GuarddutyConfig,
  since: number,
  signal: AbortSignal | undefined,
): AsyncIterable<{ records: GuarddutyFinding[] }> {
  const detectorId = await client.detectorId();
  const options = signal ? { signal } : {};
  let nextToken: string | undefined;
  do {
    const listed = await client.send(
      new ListFindingsCommand({
        DetectorId: detectorId,
        FindingCriteria: { Criterion: guarddutyFindingCriteria(config, since) },
        SortCriteria: { AttributeName: 'updatedAt', OrderBy: 'ASC' },
        MaxResults: config.pageSize,
        ...(nextToken ? { NextToken: nextToken } : {}),
      }),
      options,
    );
    const ids = listed.FindingIds ?? [];
    const records: GuarddutyFinding[] = [];
    for (let start = 0; start < ids.length; start += GUARDDUTY_GET_FINDINGS_MAX) {
      const batch = ids.slice(start, start + GUARDDUTY_GET_FINDINGS_MAX);
      const command = new GetFindingsCommand({
        DetectorId: detectorId,
        FindingIds: batch,
        SortCriteria: { AttributeName: 'updatedAt', OrderBy: 'ASC' },
      });
      await client.send(command, options);
      const body = client.rawBody(command) as { findings?: GuarddutyFinding[] } | undefined;
      const byId = new Map((body?.findings ?? []).map((finding) => [finding['id'], finding]));
      // a finding deleted between the two calls is simply absent
      for (const id of batch) {
        const finding = byId.get(id);
        if (finding) records.push(finding);
      }
    }
    yield { records };
    nextToken = listed.NextToken || undefined;
  } while (nextToken);
}

/**
 * The `findings` stream: GuardDuty findings updated at or after the watermark minus `lookbackMs`,
 * oldest update first (`ListFindings` then `GetFindings`); each version of a finding (id and
 * `updatedAt`) is delivered once. GuardDuty updates a finding in place when it recurs (its
 * `service.count` and `updatedAt` grow), so every recurrence is a new record.
 */
export const findingsStream: StreamDefinition<GuarddutyConfig, GuarddutyClient> = {
  read: ({ client, config, context, signal }, state) =>
    incrementalRead<GuarddutyFinding>({
      state: state as IncrementalState | undefined,
      startAt: config.startAt ? Date.parse(config.startAt) : context.clock.now() - DAY_MS,
      lookbackMs: config.lookbackMs,
      idOf: (finding) => `${String(finding['id'])}@${findingTime(finding)}`,
      timeOf: findingTime,
      pages: (since) => findingPages(client, config, since, signal),
    }),
  normalize: (raw) => normalizeGuardDutyFinding(raw),
};
