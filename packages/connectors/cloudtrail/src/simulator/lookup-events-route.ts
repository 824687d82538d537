import { randomUUID } from 'node:crypto';
import type {
  SimulatorRequest,
  SimulatorResponse,
  SimulatorRoute,
} from '@openmdr/connector-kit/simulator';

/** The `X-Amz-Target` of CloudTrail's LookupEvents (JSON 1.1 protocol), as the SDK sends it. */
export const LOOKUP_EVENTS_TARGET = 'CloudTrail_20131101.LookupEvents';

/** The same target with the service's full Smithy namespace, which CloudTrail accepts too. */
const LONG_TARGET = `com.amazonaws.cloudtrail.v20131101.${LOOKUP_EVENTS_TARGET}`;

/** A LookupEvents event as the service serializes it (`EventTime` in epoch seconds). */
export interface SimulatedLookupEvent {
  EventId: string;
  EventName?: string;
  ReadOnly?: string;
  AccessKeyId?: string;
  EventTime: number;
  EventSource?: string;
  Username?: string;
  CloudTrailEvent: string;
}

/** What the LookupEvents route serves and records. */
export interface LookupEventsData {
  /** The events, any order (served newest first). */
  readonly events: SimulatedLookupEvent[];
  /** Epoch ms of every LookupEvents call answered or refused. */
  readonly calls: number[];
  /** Calls still to answer with `ThrottlingException`. */
  throttleNext: number;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** A CloudTrail record as LookupEvents returns it. */
export function lookupEventOf(record: Record<string, unknown>): SimulatedLookupEvent {
  const identity = (record['userIdentity'] ?? {}) as Record<string, unknown>;
  const issuer = ((identity['sessionContext'] as Record<string, unknown> | undefined)?.[
    'sessionIssuer'
  ] ?? {}) as Record<string, unknown>;
  const username = str(identity['userName']) ?? str(issuer['userName']);
  const accessKeyId = str(identity['accessKeyId']);
  const eventName = str(record['eventName']);
  const eventSource = str(record['eventSource']);
  return {
    EventId: str(record['eventID']) ?? randomUUID(),
    ...(eventName ? { EventName: eventName } : {}),
    ReadOnly: String(record['readOnly'] ?? false),
    ...(accessKeyId ? { AccessKeyId: accessKeyId } : {}),
    EventTime: Date.parse(String(record['eventTime'])) / 1000,
    ...(eventSource ? { EventSource: eventSource } : {}),
    ...(username ? { Username: username } : {}),
    CloudTrailEvent: JSON.stringify(record),
  };
}

function json(body: unknown, status = 200, errorType?: string): SimulatorResponse {
  return {
    status,
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amzn-requestid': randomUUID(),
      ...(errorType ? { 'x-amzn-errortype': errorType } : {}),
    },
    body: JSON.stringify(errorType ? { __type: errorType, ...(body as object) } : body),
  };
}

/**
 * Answers one LookupEvents request from `data` (SigV4 header shape, target, scripted
 * throttling, time window, newest first, 50 a page with a `NextToken`).
 */
export function answerLookupEvents(
  data: LookupEventsData,
  request: SimulatorRequest,
): SimulatorResponse {
  const authorization = request.headers['authorization'] ?? '';
  if (
    !/^AWS4-HMAC-SHA256 Credential=[A-Z0-9]{16,128}\/\d{8}\/[a-z0-9-]+\/cloudtrail\/aws4_request,/.test(
      authorization,
    )
  ) {
    return json(
      { message: 'Missing or malformed SigV4 authorization' },
      400,
      'UnrecognizedClientException',
    );
  }
  const target = request.headers['x-amz-target'];
  if (target !== LOOKUP_EVENTS_TARGET && target !== LONG_TARGET) {
    return json({ message: 'only LookupEvents is simulated' }, 400, 'UnknownOperationException');
  }
  data.calls.push(Date.now());
  if (data.throttleNext > 0) {
    data.throttleNext -= 1;
    return json({ message: 'Rate exceeded' }, 400, 'ThrottlingException');
  }
  const input = (request.json ?? {}) as Record<string, unknown>;
  const start = typeof input['StartTime'] === 'number' ? input['StartTime'] : 0;
  const end = typeof input['EndTime'] === 'number' ? input['EndTime'] : Number.POSITIVE_INFINITY;
  const max = Math.min(50, typeof input['MaxResults'] === 'number' ? input['MaxResults'] : 50);
  const offset = Number(str(input['NextToken'])?.replace(/^page-/, '') ?? 0);
  const window = data.events
    .filter((event) => event.EventTime >= start && event.EventTime <= end)
    .sort((a, b) => b.EventTime - a.EventTime || a.EventId.localeCompare(b.EventId));
  const page = window.slice(offset, offset + max);
  const next = offset + max < window.length ? `page-${offset + max}` : undefined;
  return json({ Events: page, ...(next ? { NextToken: next } : {}) });
}

/**
 * The CloudTrail `LookupEvents` route for the kit's simulator framework (JSON 1.1 protocol on
 * `POST /`): events between `StartTime` and `EndTime`, newest first, 50 a page with a
 * `NextToken`; a SigV4 `Authorization` header for the `cloudtrail` service is required (its
 * shape is checked, not its signature: the kit's SigV4 checker is private to its AWS
 * simulator); `throttleNext` calls answer `ThrottlingException`.
 */
export function lookupEventsRoutes(data: LookupEventsData): SimulatorRoute[] {
  return [{ method: 'POST', path: '/', handle: (request) => answerLookupEvents(data, request) }];
}
