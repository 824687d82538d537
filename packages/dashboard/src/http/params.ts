import { CASE_STATUSES, type CaseSeverity, type CaseStatus } from '@openmdr/response';
import { z } from 'zod';
import { DashboardError } from '../errors.js';

/** Case severities, in order (the values `?severity=` accepts). */
const CASE_SEVERITIES: readonly [CaseSeverity, ...CaseSeverity[]] = [
  'informational',
  'low',
  'medium',
  'high',
  'critical',
];

/** An id in a query or a body: a non-empty string of at most 256 characters. */
const id = z.string().min(1).max(256);

/** `?tenant=`: a tenant id, `*`, or omitted. */
const tenant = id.optional();

/** An integer query parameter between `min` and `max`. */
function integer(min: number, max: number) {
  return z.coerce.number().int().min(min).max(max).optional();
}

/** Epoch milliseconds, or an ISO 8601 date converted to them. */
const epochMs = z
  .string()
  .transform((value, context) => {
    const parsed = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
    if (!Number.isSafeInteger(parsed) || parsed < 0) {
      context.addIssue({
        code: 'custom',
        message: 'expected epoch milliseconds or an ISO 8601 date',
      });
      return z.NEVER;
    }
    return parsed;
  })
  .optional();

/** `true`/`false` (or `1`/`0`). */
const flag = z
  .enum(['true', 'false', '1', '0'])
  .transform((value) => value === 'true' || value === '1')
  .optional();

const offset = integer(0, Number.MAX_SAFE_INTEGER);

/** The query of a route that only selects tenants. */
export const tenantQuery = z.object({ tenant });

/** The query of `GET /api/cases`. */
export const listCasesQuery = z
  .object({
    tenant,
    status: z.enum(CASE_STATUSES as readonly [CaseStatus, ...CaseStatus[]]).optional(),
    severity: z.enum(CASE_SEVERITIES).optional(),
    open: flag,
    q: z.string().max(1000).optional(),
    offset,
    limit: integer(1, 500),
  })
  .transform(({ q, ...rest }) => ({ ...rest, query: q }));

/** The query of `GET /api/metrics/trends`. */
export const trendsQuery = z.object({ tenant, days: integer(1, 366) });

/** The query of `GET /api/sla`. */
export const slaQuery = z.object({ tenant, limit: integer(1, 1_000) });

/** The query of `GET /api/findings/hourly`. */
export const hourlyQuery = z.object({ tenant, hours: integer(1, 24 * 31) });

/** The query of `GET /api/findings`. */
export const searchFindingsQuery = z
  .object({
    tenant,
    q: z.string().max(1000).optional(),
    minSeverityId: integer(0, 99),
    since: epochMs,
    until: epochMs,
    offset,
    limit: integer(1, 500),
  })
  .transform(({ q, ...rest }) => ({ ...rest, query: q }));

/** The query of `GET /api/playbook-runs`. */
export const playbookRunsQuery = z.object({ tenant, limit: integer(1, 500) });

/** A value that must be present (any JSON). */
const required = z.unknown().refine((value) => value !== undefined, { message: 'required' });

/** The body of `POST /api/cases/:id/comments`. */
export const commentBody = z.object({ text: z.string().trim().min(1).max(10_000) });

/** The body of `POST /api/approvals/:id/decision`. */
export const decisionBody = z.object({
  decision: z.enum(['approve', 'deny']),
  reason: z.string().max(2_000).default(''),
});

/** The body of `POST /api/actions/propose`. */
export const proposeBody = z.object({
  caseId: id.optional(),
  command: required,
  reason: z.string().trim().min(1).max(2_000),
});

/** The body of `POST /api/hunts`. */
export const huntBody = z.object({ hunt: required });

/**
 * The query string as a plain object for a schema: empty values count as omitted; a parameter
 * given twice is refused.
 */
export function queryObject(search: URLSearchParams): Record<string, string> {
  const query: Record<string, string> = {};
  for (const [name, value] of search) {
    if (Object.hasOwn(query, name))
      throw invalid(`query parameter '${name}' is given more than once`, name);
    if (value !== '') query[name] = value;
  }
  return query;
}

/**
 * Parses `value` with `schema`; on failure throws a `DASHBOARD_INVALID` {@link DashboardError}
 * whose message names the first offending parameter (`where` is `query parameter` or `body
 * field`).
 */
export function parseInput<S extends z.ZodType>(
  schema: S,
  value: unknown,
  where: 'query parameter' | 'body field',
): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const name = issue?.path.map(String).join('.') ?? '';
  if (name === '')
    throw invalid(
      `invalid request ${where === 'body field' ? 'body' : 'query'}: ${issue?.message ?? 'invalid'}`,
      undefined,
    );
  throw invalid(`invalid ${where} '${name}': ${issue?.message ?? 'invalid'}`, name);
}

function invalid(message: string, parameter: string | undefined): DashboardError {
  return new DashboardError(
    'DASHBOARD_INVALID',
    message,
    parameter === undefined ? undefined : { details: { parameter } },
  );
}
