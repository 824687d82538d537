import { randomUUID } from 'node:crypto';
import type {
  SimulatorRecord,
  SimulatorRequest,
  SimulatorResponse,
  SimulatorRoute,
  VendorSimulatorOptions,
} from '@openmdr/connector-kit/simulator';
import { liveRecords, pageToken, type SigV4Credentials } from '@openmdr/connector-kit/simulator';

/** The simulated region. */
export const SECURITYHUB_REGION = 'us-east-1';

/** The simulator's access key (a placeholder, never a real key). */
export const SECURITYHUB_ACCESS_KEY: SigV4Credentials = {
  accessKeyId: 'AKIAOPENMDRSIMSH0001',
  secretAccessKey: 'sim-securityhub-secret-access-key-0123456789',
};

/** Paths of the simulated Security Hub REST-JSON API (as the API reference writes them). */
export const SECURITYHUB_PATHS = {
  /** `GetFindings`, and the findings dataset. */
  findings: '/findings',
  batchUpdate: '/findings/batchupdate',
} as const;

/** An AWS-style error the simulator answers for an operation. */
export type SecurityhubSimError = 'throttling' | 'expired-token' | 'access-denied' | 'internal';

/** What a simulated Security Hub serves. */
export interface SecurityhubSimulatorData {
  /** ASFF findings as `GetFindings` returns them. */
  findings?: readonly SimulatorRecord[];
  /** The access keys accepted. Default {@link SECURITYHUB_ACCESS_KEY}. */
  accessKeys?: readonly SigV4Credentials[];
  /** `false`: the account is not subscribed (every call is a 401 `InvalidAccessException`). */
  subscribed?: boolean;
  /** `Retry-After` of a scripted throttling, seconds. Default 1. */
  retryAfterSeconds?: number;
}

/** The simulator's record of calls and its scripted failures. */
export interface SecurityhubSimulatorState {
  /** Every `GetFindings` request body, in order. */
  readonly getFindings: unknown[];
  /** Every `BatchUpdateFindings` request body, in order. */
  readonly batchUpdates: unknown[];
  /** Answers the next `times` calls of `operation` (`GetFindings`, `BatchUpdateFindings`) with `error`. */
  failNext(operation: string, error: SecurityhubSimError, times?: number): void;
}

/**
 * A Security Hub error as the REST-JSON protocol writes it: the status, `x-amzn-ErrorType` and a
 * body `{ Code, Message }`.
 */
export function securityhubError(
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
): SimulatorResponse {
  return {
    status,
    headers: { 'x-amzn-errortype': code, 'x-amzn-requestid': randomUUID(), ...headers },
    body: { Code: code, Message: message },
  };
}

const invalidInput = (message: string) => securityhubError(400, 'InvalidInputException', message);

function scriptedError(kind: SecurityhubSimError, retryAfterSeconds: number): SimulatorResponse {
  switch (kind) {
    case 'throttling':
      return securityhubError(429, 'TooManyRequestsException', 'Rate exceeded', {
        'retry-after': String(retryAfterSeconds),
      });
    case 'expired-token':
      return securityhubError(
        403,
        'ExpiredTokenException',
        'The security token included in the request is expired',
      );
    case 'access-denied':
      return securityhubError(
        403,
        'AccessDeniedException',
        'User is not authorized to perform: securityhub:GetFindings',
      );
    case 'internal':
      return securityhubError(500, 'InternalException', 'Internal service error');
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

/** The ASFF field a `Filters` key tests (the keys the simulator knows). */
const FILTER_FIELDS: Readonly<Record<string, string>> = {
  Id: 'Id',
  ProductArn: 'ProductArn',
  ProductName: 'ProductName',
  CompanyName: 'CompanyName',
  AwsAccountId: 'AwsAccountId',
  Region: 'Region',
  GeneratorId: 'GeneratorId',
  Title: 'Title',
  RecordState: 'RecordState',
  WorkflowStatus: 'Workflow.Status',
  SeverityLabel: 'Severity.Label',
  ComplianceStatus: 'Compliance.Status',
  CreatedAt: 'CreatedAt',
  UpdatedAt: 'UpdatedAt',
  FirstObservedAt: 'FirstObservedAt',
  LastObservedAt: 'LastObservedAt',
};

interface StringFilter {
  Value?: string;
  Comparison?: string;
}

interface DateFilter {
  Start?: string;
  End?: string;
  DateRange?: { Value?: number; Unit?: string };
}

function stringMatches(value: string, filter: StringFilter): boolean {
  const operand = filter.Value ?? '';
  switch (filter.Comparison) {
    case 'EQUALS':
      return value === operand;
    case 'NOT_EQUALS':
      return value !== operand;
    case 'PREFIX':
      return value.startsWith(operand);
    case 'PREFIX_NOT_EQUALS':
      return !value.startsWith(operand);
    case 'CONTAINS':
      return value.includes(operand);
    case 'NOT_CONTAINS':
      return !value.includes(operand);
    default:
      return false;
  }
}

function dateMatches(value: number, filter: DateFilter, now: number): boolean {
  if (filter.DateRange) {
    const days = Number(filter.DateRange.Value ?? 0);
    return value >= now - days * 86_400_000 && value <= now;
  }
  const start = filter.Start ? Date.parse(filter.Start) : Number.NEGATIVE_INFINITY;
  const end = filter.End ? Date.parse(filter.End) : Number.POSITIVE_INFINITY;
  return value >= start && value <= end;
}

const DATE_KEYS = new Set(['CreatedAt', 'UpdatedAt', 'FirstObservedAt', 'LastObservedAt']);

/**
 * Whether a finding matches `Filters`: the filters of one key are or'd (the negative
 * comparisons and'd, as Security Hub does), the keys and'd.
 */
function matches(record: SimulatorRecord, filters: Record<string, unknown>, now: number): boolean {
  return Object.entries(filters).every(([key, list]) => {
    const field = FILTER_FIELDS[key];
    if (!field || !Array.isArray(list) || list.length === 0) return true;
    const value = readPath(record, field);
    if (DATE_KEYS.has(key)) {
      const time = Date.parse(String(value ?? ''));
      return (
        !Number.isNaN(time) &&
        (list as DateFilter[]).some((filter) => dateMatches(time, filter, now))
      );
    }
    const text = value === undefined ? '' : String(value);
    const negative = (list as StringFilter[]).filter((filter) =>
      /NOT_/.test(filter.Comparison ?? ''),
    );
    const positive = (list as StringFilter[]).filter(
      (filter) => !/NOT_/.test(filter.Comparison ?? ''),
    );
    return (
      negative.every((filter) => stringMatches(text, filter)) &&
      (positive.length === 0 || positive.some((filter) => stringMatches(text, filter)))
    );
  });
}

/** Findings sorted by `SortCriteria` (default `UpdatedAt` descending, as Security Hub). */
function sorted(records: readonly SimulatorRecord[], criteria: unknown): SimulatorRecord[] {
  const [first] = Array.isArray(criteria)
    ? (criteria as { Field?: string; SortOrder?: string }[])
    : [];
  const field = first?.Field ?? 'UpdatedAt';
  const direction = (first?.SortOrder ?? 'desc') === 'asc' ? 1 : -1;
  const key = (record: SimulatorRecord) => {
    const value = readPath(record, FILTER_FIELDS[field] ?? field);
    return DATE_KEYS.has(field) ? Date.parse(String(value ?? '')) : value;
  };
  return [...records].sort((left, right) => {
    const a = key(left);
    const b = key(right);
    const order =
      typeof a === 'number' && typeof b === 'number'
        ? a - b
        : String(a ?? '').localeCompare(String(b ?? ''));
    return order * direction || String(left['Id']).localeCompare(String(right['Id']));
  });
}

const identity = (id: unknown, productArn: unknown) => `${String(id)}\u0000${String(productArn)}`;

/**
 * The routes of the simulated Security Hub REST-JSON API, with the shapes of the API reference:
 * `GetFindings` (`POST /findings`: `Filters` with string and date filters — `Start`/`End` or
 * `DateRange` — `SortCriteria`, `MaxResults` 1–100, `NextToken`) and `BatchUpdateFindings`
 * (`PATCH /findings/batchupdate`: `FindingIdentifiers`, `Workflow`, `Note`, `Severity`;
 * `ProcessedFindings` and `UnprocessedFindings`). An updated finding's `UpdatedAt` moves to now.
 */
export function securityhubRoutes(
  data: SecurityhubSimulatorData,
  state: SecurityhubSimulatorState,
  scripted: Map<string, { error: SecurityhubSimError; remaining: number }>,
): SimulatorRoute[] {
  const retryAfter = data.retryAfterSeconds ?? 1;
  const updates = new Map<string, SimulatorRecord>();
  const findings = (request: SimulatorRequest) =>
    liveRecords(request, SECURITYHUB_PATHS.findings).map((record) => {
      const update = updates.get(identity(record['Id'], record['ProductArn']));
      return update ? { ...record, ...update } : record;
    });
  const guarded =
    (operation: string, handle: (request: SimulatorRequest) => SimulatorResponse) =>
    (request: SimulatorRequest): SimulatorResponse => {
      if (data.subscribed === false) {
        return securityhubError(
          401,
          'InvalidAccessException',
          'Account is not subscribed to AWS Security Hub',
        );
      }
      const failure = scripted.get(operation);
      if (failure && failure.remaining > 0) {
        failure.remaining -= 1;
        return scriptedError(failure.error, retryAfter);
      }
      return handle(request);
    };
  return [
    {
      method: 'POST',
      path: SECURITYHUB_PATHS.findings,
      handle: guarded('GetFindings', (request) => {
        const body = input(request);
        state.getFindings.push(body);
        const max = body['MaxResults'] === undefined ? 100 : Number(body['MaxResults']);
        if (!Number.isInteger(max) || max < 1 || max > 100) {
          return invalidInput('MaxResults must be between 1 and 100');
        }
        const filters = (body['Filters'] ?? {}) as Record<string, unknown>;
        const offset = pageToken.decode(body['NextToken'] as string | undefined);
        const matching = sorted(
          findings(request).filter((record) => matches(record, filters, Date.now())),
          body['SortCriteria'],
        );
        return json({
          Findings: matching.slice(offset, offset + max),
          ...(offset + max < matching.length ? { NextToken: pageToken.encode(offset + max) } : {}),
        });
      }),
    },
    {
      method: 'PATCH',
      path: SECURITYHUB_PATHS.batchUpdate,
      handle: guarded('BatchUpdateFindings', (request) => {
        const body = input(request);
        state.batchUpdates.push(body);
        const identifiers = body['FindingIdentifiers'];
        if (!Array.isArray(identifiers) || identifiers.length === 0 || identifiers.length > 100) {
          return invalidInput('FindingIdentifiers must contain between 1 and 100 findings');
        }
        const known = new Map(
          findings(request).map((record) => [identity(record['Id'], record['ProductArn']), record]),
        );
        const processed: unknown[] = [];
        const unprocessed: unknown[] = [];
        const now = new Date().toISOString();
        for (const identifier of identifiers as { Id?: string; ProductArn?: string }[]) {
          const key = identity(identifier.Id, identifier.ProductArn);
          const record = known.get(key);
          if (!record) {
            unprocessed.push({
              FindingIdentifier: identifier,
              ErrorCode: 'FindingNotFound',
              ErrorMessage: 'Finding Not Found',
            });
            continue;
          }
          const update: SimulatorRecord = { ...updates.get(key), UpdatedAt: now };
          if (body['Workflow']) update['Workflow'] = body['Workflow'];
          if (body['Note']) update['Note'] = { ...(body['Note'] as object), UpdatedAt: now };
          if (body['Severity']) {
            update['Severity'] = {
              ...(record['Severity'] as object),
              ...(body['Severity'] as object),
            };
          }
          updates.set(key, update);
          processed.push(identifier);
        }
        return json({ ProcessedFindings: processed, UnprocessedFindings: unprocessed });
      }),
    },
  ];
}

/** A simulated Security Hub: the framework's options and the simulator's state. */
export interface SecurityhubSimulation {
  /** Options for `createVendorSimulator`. */
  options: VendorSimulatorOptions;
  /** Calls seen and scripted failures. */
  state: SecurityhubSimulatorState;
}

/**
 * A simulated Security Hub for `createVendorSimulator` (register the running simulator with
 * `registerSimulator`; `startSecurityhubSimulator` does): SigV4-signed requests from the
 * placeholder {@link SECURITYHUB_ACCESS_KEY} (a bad signature or unknown key is a 403
 * `UnrecognizedClientException`), the findings dataset at `/findings` and
 * {@link securityhubRoutes}. The framework adds 429s with `Retry-After`, 5xx, slow responses and
 * late findings when asked.
 */
export function securityhubSimulation(data: SecurityhubSimulatorData = {}): SecurityhubSimulation {
  const scripted = new Map<string, { error: SecurityhubSimError; remaining: number }>();
  const state: SecurityhubSimulatorState = {
    getFindings: [],
    batchUpdates: [],
    failNext: (operation, error, times = 1) => {
      scripted.set(operation, { error, remaining: times });
    },
  };
  const keys = data.accessKeys ?? [SECURITYHUB_ACCESS_KEY];
  return {
    state,
    options: {
      auth: {
        type: 'aws-sigv4',
        keys,
        service: 'securityhub',
        rejection: securityhubError(
          403,
          'UnrecognizedClientException',
          'The security token included in the request is invalid.',
        ),
      },
      datasets: [
        {
          path: SECURITYHUB_PATHS.findings,
          cursor: 'next-token',
          records: (data.findings ?? []).filter(
            (record) => typeof record['Id'] === 'string' && typeof record['UpdatedAt'] === 'string',
          ),
          idField: 'Id',
          timeField: 'UpdatedAt',
        },
      ],
      routes: securityhubRoutes(data, state, scripted),
    },
  };
}

/** {@link securityhubSimulation}'s options only (the conformance suite's simulator factory). */
export function securityhubSimulatorOptions(
  data: SecurityhubSimulatorData = {},
): VendorSimulatorOptions {
  return securityhubSimulation(data).options;
}
