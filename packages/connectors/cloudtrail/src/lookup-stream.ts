import { type Event, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import {
  type ConnectorSession,
  type IncrementalState,
  incrementalRead,
  type StreamDefinition,
} from '@openmdr/connector-kit';
import { awsSend } from '@openmdr/connector-kit/aws';
import type { CloudtrailClient } from './client.js';
import type { CloudtrailConfig } from './config.js';
import { normalizeCloudTrailStreamRecord } from './normalize-stream-record.js';

const DAY_MS = 86_400_000;

/** Events per LookupEvents page (CloudTrail's maximum). */
export const LOOKUP_PAGE_SIZE = 50;

/** A LookupEvents event as the stream delivers it: plain JSON, `EventTime` in ISO 8601. */
export type LookupEventRecord = Omit<Event, 'EventTime'> & { EventTime?: string };

function plain(event: Event): LookupEventRecord {
  const { EventTime, ...rest } = event;
  return { ...rest, ...(EventTime ? { EventTime: new Date(EventTime).toISOString() } : {}) };
}

type Session = ConnectorSession<CloudtrailConfig, CloudtrailClient>;

/**
 * LookupEvents pages from `since` to now, newest first, under the stream's own budget
 * (`lookupRequestsPerSecond`, at most CloudTrail's 2 per second) inside the tenant's AWS budget.
 */
async function* lookupPages(
  session: Session,
  since: number,
): AsyncGenerator<{ records: LookupEventRecord[] }> {
  const { client, config, context, signal } = session;
  const end = context.clock.now();
  const budget = context.rateLimiter?.(`cloudtrail-lookup-events.${config.region}`, {
    requests: 1,
    perMs: Math.ceil(1000 / config.lookupRequestsPerSecond),
  });
  let token: string | undefined;
  do {
    const command = new LookupEventsCommand({
      StartTime: new Date(since),
      EndTime: new Date(end),
      MaxResults: LOOKUP_PAGE_SIZE,
      ...(token ? { NextToken: token } : {}),
    });
    const send = () => awsSend(client.cloudtrail, command, context, signal ? { signal } : {});
    const page = await (budget ? budget.schedule(send) : send());
    token = page.NextToken || undefined;
    yield { records: (page.Events ?? []).map(plain) };
  } while (token !== undefined && !signal?.aborted);
}

const timeOf = (event: LookupEventRecord): number => Date.parse(event.EventTime ?? '') || 0;

/**
 * The `lookup-events` stream, for small accounts without a trail to S3: management events of
 * the last 90 days from `LookupEvents`, in windows from the watermark minus `lookbackMs` to now,
 * page by page (`NextToken`), each `EventId` delivered once (a bounded memory in the state).
 * LookupEvents answers newest first, so the watermark advances once a window is read whole.
 */
export const lookupEventsStream: StreamDefinition<CloudtrailConfig, CloudtrailClient> = {
  read: (session, state) =>
    incrementalRead<LookupEventRecord>({
      state: state as IncrementalState | undefined,
      startAt: session.config.startAt
        ? Date.parse(session.config.startAt)
        : session.context.clock.now() - DAY_MS,
      lookbackMs: session.config.lookbackMs,
      idOf: (event) => event.EventId ?? `${event.EventName}@${event.EventTime}`,
      timeOf,
      order: 'unordered',
      pages: (since) => lookupPages(session, since),
    }),
  normalize: (raw) => normalizeCloudTrailStreamRecord(raw),
};
