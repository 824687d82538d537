import { createHash } from 'node:crypto';
import { graphTime, parseAzureTime } from './azure-time.js';
import { isRecord } from './records.js';

type Json = Record<string, unknown>;

/** What an Entra diagnostic category holds, as the Graph resource the connector normalises. */
export type EntraDiagnosticKind = 'signIn' | 'directoryAudit' | 'riskyUser' | 'riskDetection';

/**
 * The Microsoft Entra diagnostic settings categories (Azure Monitor) and the Graph resource each
 * exports under `properties`. Categories not listed (provisioning, Graph activity, network
 * access, …) are kept as OCSF Base Events.
 */
export const ENTRA_DIAGNOSTIC_CATEGORIES: Readonly<Record<string, EntraDiagnosticKind>> = {
  SignInLogs: 'signIn',
  NonInteractiveUserSignInLogs: 'signIn',
  ServicePrincipalSignInLogs: 'signIn',
  ManagedIdentitySignInLogs: 'signIn',
  MicrosoftServicePrincipalSignInLogs: 'signIn',
  ADFSSignInLogs: 'signIn',
  AuditLogs: 'directoryAudit',
  RiskyUsers: 'riskyUser',
  RiskyServicePrincipals: 'riskyUser',
  UserRiskEvents: 'riskDetection',
  ServicePrincipalRiskEvents: 'riskDetection',
};

const KINDS_BY_LOWER_CASE = new Map(
  Object.entries(ENTRA_DIAGNOSTIC_CATEGORIES).map(([name, kind]) => [name.toLowerCase(), kind]),
);

/** The Graph resource of a diagnostic category, in any letter case, or `undefined`. */
export function entraDiagnosticKind(category: string): EntraDiagnosticKind | undefined {
  return KINDS_BY_LOWER_CASE.get(category.toLowerCase());
}

/** The Graph time field each resource is normalised by, and where the envelope's `time` goes. */
const TIME_FIELDS: Readonly<Record<EntraDiagnosticKind, string>> = {
  signIn: 'createdDateTime',
  directoryAudit: 'activityDateTime',
  riskyUser: 'riskLastUpdatedDateTime',
  riskDetection: 'detectedDateTime',
};

/** Every Graph date-time field of the four resources (rewritten when Azure wrote another form). */
const DATE_FIELDS = [
  'createdDateTime',
  'activityDateTime',
  'riskLastUpdatedDateTime',
  'detectedDateTime',
  'lastUpdatedDateTime',
];

/** Fields Azure Monitor may write as JSON text (Log Analytics `dynamic` columns exported). */
const STRUCTURED_FIELDS = [
  'status',
  'deviceDetail',
  'location',
  'mfaDetail',
  'authenticationDetails',
  'appliedConditionalAccessPolicies',
  'riskEventTypes',
  'riskEventTypes_v2',
  'targetResources',
  'initiatedBy',
  'additionalDetails',
  'authenticationProcessingDetails',
  'networkLocationDetails',
];

// Graph enums by member order: the numbers some exports write instead of the names.
const RISK_LEVELS = ['low', 'medium', 'high', 'hidden', 'none', 'unknownFutureValue'];
const RISK_STATES = [
  'none',
  'confirmedSafe',
  'remediated',
  'dismissed',
  'atRisk',
  'confirmedCompromised',
  'unknownFutureValue',
];
const RISK_DETAILS = [
  'none',
  'adminGeneratedTemporaryPassword',
  'userPerformedSecuredPasswordChange',
  'userPerformedSecuredPasswordReset',
  'adminConfirmedSigninSafe',
  'aiConfirmedSigninSafe',
  'userPassedMFADrivenByRiskBasedPolicy',
  'adminDismissedAllRiskForUser',
  'adminConfirmedSigninCompromised',
  'unknownFutureValue',
];
const CA_STATUSES = ['success', 'failure', 'notApplied', 'unknownFutureValue'];
const CA_RESULTS = [
  'success',
  'failure',
  'notApplied',
  'notEnabled',
  'unknown',
  'unknownFutureValue',
];
const OPERATION_RESULTS = ['success', 'failure', 'timeout', 'unknownFutureValue'];

const ENUMS: Readonly<Record<string, readonly string[]>> = {
  riskLevel: RISK_LEVELS,
  riskLevelAggregated: RISK_LEVELS,
  riskLevelDuringSignIn: RISK_LEVELS,
  riskState: RISK_STATES,
  riskDetail: RISK_DETAILS,
  conditionalAccessStatus: CA_STATUSES,
};

/**
 * A key as Graph spells it: the leading capitals of a PascalCase key (as Log Analytics and some
 * exports write them) lower-cased, an acronym's too (`IPAddress` → `ipAddress`, `Id` → `id`).
 */
export function graphKey(key: string): string {
  const lead = /^[A-Z]+/.exec(key)?.[0];
  if (!lead) return key;
  const length = lead.length > 1 && lead.length < key.length ? lead.length - 1 : lead.length;
  return key.slice(0, length).toLowerCase() + key.slice(length);
}

/** A JSON object or array written as text, parsed; anything else unchanged. */
export function parseJsonText(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const text = value.trim();
  if (!text.startsWith('{') && !text.startsWith('[')) return value;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return value;
  }
}

function booleanOf(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const lower = value.trim().toLowerCase();
  return lower === 'true' ? true : lower === 'false' ? false : value;
}

function enumOf(members: readonly string[], value: unknown): unknown {
  if (typeof value === 'number' && Number.isInteger(value)) return members[value] ?? value;
  if (typeof value === 'string' && /^\d+$/.test(value)) return members[Number(value)] ?? value;
  return value;
}

/**
 * A properties object with Graph's key spelling, JSON text parsed, `"true"`/`"false"` flags
 * and numeric enums read, recursively; a key present in both spellings keeps Graph's.
 */
function graphShape(value: unknown, key = ''): unknown {
  const parsed = STRUCTURED_FIELDS.includes(key) ? parseJsonText(value) : value;
  if (Array.isArray(parsed)) return parsed.map((item) => graphShape(item, key));
  if (!isRecord(parsed)) {
    if (/^is[A-Z]/.test(key) || key === 'succeeded') return booleanOf(parsed);
    const members = ENUMS[key];
    return members ? enumOf(members, parsed) : parsed;
  }
  const out: Json = {};
  for (const [name, child] of Object.entries(parsed)) {
    const graphName = graphKey(name);
    if (graphName !== name && graphName in parsed) continue;
    out[graphName] = graphShape(child, graphName);
  }
  return out;
}

/** The `properties` of an envelope, in Graph's shape, with what the envelope adds filled in. */
export interface DiagnosticParts {
  /** The category (`SignInLogs`, …). */
  readonly category: string;
  /** The Graph resource it maps to, or `undefined` for a category kept as a Base Event. */
  readonly kind: EntraDiagnosticKind | undefined;
  /** The record as the Graph normaliser of `kind` reads it. */
  readonly graph: Json;
  /** The envelope fields OCSF has no place for, for `unmapped.azureMonitor`. */
  readonly envelope: Json;
  /** The tenant id. */
  readonly tenantId: string | undefined;
  /** True when neither `properties` nor the envelope had an id, so one was derived. */
  readonly derivedId: boolean;
}

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value.length > 0 ? value : undefined;

/** A stable id for a record without one: a SHA-256 of the fields that tell records apart. */
function derivedIdOf(record: Json, graph: Json): string {
  const key = [
    record['category'],
    record['time'],
    record['correlationId'],
    record['operationName'],
    record['identity'],
    graph['correlationId'],
    graph['userId'] ?? graph['servicePrincipalId'],
    graph['appId'],
    graph['ipAddress'],
    JSON.stringify(graph['targetResources'] ?? null),
  ];
  return createHash('sha256').update(JSON.stringify(key)).digest('hex').slice(0, 32);
}

function fillSignIn(graph: Json, record: Json): void {
  graph['ipAddress'] ??= text(record['callerIpAddress']);
  const status = isRecord(graph['status']) ? { ...graph['status'] } : {};
  const code = status['errorCode'] ?? record['resultType'];
  if (typeof code === 'string' && /^\d+$/.test(code.trim())) status['errorCode'] = Number(code);
  else if (typeof code === 'number') status['errorCode'] = code;
  status['failureReason'] ??= text(record['resultDescription']);
  if (Object.keys(status).length > 0) graph['status'] = status;
  const location = graph['location'];
  if (isRecord(location)) {
    const coordinates = isRecord(location['geoCoordinates']) ? location['geoCoordinates'] : {};
    const named = ['city', 'state', 'countryOrRegion'].some((field) => text(location[field]));
    if (!named && !coordinates['latitude'] && !coordinates['longitude']) delete graph['location'];
  }
  for (const [policyIndex, policy] of (Array.isArray(graph['appliedConditionalAccessPolicies'])
    ? graph['appliedConditionalAccessPolicies']
    : []
  ).entries()) {
    if (isRecord(policy)) {
      (graph['appliedConditionalAccessPolicies'] as unknown[])[policyIndex] = {
        ...policy,
        result: enumOf(CA_RESULTS, policy['result']),
      };
    }
  }
}

/**
 * Reads an Azure Monitor diagnostic record of a Microsoft Entra category into the Graph shape
 * the connector's normalisers read: Graph key spelling (`Id` → `id`), JSON text parsed, flags
 * and numeric enums read, times Azure writes in other forms (`8/22/2022 6:11:52 PM`, one-digit
 * hours, no zone) rewritten as ISO 8601, and what only the envelope carries filled in (the time,
 * the caller IP, the result code and description, the correlation id, the operation name).
 */
export function diagnosticParts(record: Json): DiagnosticParts {
  const category = String(record['category'] ?? '');
  const kind = entraDiagnosticKind(category);
  const raw = parseJsonText(record['properties']);
  const properties = graphShape(isRecord(raw) ? raw : {});
  const graph: Json = { ...(properties as Json) };
  if (kind !== undefined) {
    const timeField = TIME_FIELDS[kind];
    graph[timeField] ??= record['time'];
    for (const field of DATE_FIELDS) {
      if (graph[field] !== undefined && graph[field] !== null)
        graph[field] = graphTime(graph[field]);
    }
    graph['correlationId'] ??= text(record['correlationId']);
    if (kind === 'signIn') fillSignIn(graph, record);
    if (kind === 'directoryAudit') {
      graph['activityDisplayName'] ??= text(record['operationName']);
      graph['result'] = enumOf(OPERATION_RESULTS, graph['result']);
    }
  }
  const derivedId = !text(graph['id']);
  if (derivedId) graph['id'] = derivedIdOf(record, graph);
  const envelope: Json = {};
  for (const field of [
    'category',
    'operationName',
    'operationVersion',
    'resourceId',
    'resultType',
    'resultSignature',
    'resultDescription',
    'durationMs',
    'callerIpAddress',
    'identity',
    'level',
    'Level',
    'location',
  ]) {
    const value = record[field];
    if (value !== undefined && value !== null && value !== '') envelope[field] = value;
  }
  return {
    category,
    kind,
    graph,
    envelope,
    tenantId: text(record['tenantId']) ?? text(graph['tenantId']),
    derivedId,
  };
}

/** The envelope's time in epoch milliseconds, or `undefined`. */
export function envelopeTime(record: Json): number | undefined {
  return parseAzureTime(record['time']);
}
