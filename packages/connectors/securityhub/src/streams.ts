import { type AwsSecurityFindingFilters, GetFindingsCommand } from '@aws-sdk/client-securityhub';
import type { StreamDefinition } from '@openmdr/connector-kit';
import { type IncrementalState, incrementalRead } from '@openmdr/connector-kit';
import type { SecurityhubClient } from './client.js';
import type { SecurityhubConfig } from './config.js';
import { normalizeAsffFinding } from './normalize-asff.js';

const DAY_MS = 86_400_000;

/** An ASFF finding as Security Hub's `GetFindings` writes it (`Id`, `ProductArn`, `UpdatedAt`…). */
export type SecurityhubFinding = Record<string, unknown>;

const findingTime = (finding: SecurityhubFinding): number =>
  Date.parse(String(finding['UpdatedAt']));

/**
 * The `GetFindings` filters of a read from `since` (epoch ms): `UpdatedAt` from it (a
 * `DateFilter` with `Start`), and the configured accounts, products and record states.
 */
export function securityhubFindingFilters(
  config: SecurityhubConfig,
  since: number,
): AwsSecurityFindingFilters {
  const equals = (values: readonly string[]) =>
    values.map((value) => ({ Value: value, Comparison: 'EQUALS' as const }));
  return {
    UpdatedAt: [{ Start: new Date(since).toISOString() }],
    ...(config.accountIds ? { AwsAccountId: equals(config.accountIds) } : {}),
    ...(config.productNames ? { ProductName: equals(config.productNames) } : {}),
    ...(config.recordStates ? { RecordState: equals(config.recordStates) } : {}),
  };
}

/** Pages of findings updated at or after `since`, oldest update first. */
async function* findingPages(
  client: SecurityhubClient,
  config: SecurityhubConfig,
  since: number,
  signal: AbortSignal | undefined,
): AsyncIterable<{ records: SecurityhubFinding[] }> {
  let nextToken: string | undefined;
  do {
    const command = new GetFindingsCommand({
      Filters: securityhubFindingFilters(config, since),
      SortCriteria: [{ Field: 'UpdatedAt', SortOrder: 'asc' }],
      MaxResults: config.pageSize,
      ...(nextToken ? { NextToken: nextToken } : {}),
    });
    const output = await client.send(command, signal ? { signal } : {});
    const body = client.rawBody(command) as { Findings?: SecurityhubFinding[] } | undefined;
    yield { records: body?.Findings ?? [] };
    nextToken = output.NextToken || undefined;
  } while (nextToken);
}

/**
 * The `findings` stream: Security Hub findings (ASFF, every integrated product's) updated at or
 * after the watermark minus `lookbackMs`, oldest update first (`GetFindings` with an `UpdatedAt`
 * filter, sorted by `UpdatedAt` ascending, next tokens); each version of a finding (`Id` and
 * `UpdatedAt`) is delivered once.
 */
export const findingsStream: StreamDefinition<SecurityhubConfig, SecurityhubClient> = {
  read: ({ client, config, context, signal }, state) =>
    incrementalRead<SecurityhubFinding>({
      state: state as IncrementalState | undefined,
      startAt: config.startAt ? Date.parse(config.startAt) : context.clock.now() - DAY_MS,
      lookbackMs: config.lookbackMs,
      idOf: (finding) => `${String(finding['Id'])}@${findingTime(finding)}`,
      timeOf: findingTime,
      pages: (since) => findingPages(client, config, since, signal),
    }),
  normalize: (raw) => normalizeAsffFinding(raw),
};
