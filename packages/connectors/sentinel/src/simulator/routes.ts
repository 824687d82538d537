import type {
  SimulatorRecord,
  SimulatorRequest,
  SimulatorResponse,
  SimulatorRoute,
  VendorSimulatorOptions,
} from '@openmdr/connector-kit/simulator';
import { liveRecords } from '@openmdr/connector-kit/simulator';

/** The simulated tenant, app and secret (obvious placeholders). */
export const SENTINEL_TENANT = '00000000-0000-4000-8000-00000000000a';
/** The simulator's application (client) id. */
export const SENTINEL_CLIENT_ID = '22222222-2222-4222-8222-222222222222';
/** The simulator's client secret (a placeholder, never a real secret). */
export const SENTINEL_CLIENT_SECRET = 'sim-sentinel-client-secret-0123456789';
/** The simulated subscription. */
export const SENTINEL_SUBSCRIPTION = '33333333-3333-4333-8333-333333333333';
/** The simulated resource group. */
export const SENTINEL_RESOURCE_GROUP = 'rg-soc';
/** The simulated workspace name. */
export const SENTINEL_WORKSPACE_NAME = 'law-soc';
/** The simulated workspace id (customer id). */
export const SENTINEL_WORKSPACE_ID = '44444444-4444-4444-8444-444444444444';
/** The simulated DCR immutable id. */
export const SENTINEL_DCR_ID = 'dcr-00000000000000000000000000000001';
/** The simulated DCR stream. */
export const SENTINEL_DCR_STREAM = 'Custom-OpenMDRFindings_CL';

const WORKSPACE =
  `/subscriptions/${SENTINEL_SUBSCRIPTION}/resourceGroups/${SENTINEL_RESOURCE_GROUP}` +
  `/providers/Microsoft.OperationalInsights/workspaces/${SENTINEL_WORKSPACE_NAME}`;

/** Paths of the simulated APIs (one host serves sign-in, ARM, Log Analytics and ingestion). */
export const SENTINEL_PATHS = {
  token: `/${SENTINEL_TENANT}/oauth2/v2.0/token`,
  incidents: `${WORKSPACE}/providers/Microsoft.SecurityInsights/incidents`,
  query: `/v1/workspaces/${SENTINEL_WORKSPACE_ID}/query`,
  ingestion: `/dataCollectionRules/${SENTINEL_DCR_ID}/streams/${SENTINEL_DCR_STREAM}`,
} as const;

/** The Logs Ingestion API's body limit the simulator enforces (413 above). */
export const SENTINEL_SIMULATED_INGESTION_MAX_BYTES = 1_000_000;

/** What the simulated workspace received: ingested rows, comments. */
export interface SentinelSimulatorState {
  /** Each accepted Logs Ingestion call's body (a JSON array), in order. */
  readonly ingestedBatches: unknown[][];
  /** Comments by incident name. */
  readonly comments: Map<string, SimulatorRecord[]>;
  /** Log Analytics queries received (ordinal = index + 1). */
  readonly queries: string[];
}

/** A fresh, empty {@link SentinelSimulatorState}. */
export function createSentinelSimulatorState(): SentinelSimulatorState {
  return { ingestedBatches: [], comments: new Map(), queries: [] };
}

/** What a simulated Sentinel workspace serves. */
export interface SentinelSimulatorData {
  /** ARM incident resources, served by `properties.lastModifiedTimeUtc`. */
  incidents?: readonly SimulatorRecord[];
  /** `SecurityAlert` rows (columns by name), served by `TimeGenerated`. */
  alerts?: readonly SimulatorRecord[];
  /** Log Analytics queries (1-based ordinals) answered with a `PartialError` and half the rows. */
  partialErrorAt?: readonly number[];
  /** Seconds every query takes: a `Prefer: wait=` shorter than this gets a 504. Default 0. */
  queryDurationSeconds?: number;
  /** Where ingested rows and comments are kept; pass one to inspect them. */
  state?: SentinelSimulatorState;
  /**
   * KQL queries answered with seeded rows (a hunt's query and what it finds): the query
   * received, without the connector's paging (`| where TimeGenerated >= … and TimeGenerated <
   * … | order by TimeGenerated asc | take N`), must equal a seeded one; its rows are served by
   * `TimeGenerated` in range, ordered and taken as asked. With seeds, any other query except a
   * bare table name is answered 400 `BadArgumentError`.
   */
  seededQueries?: readonly SentinelSeededQuery[];
}

/** A KQL query the simulator answers with seeded rows. */
export interface SentinelSeededQuery {
  /** The query as the caller gives it to the connector (`SecurityEvent | where …`). */
  query: string;
  /** Its rows (columns by name), each with `TimeGenerated`. */
  rows: readonly SimulatorRecord[];
}

/** The connector's paging after a table expression. */
const KQL_PAGING =
  /^([\s\S]*?)\n\| where TimeGenerated >= datetime\(([^)]+)\) and TimeGenerated < datetime\(([^)]+)\)\n\| order by TimeGenerated asc\n\| take (\d+)$/;

const armError = (status: number, code: string, message: string): SimulatorResponse => ({
  status,
  body: { error: { code, message } },
});

const propertiesOf = (record: SimulatorRecord) =>
  (record['properties'] ?? {}) as Record<string, unknown>;

const modifiedAt = (record: SimulatorRecord): number =>
  Date.parse(String(propertiesOf(record)['lastModifiedTimeUtc'] ?? ''));

let etagCounter = 0;
const newEtag = () =>
  `"${(++etagCounter).toString(16).padStart(8, '0')}-0000-0800-0000-6571a8f10000"`;

function requireApiVersion(request: SimulatorRequest): SimulatorResponse | undefined {
  return request.query.get('api-version')
    ? undefined
    : armError(
        400,
        'MissingApiVersionParameter',
        'The api-version query parameter (?api-version=) is required for all requests.',
      );
}

/** `GET …/incidents`: `$filter=properties/lastModifiedTimeUtc ge <time>`, `$orderby … asc|desc`, `$top`, `$skipToken`, absolute `nextLink`. */
function listIncidents(request: SimulatorRequest): SimulatorResponse {
  const missing = requireApiVersion(request);
  if (missing) return missing;
  const filter = request.query.get('$filter');
  const match = /^properties\/lastModifiedTimeUtc ge (\S+)$/.exec(filter ?? '');
  if (filter && !match) return armError(400, 'BadRequest', `Invalid $filter: ${filter}`);
  const since = match?.[1] ? Date.parse(match[1]) : Number.NEGATIVE_INFINITY;
  const orderby = request.query.get('$orderby');
  if (orderby && !/^properties\/(lastModifiedTimeUtc|createdTimeUtc) (asc|desc)$/.test(orderby))
    return armError(400, 'BadRequest', `Invalid $orderby: ${orderby}`);
  const descending = orderby?.endsWith('desc') ?? false;
  const top = Math.min(Number(request.query.get('$top') ?? 50), 1000);
  const skip = Number(request.query.get('$skipToken') ?? 0);
  const matching = liveRecords(request, SENTINEL_PATHS.incidents)
    .filter((record) => modifiedAt(record) >= since)
    .sort((left, right) => (modifiedAt(left) - modifiedAt(right)) * (descending ? -1 : 1));
  const page = matching.slice(skip, skip + top);
  const next = new URL(`http://${request.headers['host']}${SENTINEL_PATHS.incidents}`);
  for (const [key, value] of request.query)
    if (key !== '$skipToken') next.searchParams.set(key, value);
  next.searchParams.set('$skipToken', String(skip + top));
  return {
    body: { value: page, ...(skip + top < matching.length ? { nextLink: next.toString() } : {}) },
  };
}

function findIncident(request: SimulatorRequest): SimulatorRecord | undefined {
  return liveRecords(request, SENTINEL_PATHS.incidents).find(
    (record) => record['name'] === request.params['id'],
  );
}

/** `PUT …/incidents/{id}`: the etag must match (412 otherwise); closing needs a classification. */
function putIncident(request: SimulatorRequest): SimulatorResponse {
  const missing = requireApiVersion(request);
  if (missing) return missing;
  const incident = findIncident(request);
  if (!incident) return armError(404, 'NotFound', 'Incident not found');
  const body = request.json as { etag?: unknown; properties?: Record<string, unknown> } | undefined;
  if (!body?.properties || typeof body.properties['title'] !== 'string')
    return armError(400, 'BadRequest', 'properties.title is required');
  if (body.etag !== undefined && body.etag !== incident['etag'])
    return armError(
      412,
      'PreconditionFailed',
      'The etag does not match the incident: it was changed.',
    );
  if (body.properties['status'] === 'Closed' && !body.properties['classification'])
    return armError(400, 'BadRequest', 'Closing an incident requires a classification.');
  const { incidentNumber, createdTimeUtc, additionalData, incidentUrl } = propertiesOf(incident);
  incident['properties'] = {
    ...body.properties,
    incidentNumber,
    createdTimeUtc,
    additionalData,
    incidentUrl,
    lastModifiedTimeUtc: new Date().toISOString(),
  };
  incident['etag'] = newEtag();
  return { body: incident };
}

/** `PUT …/incidents/{id}/comments/{commentId}`: created (201) or replaced (200). */
function putComment(request: SimulatorRequest, state: SentinelSimulatorState): SimulatorResponse {
  const missing = requireApiVersion(request);
  if (missing) return missing;
  const incident = findIncident(request);
  if (!incident) return armError(404, 'NotFound', 'Incident not found');
  const message = (request.json as { properties?: { message?: unknown } } | undefined)?.properties
    ?.message;
  if (typeof message !== 'string' || message.length === 0 || message.length > 30_000)
    return armError(400, 'BadRequest', 'properties.message is required (at most 30000 characters)');
  const name = String(incident['name']);
  const comments = state.comments.get(name) ?? [];
  const commentId = request.params['commentId'] ?? '';
  const existing = comments.findIndex((comment) => comment['name'] === commentId);
  const comment: SimulatorRecord = {
    id: `${String(incident['id'])}/comments/${commentId}`,
    name: commentId,
    type: 'Microsoft.SecurityInsights/Incidents/Comments',
    etag: newEtag(),
    properties: {
      message,
      createdTimeUtc: new Date().toISOString(),
      author: { objectId: SENTINEL_CLIENT_ID, userPrincipalName: null, name: 'OpenMDR' },
    },
  };
  if (existing >= 0) comments[existing] = comment;
  else comments.push(comment);
  state.comments.set(name, comments);
  return { status: existing >= 0 ? 200 : 201, body: comment };
}

const columnType = (name: string, value: unknown): string =>
  name === 'TimeGenerated' || name.endsWith('Time')
    ? 'datetime'
    : typeof value === 'number'
      ? Number.isInteger(value)
        ? 'long'
        : 'real'
      : typeof value === 'boolean'
        ? 'bool'
        : 'string';

/** Rows as the query API returns them: one `PrimaryResult` table of columns and rows. */
export function sentinelQueryTable(rows: readonly SimulatorRecord[]) {
  const names: string[] = [];
  const types = new Map<string, string>();
  for (const row of rows)
    for (const [name, value] of Object.entries(row))
      if (!types.has(name)) {
        names.push(name);
        types.set(name, columnType(name, value));
      }
  return {
    name: 'PrimaryResult',
    columns: names.map((name) => ({ name, type: types.get(name) ?? 'string' })),
    rows: rows.map((row) => names.map((name) => row[name] ?? null)),
  };
}

/**
 * `POST /v1/workspaces/{id}/query`: understands the connector's shape of KQL — a table name, then
 * `| where TimeGenerated >= datetime(…) and TimeGenerated < datetime(…)`, `| order by
 * TimeGenerated asc`, `| take N` — over the `SecurityAlert` table; other tables are unknown
 * (400 `BadArgumentError`, as for a table the workspace lacks).
 */
function runQuery(
  request: SimulatorRequest,
  data: SentinelSimulatorData,
  state: SentinelSimulatorState,
): SimulatorResponse {
  const body = request.json as { query?: unknown; timespan?: unknown } | undefined;
  if (typeof body?.query !== 'string' || body.query.trim() === '')
    return armError(400, 'BadArgumentError', 'The request had some invalid properties: query');
  state.queries.push(body.query);
  const wait = /wait=(\d+)/.exec(request.headers['prefer'] ?? '')?.[1];
  const waitSeconds = wait ? Number(wait) : 180;
  if ((data.queryDurationSeconds ?? 0) > waitSeconds)
    return armError(
      504,
      'GatewayTimeout',
      'The query did not finish within the requested wait time.',
    );
  if (data.seededQueries !== undefined) {
    const paging = KQL_PAGING.exec(body.query);
    const expression = (paging?.[1] ?? body.query).trim();
    if (!/^[A-Za-z_]\w*$/.test(expression)) {
      const seed = data.seededQueries.find((candidate) => candidate.query.trim() === expression);
      if (!seed || !paging)
        return armError(
          400,
          'BadArgumentError',
          `The simulator has no rows seeded for the query: ${expression}`,
        );
      const start = Date.parse(paging[2] ?? '');
      const end = Date.parse(paging[3] ?? '');
      const at = (row: SimulatorRecord) => Date.parse(String(row['TimeGenerated'] ?? ''));
      const rows = seed.rows
        .filter((row) => at(row) >= start && at(row) < end)
        .sort((left, right) => at(left) - at(right))
        .slice(0, Number(paging[4]));
      return { body: { tables: [sentinelQueryTable(rows)] } };
    }
  }
  const table = /^\s*([A-Za-z_]\w*)/.exec(body.query)?.[1];
  if (table !== 'SecurityAlert')
    return armError(400, 'BadArgumentError', `'${table ?? ''}' could not be resolved to a table`);
  const from = /TimeGenerated\s*>=\s*datetime\(([^)]+)\)/.exec(body.query)?.[1];
  const to = /TimeGenerated\s*<\s*datetime\(([^)]+)\)/.exec(body.query)?.[1];
  const take = Number(/\|\s*take\s+(\d+)/.exec(body.query)?.[1] ?? 30_000);
  const start = from ? Date.parse(from) : Number.NEGATIVE_INFINITY;
  const end = to ? Date.parse(to) : Number.POSITIVE_INFINITY;
  const time = (row: SimulatorRecord) => Date.parse(String(row['TimeGenerated'] ?? ''));
  let rows = liveRecords(request, SENTINEL_PATHS.query)
    .filter((row) => time(row) >= start && time(row) < end)
    .sort((left, right) => time(left) - time(right))
    .slice(0, take);
  const partial = data.partialErrorAt?.includes(state.queries.length) ?? false;
  if (partial) rows = rows.slice(0, Math.ceil(rows.length / 2));
  return {
    body: {
      tables: [sentinelQueryTable(rows)],
      ...(partial
        ? {
            error: {
              code: 'PartialError',
              message: 'There were some errors when processing your query.',
              details: [
                {
                  code: 'EngineError',
                  message: 'Something went wrong processing your query on the server.',
                  innererror: {
                    code: '-2133196797',
                    message: 'Query result set has exceeded the internal data size limit',
                    severity: 2,
                    severityName: 'Error',
                  },
                },
              ],
            },
          }
        : {}),
    },
  };
}

/** `POST /dataCollectionRules/{id}/streams/{stream}`: a JSON array up to 1 MB → 204. */
function ingest(request: SimulatorRequest, state: SentinelSimulatorState): SimulatorResponse {
  if (request.query.get('api-version') !== '2023-01-01')
    return armError(400, 'InvalidApiVersion', 'api-version 2023-01-01 is required');
  if (Buffer.byteLength(request.body) > SENTINEL_SIMULATED_INGESTION_MAX_BYTES)
    return armError(413, 'ContentLengthLimitExceeded', 'The request body is larger than 1 MB.');
  if (!Array.isArray(request.json))
    return armError(400, 'InvalidPayload', 'The body must be a JSON array of records.');
  state.ingestedBatches.push(request.json as unknown[]);
  return { status: 204 };
}

/**
 * The routes of a simulated Sentinel workspace: ARM incidents (list with `$filter`,
 * `$orderby`, `$top` and `nextLink`; get; PUT with etag, 412 on mismatch; comments), the Log
 * Analytics query API (partial errors, `Prefer: wait=` timeouts as 504) and the Logs Ingestion
 * API (204; 413 over 1 MB).
 */
export function sentinelRoutes(
  data: SentinelSimulatorData = {},
  state: SentinelSimulatorState = data.state ?? createSentinelSimulatorState(),
): SimulatorRoute[] {
  return [
    { method: 'GET', path: SENTINEL_PATHS.incidents, handle: listIncidents },
    {
      method: 'GET',
      path: `${SENTINEL_PATHS.incidents}/:id`,
      handle: (request) =>
        requireApiVersion(request) ??
        (findIncident(request)
          ? { body: findIncident(request) }
          : armError(404, 'NotFound', 'Incident not found')),
    },
    { method: 'PUT', path: `${SENTINEL_PATHS.incidents}/:id`, handle: putIncident },
    {
      method: 'PUT',
      path: `${SENTINEL_PATHS.incidents}/:id/comments/:commentId`,
      handle: (request) => putComment(request, state),
    },
    {
      method: 'POST',
      path: SENTINEL_PATHS.query,
      handle: (request) => runQuery(request, data, state),
    },
    { method: 'POST', path: SENTINEL_PATHS.ingestion, handle: (request) => ingest(request, state) },
  ];
}

/**
 * Options of a simulated Sentinel workspace for `createVendorSimulator` (register the running
 * simulator with `registerSimulator`): Entra client credentials at
 * `/<tenant>/oauth2/v2.0/token` with the placeholder {@link SENTINEL_CLIENT_ID} /
 * {@link SENTINEL_CLIENT_SECRET}, the incidents and `SecurityAlert` datasets, and
 * {@link sentinelRoutes}. The framework adds 429s with `Retry-After` (on every API), 5xx, slow
 * responses, token expiry and late events when asked.
 */
export function sentinelSimulatorOptions(data: SentinelSimulatorData = {}): VendorSimulatorOptions {
  return {
    auth: {
      type: 'oauth2',
      tokenPath: SENTINEL_PATHS.token,
      clientId: SENTINEL_CLIENT_ID,
      clientSecret: SENTINEL_CLIENT_SECRET,
      tokenLifetimeSeconds: 3599,
    },
    datasets: [
      {
        path: SENTINEL_PATHS.incidents,
        cursor: 'odata-next-link',
        records: data.incidents ?? [],
        idField: 'name',
        timeField: 'properties.lastModifiedTimeUtc',
      },
      {
        path: SENTINEL_PATHS.query,
        cursor: 'time-window',
        records: data.alerts ?? [],
        idField: 'SystemAlertId',
        timeField: 'TimeGenerated',
      },
    ],
    routes: sentinelRoutes(data),
  };
}
