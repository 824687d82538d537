import { createHash } from 'node:crypto';
import type { ActionDefinition, ActionResult } from '@openmdr/connector-kit';
import { ConnectorHttpError, defineAction } from '@openmdr/connector-kit';
import type { JsonRecord } from '@openmdr/connector-kit/normalize';
import * as z from 'zod';
import type { SentinelClient } from './client.js';
import type { SentinelConfig } from './config.js';
import { SENTINEL_ARM_API_VERSION, SENTINEL_INCIDENTS_SUFFIX } from './streams.js';

/** An incident's ARM name: the GUID in its resource id (not the incident number). */
const incidentIdSchema = z.string().regex(/^[\w-]{1,128}$/, 'an incident name (its GUID)');

/** Input of `update-incident`: the fields to change; the others keep their values. */
export const updateIncidentInputSchema = z
  .object({
    /** The incident's ARM name (GUID). */
    incidentId: incidentIdSchema,
    /** New status. Closing needs a `classification`. */
    status: z.enum(['New', 'Active', 'Closed']).optional(),
    /** New severity. */
    severity: z.enum(['High', 'Medium', 'Low', 'Informational']).optional(),
    /** New owner: an Entra object id, a user principal name, or both. `null` unassigns. */
    owner: z
      .object({
        objectId: z.uuid().optional(),
        userPrincipalName: z.string().min(1).optional(),
      })
      .nullable()
      .optional(),
    /** Classification, required to close. */
    classification: z
      .enum(['Undetermined', 'TruePositive', 'BenignPositive', 'FalsePositive'])
      .optional(),
    /** Classification reason (`SuspiciousActivity`, `InaccurateData`, …). */
    classificationReason: z
      .enum([
        'SuspiciousActivity',
        'SuspiciousButExpected',
        'IncorrectAlertLogic',
        'InaccurateData',
      ])
      .optional(),
    /** Classification comment. */
    classificationComment: z.string().max(10_000).optional(),
  })
  .refine(
    (input) =>
      input.status !== undefined ||
      input.severity !== undefined ||
      input.owner !== undefined ||
      input.classification !== undefined,
    'nothing to change: give a status, severity, owner or classification',
  );

/** Output of `update-incident`. */
export const updateIncidentOutputSchema = z.object({
  /** The incident. */
  incidentId: z.string(),
  /** Its number in the workspace. */
  incidentNumber: z.number().optional(),
  /** Status after the update. */
  status: z.string().optional(),
  /** Severity after the update. */
  severity: z.string().optional(),
  /** The new etag. */
  etag: z.string().optional(),
});

/** Input of `comment-incident`. */
export const commentIncidentInputSchema = z.object({
  /** The incident's ARM name (GUID). */
  incidentId: incidentIdSchema,
  /** The comment (Markdown/HTML as the portal shows it), at most 30 000 characters. */
  message: z.string().min(1).max(30_000),
  /**
   * The comment's ARM name. Default: derived from the incident and the message, so a retried
   * request writes the same comment again instead of a second one.
   */
  commentId: z
    .string()
    .regex(/^[\w-]{1,128}$/)
    .optional(),
});

/** Output of `comment-incident`. */
export const commentIncidentOutputSchema = z.object({
  /** The incident. */
  incidentId: z.string(),
  /** The comment's ARM name. */
  commentId: z.string(),
});

/** The manifest entry of `update-incident`: triage state, no containment kind. */
export const updateIncidentManifest = defineAction({
  description:
    'Update a Sentinel incident: status, severity, owner, classification (GET then PUT …/incidents/{id} with its etag; a concurrent change is read again once).',
  input: updateIncidentInputSchema,
  output: updateIncidentOutputSchema,
  asynchronous: false,
  requiredPermissions: [
    'Microsoft.SecurityInsights/incidents/write (Microsoft Sentinel Responder)',
  ],
});

/** The manifest entry of `comment-incident`. */
export const commentIncidentManifest = defineAction({
  description: 'Comment on a Sentinel incident (PUT …/incidents/{id}/comments/{commentId}).',
  input: commentIncidentInputSchema,
  output: commentIncidentOutputSchema,
  asynchronous: false,
  requiredPermissions: [
    'Microsoft.SecurityInsights/incidents/comments/write (Microsoft Sentinel Responder)',
  ],
});

const incidentPath = (client: SentinelClient, incidentId: string) =>
  `${client.workspacePath}${SENTINEL_INCIDENTS_SUFFIX}/${encodeURIComponent(incidentId)}`;

const apiVersion = { 'api-version': SENTINEL_ARM_API_VERSION };

type UpdateInput = z.output<typeof updateIncidentInputSchema>;
type UpdateOutput = z.input<typeof updateIncidentOutputSchema>;

/** The incident's properties with the input's changes applied. */
export function updatedIncidentProperties(current: JsonRecord, input: UpdateInput): JsonRecord {
  const properties: JsonRecord = { ...current };
  if (input.status !== undefined) properties['status'] = input.status;
  if (input.severity !== undefined) properties['severity'] = input.severity;
  if (input.owner === null) properties['owner'] = {};
  else if (input.owner !== undefined) properties['owner'] = { ...input.owner };
  if (input.classification !== undefined) properties['classification'] = input.classification;
  if (input.classificationReason !== undefined)
    properties['classificationReason'] = input.classificationReason;
  if (input.classificationComment !== undefined)
    properties['classificationComment'] = input.classificationComment;
  return properties;
}

async function putIncident(
  client: SentinelClient,
  input: UpdateInput,
): Promise<JsonRecord | undefined> {
  const path = incidentPath(client, input.incidentId);
  const current = await client.arm.request<JsonRecord>({ path, query: apiVersion });
  const properties = (current.data?.['properties'] ?? {}) as JsonRecord;
  const response = await client.arm.request<JsonRecord>({
    method: 'PUT',
    path,
    query: apiVersion,
    json: {
      etag: current.data?.['etag'],
      properties: updatedIncidentProperties(properties, input),
    },
  });
  return response.data;
}

/**
 * `update-incident`: reads the incident (its properties and `etag`), applies the changes, and
 * `PUT`s it back with the etag so a concurrent change is never overwritten; on 412 (the
 * incident changed in between) it reads and writes once more.
 */
export const updateIncidentAction: ActionDefinition<
  SentinelConfig,
  SentinelClient,
  UpdateInput,
  UpdateOutput
> = {
  run: async (input, { client }): Promise<ActionResult<UpdateOutput>> => {
    let updated: JsonRecord | undefined;
    try {
      updated = await putIncident(client, input);
    } catch (error) {
      if (!(ConnectorHttpError.isInstance(error) && error.status === 412)) throw error;
      updated = await putIncident(client, input);
    }
    const properties = (updated?.['properties'] ?? {}) as JsonRecord;
    const number = properties['incidentNumber'];
    return {
      status: 'completed',
      output: {
        incidentId: input.incidentId,
        ...(typeof number === 'number' ? { incidentNumber: number } : {}),
        ...(typeof properties['status'] === 'string' ? { status: properties['status'] } : {}),
        ...(typeof properties['severity'] === 'string' ? { severity: properties['severity'] } : {}),
        ...(typeof updated?.['etag'] === 'string' ? { etag: updated['etag'] } : {}),
      },
    };
  },
};

/** The comment name of a message: a UUID-shaped digest of the incident and the message. */
export function sentinelCommentId(incidentId: string, message: string): string {
  const hex = createHash('sha256').update(`${incidentId}\n${message}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

type CommentInput = z.output<typeof commentIncidentInputSchema>;
type CommentOutput = z.input<typeof commentIncidentOutputSchema>;

/** `comment-incident`: `PUT …/incidents/{id}/comments/{commentId}` with `{ properties: { message } }`. */
export const commentIncidentAction: ActionDefinition<
  SentinelConfig,
  SentinelClient,
  CommentInput,
  CommentOutput
> = {
  run: async (input, { client }): Promise<ActionResult<CommentOutput>> => {
    const commentId = input.commentId ?? sentinelCommentId(input.incidentId, input.message);
    await client.arm.request({
      method: 'PUT',
      path: `${incidentPath(client, input.incidentId)}/comments/${encodeURIComponent(commentId)}`,
      query: apiVersion,
      json: { properties: { message: input.message } },
    });
    return { status: 'completed', output: { incidentId: input.incidentId, commentId } };
  },
};
