import { randomUUID } from 'node:crypto';
import type {
  SimulatorRecord,
  SimulatorRequest,
  SimulatorResponse,
  SimulatorRoute,
  VendorSimulatorOptions,
} from '@openmdr/connector-kit/simulator';
import { liveRecords, pageToken, type SigV4Credentials } from '@openmdr/connector-kit/simulator';

/** The simulated detector (GuardDuty detector ids are 32 lowercase hex characters). */
export const GUARDDUTY_DETECTOR_ID = '12abc34d567e8fa901bc2d34e56789f0';

/** The simulated region. */
export const GUARDDUTY_REGION = 'us-east-1';

/** The simulator's access key (a placeholder, never a real key). */
export const GUARDDUTY_ACCESS_KEY: SigV4Credentials = {
  accessKeyId: 'AKIAOPENMDRSIMGD0001',
  secretAccessKey: 'sim-guardduty-secret-access-key-0123456789',
};

/** Paths of the simulated GuardDuty REST-JSON API (as the API reference writes them). */
export const GUARDDUTY_PATHS = {
  detectors: '/detector',
  /** `ListFindings`, and the findings dataset of the simulated detector. */
  findings: `/detector/${GUARDDUTY_DETECTOR_ID}/findings`,
  getFindings: '/detector/:detectorId/findings/get',
  archive: '/detector/:detectorId/findings/archive',
  feedback: '/detector/:detectorId/findings/feedback',
} as const;

/** An AWS-style error the simulator answers for an operation. */
export type GuarddutySimError = 'throttling' | 'expired-token' | 'access-denied' | 'internal';

/** What a simulated GuardDuty detector serves. */
export interface GuarddutySimulatorData {
  /** Findings as `GetFindings` returns them (the API's field names: `id`, `updatedAt`…). */
  findings?: readonly SimulatorRecord[];
  /** The access keys accepted. Default {@link GUARDDUTY_ACCESS_KEY}. */
  accessKeys?: readonly SigV4Credentials[];
  /** `Retry-After` of a scripted throttling, seconds. Default 1. */
  retryAfterSeconds?: number;
}

/** The simulator's record of calls and its scripted failures. */
export interface GuarddutySimulatorState {
  /** Every `ListFindings` request body, in order. */
  readonly listFindings: unknown[];
  /** Every `GetFindings` request's ids, in order. */
  readonly getFindings: string[][];
  /** Archived finding ids. */
  readonly archived: Set<string>;
  /** `UpdateFindingsFeedback` calls. */
  readonly feedback: { findingIds: string[]; feedback: string; comments?: string }[];
  /** Answers the next `times` calls of `operation` (`ListFindings`, `GetFindings`…) with `error`. */
  failNext(operation: string, error: GuarddutySimError, times?: number): void;
}

type Criterion = Record<string, Record<string, unknown>>;

/**
 * A GuardDuty error as the REST-JSON protocol writes it: the status, `x-amzn-ErrorType` and a
 * body `{ message, __type }`.
 */
export function guarddutyError(
  status: number,
  type: string,
  message: string,
  headers: Record<string, string> = {},
): SimulatorResponse {
  return {
    status,
    headers: { 'x-amzn-errortype': type, 'x-amzn-requestid': randomUUID(), ...headers },
    body: { message, __type: type },
  };
}

const badRequest = (message: string) => guarddutyError(400, 'BadRequestException', message);

function scriptedError(kind: GuarddutySimError, retryAfterSeconds: number): SimulatorResponse {
  switch (kind) {
    case 'throttling':
      return guarddutyError(429, 'TooManyRequestsException', 'Rate exceeded', {
        'retry-after': String(retryAfterSeconds),
      });
    case 'expired-token':
      return guarddutyError(
        403,
        'ExpiredTokenException',
        'The security token included in the request is expired',
      );
    case 'access-denied':
      return guarddutyError(
        403,
        'AccessDeniedException',
        'User is not authorized to perform this action on the detector',
      );
    case 'internal':
      return guarddutyError(500, 'InternalServerErrorException', 'Internal server error');
  }
}

const json = (body: unknown): SimulatorResponse => ({
  headers: { 'x-amzn-requestid': randomUUID() },
  body,
});

function input(request: SimulatorRequest): Record<string, unknown> {
  return request.json !== null && typeof request.json === 'object'
    ? (request.json as Record<string, unknown>)
    : {};
}

function readPath(record: SimulatorRecord, path: string): unknown {
  let value: unknown = record;
  for (const part of path.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

const TIME_FIELDS = new Set(['createdAt', 'updatedAt']);

/**
 * The members GuardDuty's model types `timestamp` inside a finding (`resource.s3BucketDetails[].createdAt`,
 * `service.runtimeDetails.process.startTime`…): REST-JSON writes them as epoch seconds. The
 * finding's own `createdAt` / `updatedAt` are strings.
 */
const TIMESTAMP_MEMBERS = new Set([
  'createdAt',
  'createdTime',
  'date',
  'endTime',
  'expiresAt',
  'firstSeenAt',
  'lastGeneratedAt',
  'lastModifiedAt',
  'lastSeenAt',
  'launchedAt',
  'modifiedAt',
  'scanCompletedAt',
  'scanEndTime',
  'scanStartTime',
  'scanStartedAt',
  'startTime',
  'startedAt',
  'updatedAt',
]);

/** A nested value as the wire has it: ISO timestamps of timestamp members as epoch seconds. */
function wireValue(value: unknown, key: string | undefined): unknown {
  if (Array.isArray(value)) return value.map((item) => wireValue(item, key));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([name, item]) => [name, wireValue(item, name)]),
    );
  }
  if (typeof value === 'string' && key !== undefined && TIMESTAMP_MEMBERS.has(key)) {
    const time = Date.parse(value);
    if (!Number.isNaN(time)) return time / 1000;
  }
  return value;
}

/** A finding as `GetFindings` writes it: its nested timestamp members as epoch seconds. */
export function guarddutyWireFinding(finding: SimulatorRecord): SimulatorRecord {
  return Object.fromEntries(
    Object.entries(finding).map(([name, value]) => [
      name,
      value !== null && typeof value === 'object' ? wireValue(value, undefined) : value,
    ]),
  );
}

/** The comparable value of a finding field: epoch ms for the times, else the value. */
function comparable(record: SimulatorRecord, field: string): unknown {
  const value = readPath(record, field);
  return TIME_FIELDS.has(field) ? Date.parse(String(value ?? '')) : value;
}

/** Whether a finding matches every condition of a `FindingCriteria.criterion`. */
function matches(record: SimulatorRecord, criterion: Criterion): boolean {
  return Object.entries(criterion).every(([field, condition]) => {
    const value = comparable(record, field);
    return Object.entries(condition).every(([operator, operand]) => {
      const number = Number(value);
      switch (operator) {
        case 'eq':
        case 'equals':
          return (operand as unknown[]).map(String).includes(String(value));
        case 'neq':
        case 'notEquals':
          return !(operand as unknown[]).map(String).includes(String(value));
        case 'gt':
        case 'greaterThan':
          return number > Number(operand);
        case 'gte':
        case 'greaterThanOrEqual':
          return number >= Number(operand);
        case 'lt':
        case 'lessThan':
          return number < Number(operand);
        case 'lte':
        case 'lessThanOrEqual':
          return number <= Number(operand);
        default:
          return true;
      }
    });
  });
}

/** Findings sorted by a `SortCriteria` (default `updatedAt` ascending), id breaking ties. */
function sorted(records: readonly SimulatorRecord[], sort: unknown): SimulatorRecord[] {
  const criteria = (sort ?? {}) as { attributeName?: string; orderBy?: string };
  const field = criteria.attributeName ?? 'updatedAt';
  const direction = criteria.orderBy === 'DESC' ? -1 : 1;
  const key = (record: SimulatorRecord) => comparable(record, field);
  return [...records].sort((left, right) => {
    const a = key(left);
    const b = key(right);
    const order =
      typeof a === 'number' && typeof b === 'number'
        ? a - b
        : String(a ?? '').localeCompare(String(b ?? ''));
    return order * direction || String(left['id']).localeCompare(String(right['id']));
  });
}

/** The findings of the simulated detector, archived ones marked so. */
function findings(request: SimulatorRequest, archived: ReadonlySet<string>): SimulatorRecord[] {
  return liveRecords(request, GUARDDUTY_PATHS.findings).map((record) =>
    archived.has(String(record['id']))
      ? {
          ...record,
          service: { ...(record['service'] as object | undefined), archived: true },
        }
      : record,
  );
}

/**
 * The routes of the simulated GuardDuty REST-JSON API, with the request and response shapes of
 * the API reference: `ListDetectors` (`GET /detector`), `ListFindings`
 * (`POST /detector/{detectorId}/findings`: `findingCriteria.criterion` with the `equals`,
 * `greaterThanOrEqual`… conditions, `sortCriteria`, `maxResults` ≤ 50, `nextToken`),
 * `GetFindings` (`POST …/findings/get`, ≤ 50 ids), `ArchiveFindings` (`…/findings/archive`) and
 * `UpdateFindingsFeedback` (`…/findings/feedback`). An unknown detector is a 400
 * `BadRequestException`; scripted failures answer as GuardDuty does.
 */
export function guarddutyRoutes(
  data: GuarddutySimulatorData,
  state: GuarddutySimulatorState,
  scripted: Map<string, { error: GuarddutySimError; remaining: number }>,
): SimulatorRoute[] {
  const retryAfter = data.retryAfterSeconds ?? 1;
  const guarded =
    (operation: string, handle: (request: SimulatorRequest) => SimulatorResponse) =>
    (request: SimulatorRequest): SimulatorResponse => {
      const failure = scripted.get(operation);
      if (failure && failure.remaining > 0) {
        failure.remaining -= 1;
        return scriptedError(failure.error, retryAfter);
      }
      const detectorId = request.params['detectorId'];
      if (detectorId !== undefined && detectorId !== GUARDDUTY_DETECTOR_ID) {
        return badRequest(
          'The request is rejected because the input detectorId is not owned by the current account.',
        );
      }
      return handle(request);
    };
  const findingIdsOf = (request: SimulatorRequest): string[] | SimulatorResponse => {
    const ids = input(request)['findingIds'];
    if (!Array.isArray(ids) || ids.length === 0 || ids.length > 50) {
      return badRequest(
        'The request is rejected because findingIds must contain between 1 and 50 ids.',
      );
    }
    return ids.map(String);
  };
  return [
    {
      method: 'GET',
      path: GUARDDUTY_PATHS.detectors,
      handle: guarded('ListDetectors', () => json({ detectorIds: [GUARDDUTY_DETECTOR_ID] })),
    },
    {
      method: 'POST',
      path: '/detector/:detectorId/findings',
      handle: guarded('ListFindings', (request) => {
        const body = input(request);
        state.listFindings.push(body);
        const max = body['maxResults'] === undefined ? 50 : Number(body['maxResults']);
        if (!Number.isInteger(max) || max < 1 || max > 50) {
          return badRequest('The request is rejected because maxResults must be from 1 to 50.');
        }
        const criterion = ((body['findingCriteria'] as { criterion?: Criterion } | undefined)
          ?.criterion ?? {}) as Criterion;
        const offset = pageToken.decode(body['nextToken'] as string | undefined);
        const matching = sorted(
          findings(request, state.archived).filter((record) => matches(record, criterion)),
          body['sortCriteria'],
        );
        const page = matching.slice(offset, offset + max);
        return json({
          findingIds: page.map((record) => String(record['id'])),
          ...(offset + max < matching.length ? { nextToken: pageToken.encode(offset + max) } : {}),
        });
      }),
    },
    {
      method: 'POST',
      path: GUARDDUTY_PATHS.getFindings,
      handle: guarded('GetFindings', (request) => {
        const ids = findingIdsOf(request);
        if (!Array.isArray(ids)) return ids;
        state.getFindings.push(ids);
        const wanted = new Set(ids);
        const found = findings(request, state.archived).filter((record) =>
          wanted.has(String(record['id'])),
        );
        return json({
          findings: sorted(found, input(request)['sortCriteria']).map(guarddutyWireFinding),
        });
      }),
    },
    {
      method: 'POST',
      path: GUARDDUTY_PATHS.archive,
      handle: guarded('ArchiveFindings', (request) => {
        const ids = findingIdsOf(request);
        if (!Array.isArray(ids)) return ids;
        for (const id of ids) state.archived.add(id);
        return json({});
      }),
    },
    {
      method: 'POST',
      path: GUARDDUTY_PATHS.feedback,
      handle: guarded('UpdateFindingsFeedback', (request) => {
        const ids = findingIdsOf(request);
        if (!Array.isArray(ids)) return ids;
        const body = input(request);
        const feedback = String(body['feedback'] ?? '');
        if (feedback !== 'USEFUL' && feedback !== 'NOT_USEFUL') {
          return badRequest(
            'The request is rejected because feedback is not USEFUL or NOT_USEFUL.',
          );
        }
        const comments = body['comments'];
        state.feedback.push({
          findingIds: ids,
          feedback,
          ...(typeof comments === 'string' ? { comments } : {}),
        });
        return json({});
      }),
    },
  ];
}

/** A simulated GuardDuty detector: the framework's options and the simulator's state. */
export interface GuarddutySimulation {
  /** Options for `createVendorSimulator`. */
  options: VendorSimulatorOptions;
  /** Calls seen, archived findings, scripted failures. */
  state: GuarddutySimulatorState;
}

/**
 * A simulated GuardDuty detector for `createVendorSimulator` (register the running simulator
 * with `registerSimulator`; `startGuarddutySimulator` does): SigV4-signed requests from the
 * placeholder {@link GUARDDUTY_ACCESS_KEY} (a bad signature or unknown key is a 403
 * `UnrecognizedClientException`), the findings dataset at {@link GUARDDUTY_PATHS}.findings and
 * {@link guarddutyRoutes}. The framework adds 429s with `Retry-After`, 5xx, slow responses and
 * late findings when asked.
 */
export function guarddutySimulation(data: GuarddutySimulatorData = {}): GuarddutySimulation {
  const scripted = new Map<string, { error: GuarddutySimError; remaining: number }>();
  const state: GuarddutySimulatorState = {
    listFindings: [],
    getFindings: [],
    archived: new Set(),
    feedback: [],
    failNext: (operation, error, times = 1) => {
      scripted.set(operation, { error, remaining: times });
    },
  };
  const keys = data.accessKeys ?? [GUARDDUTY_ACCESS_KEY];
  return {
    state,
    options: {
      auth: {
        type: 'aws-sigv4',
        keys,
        service: 'guardduty',
        rejection: guarddutyError(
          403,
          'UnrecognizedClientException',
          'The security token included in the request is invalid.',
        ),
      },
      datasets: [
        {
          path: GUARDDUTY_PATHS.findings,
          cursor: 'next-token',
          records: (data.findings ?? []).filter(
            (record) => typeof record['id'] === 'string' && typeof record['updatedAt'] === 'string',
          ),
          idField: 'id',
          timeField: 'updatedAt',
        },
      ],
      routes: guarddutyRoutes(data, state, scripted),
    },
  };
}

/** {@link guarddutySimulation}'s options only (the conformance suite's simulator factory). */
export function guarddutySimulatorOptions(
  data: GuarddutySimulatorData = {},
): VendorSimulatorOptions {
  return guarddutySimulation(data).options;
}
