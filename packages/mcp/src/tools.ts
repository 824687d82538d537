import { randomUUID } from 'node:crypto';
import type { ToolAnnotations } from '@modelcontextprotocol/sdk/types.js';
import type { Principal, SocOperations } from '@openmdr/dashboard';
import {
  CASE_STATUSES,
  type CaseSeverity,
  type CaseStatus,
  commandSchema,
} from '@openmdr/response';
import * as z from 'zod';

/** Whether a tool only reads, or changes something. */
export type SocToolKind = 'read' | 'mutation';

/** The name of a tool of the OpenMDR MCP server. */
export type SocToolName =
  | 'overview'
  | 'search_findings'
  | 'search_cases'
  | 'get_case'
  | 'sla_status'
  | 'list_pending_approvals'
  | 'explain_score'
  | 'run_hunt'
  | 'add_case_comment'
  | 'propose_action';

/** One tool: its MCP description and input schema, and the SOC operation it runs. */
export interface SocTool<Shape extends z.ZodRawShape = z.ZodRawShape> {
  readonly name: SocToolName;
  readonly title: string;
  readonly description: string;
  readonly kind: SocToolKind;
  /**
   * Whether the operation writes its own `access.call` audit record once its checks passed
   * (`explainScore` and the mutations of `createSocOperations`); the MCP server then records
   * only the calls refused by those checks, so that nothing is recorded twice.
   */
  readonly auditedByOperation: boolean;
  readonly annotations: ToolAnnotations;
  readonly input: Shape;
  run(
    operations: SocOperations,
    principal: Principal,
    args: z.output<z.ZodObject<Shape>>,
  ): Promise<unknown>;
}

const CASE_SEVERITIES = [
  'informational',
  'low',
  'medium',
  'high',
  'critical',
] as const satisfies readonly CaseSeverity[];

const tenantSelector = z
  .string()
  .min(1)
  .optional()
  .describe(
    "The tenant id; '*' for every tenant you may see (mssp role only); omit it when you have a single tenant.",
  );
const tenant = z.string().min(1).describe('The tenant id.');
const offset = z.number().int().min(0).optional().describe('Rows to skip (paging). Default 0.');
const limit = z
  .number()
  .int()
  .min(1)
  .max(500)
  .optional()
  .describe('Rows to return, at most 500. Default 50.');
const instant = z
  .union([z.number().int().min(0), z.iso.datetime({ offset: true })])
  .optional()
  .describe('Epoch milliseconds, or an ISO 8601 date-time.');

const READ: ToolAnnotations = { readOnlyHint: true, openWorldHint: false };

function toEpochMs(value: number | string | undefined): number | undefined {
  return typeof value === 'string' ? Date.parse(value) : value;
}

function defineTool<Shape extends z.ZodRawShape>(tool: SocTool<Shape>): SocTool {
  return tool as unknown as SocTool;
}

/** The command of `propose_action`: `@openmdr/response`'s OpenC2 command; `request_id` optional. */
const proposedCommand = commandSchema.partial({ request_id: true });

/**
 * The tools, in the order `tools/list` gives them. Every tool runs one {@link SocOperations}
 * call with the caller's principal, so tenant and role are checked where the data is.
 */
export const SOC_TOOLS: readonly SocTool[] = [
  defineTool({
    name: 'overview',
    title: 'SOC overview',
    description:
      'Counts across the selected tenants: open cases by status and severity, open incidents, SLA clocks running/at risk/breached, pending approvals, findings in the last hour and day, connector health. Role: viewer.',
    kind: 'read',
    auditedByOperation: false,
    annotations: READ,
    input: { tenant: tenantSelector },
    run: (operations, principal, args) => operations.overview(principal, { tenant: args.tenant }),
  }),
  defineTool({
    name: 'search_findings',
    title: 'Search findings',
    description:
      'Searches detection findings (newest first) by words in title and fields, minimum OCSF severity id (1 informational … 5 critical, 6 fatal) and time range; returns a page with each finding’s source, ATT&CK tactics and techniques and risk score. Role: viewer.',
    kind: 'read',
    auditedByOperation: false,
    annotations: READ,
    input: {
      tenant: tenantSelector,
      query: z.string().max(500).optional().describe('Words to match, case-insensitive.'),
      minSeverityId: z
        .number()
        .int()
        .min(0)
        .max(6)
        .optional()
        .describe('Minimum OCSF severity id.'),
      since: instant,
      until: instant,
      offset,
      limit,
    },
    run: (operations, principal, args) =>
      operations.searchFindings(principal, {
        tenant: args.tenant,
        query: args.query,
        minSeverityId: args.minSeverityId,
        since: toEpochMs(args.since),
        until: toEpochMs(args.until),
        offset: args.offset,
        limit: args.limit,
      }),
  }),
  defineTool({
    name: 'search_cases',
    title: 'Search cases',
    description:
      'Lists cases, most recently updated first, filtered by words (title, description, observables, techniques), status, severity or open/closed; each with its most urgent SLA clock. Role: viewer.',
    kind: 'read',
    auditedByOperation: false,
    annotations: READ,
    input: {
      tenant: tenantSelector,
      query: z.string().max(500).optional().describe('Words to match, case-insensitive.'),
      status: z.enum(CASE_STATUSES as readonly [CaseStatus, ...CaseStatus[]]).optional(),
      severity: z.enum(CASE_SEVERITIES).optional(),
      open: z.boolean().optional().describe('true: only open cases; false: only closed ones.'),
      offset,
      limit,
    },
    run: (operations, principal, args) =>
      operations.listCases(principal, {
        tenant: args.tenant,
        query: args.query,
        status: args.status,
        severity: args.severity,
        open: args.open,
        offset: args.offset,
        limit: args.limit,
      }),
  }),
  defineTool({
    name: 'get_case',
    title: 'Get a case',
    description:
      'One case with its timeline (comments, status changes, actions), SLA clocks and investigation graph when one exists. Role: viewer.',
    kind: 'read',
    auditedByOperation: false,
    annotations: READ,
    input: { tenant, id: z.string().min(1).describe('The case id.') },
    run: (operations, principal, args) =>
      operations.getCase(principal, { tenant: args.tenant, id: args.id }),
  }),
  defineTool({
    name: 'sla_status',
    title: 'SLA clocks',
    description:
      'The running SLA clocks of open cases (acknowledge, contain, resolve), with their due time and state (running, at risk, breached). Role: viewer.',
    kind: 'read',
    auditedByOperation: false,
    annotations: READ,
    input: {
      tenant: tenantSelector,
      limit: z
        .number()
        .int()
        .min(1)
        .max(1_000)
        .optional()
        .describe('How many clocks, most urgent first (default 100).'),
    },
    run: (operations, principal, args) =>
      operations.slaClocks(principal, { tenant: args.tenant, limit: args.limit }),
  }),
  defineTool({
    name: 'list_pending_approvals',
    title: 'Pending approvals',
    description:
      'Response actions waiting for a human approver, with the command, who proposed it and why. Approving or denying is a human decision and is not offered as a tool. Role: viewer.',
    kind: 'read',
    auditedByOperation: false,
    annotations: READ,
    input: { tenant: tenantSelector },
    run: (operations, principal, args) =>
      operations.pendingApprovals(principal, { tenant: args.tenant }),
  }),
  defineTool({
    name: 'explain_score',
    title: 'Explain a risk score',
    description:
      'Why a finding has its risk score (0–100): the level and the factors with their values and weights. Role: viewer.',
    kind: 'read',
    auditedByOperation: true,
    annotations: READ,
    input: { tenant, findingId: z.string().min(1).describe('The finding id.') },
    run: (operations, principal, args) =>
      operations.explainScore(principal, { tenant: args.tenant, findingId: args.findingId }),
  }),
  defineTool({
    name: 'run_hunt',
    title: 'Run a threat hunt',
    description:
      "Runs a hunt over the tenant's stored events: Sigma rules (`rules`, YAML or objects) or one raw query (`query: {query}`) in a query language (`target`) over a time range (default the last 24 hours); returns hit counts per rule, failures and the first 100 hits. Changes nothing; audited. Role: analyst.",
    kind: 'mutation',
    auditedByOperation: true,
    annotations: { readOnlyHint: true, openWorldHint: false },
    input: {
      tenant,
      hunt: z
        .looseObject({
          name: z.string().min(1).describe('A display name.'),
          rules: z
            .array(z.union([z.string().min(1), z.record(z.string(), z.unknown())]))
            .min(1)
            .optional()
            .describe('Sigma rules, as YAML text or objects (give rules or query).'),
          query: z
            .looseObject({ query: z.string().min(1) })
            .optional()
            .describe('A raw query in the target language, instead of rules.'),
          target: z
            .string()
            .min(1)
            .optional()
            .describe(
              "splunk, esql, lucene, kql, duckdb or postgres; default the hunt runner's first.",
            ),
          range: z
            .object({ from: z.number().int().min(0), to: z.number().int().min(0) })
            .optional()
            .describe('Epoch ms, from inclusive, to exclusive. Default the last 24 hours.'),
          id: z.string().min(1).optional().describe('Default: a new id.'),
        })
        .describe("The hunt, in @openmdr/hunting's Hunt shape, for the tool's tenant."),
    },
    run: (operations, principal, args) =>
      operations.runHunt(principal, { tenant: args.tenant, hunt: args.hunt }),
  }),
  defineTool({
    name: 'add_case_comment',
    title: 'Comment on a case',
    description: "Adds a comment to a case's timeline, attributed to you. Audited. Role: analyst.",
    kind: 'mutation',
    auditedByOperation: true,
    annotations: {
      readOnlyHint: false,
      destructiveHint: false,
      idempotentHint: false,
      openWorldHint: false,
    },
    input: {
      tenant,
      caseId: z.string().min(1).describe('The case id.'),
      text: z.string().min(1).max(10_000).describe('The comment.'),
    },
    run: (operations, principal, args) =>
      operations.addCaseComment(principal, {
        tenant: args.tenant,
        caseId: args.caseId,
        text: args.text,
      }),
  }),
  defineTool({
    name: 'propose_action',
    title: 'Propose a response action',
    description:
      "Proposes an OpenC2 response action (isolate a host, block an IP, disable an account…). It NEVER executes anything: it evaluates the tenant's response policy and, when the policy allows the action, opens an approval request for a human approver. The result's status is 'pending-approval' (with the approval) or 'refused' (with the policy's reason). Audited. Role: analyst.",
    kind: 'mutation',
    auditedByOperation: true,
    annotations: {
      readOnlyHint: false,
      destructiveHint: false,
      idempotentHint: false,
      openWorldHint: false,
    },
    input: {
      tenant,
      caseId: z.string().min(1).optional().describe('The case the action is for.'),
      command: proposedCommand.describe(
        'The OpenC2 command: action, target (exactly one target type), optional args and actuator; request_id defaults to a new UUID.',
      ),
      reason: z.string().min(1).max(2_000).describe('Why the action is needed.'),
    },
    run: (operations, principal, args) =>
      operations.proposeAction(principal, {
        tenant: args.tenant,
        caseId: args.caseId,
        command: { ...args.command, request_id: args.command.request_id ?? randomUUID() },
        reason: args.reason,
      }),
  }),
];
