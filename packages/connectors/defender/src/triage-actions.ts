import type { ActionDefinition, ConnectorActionManifest } from '@openmdr/connector-kit';
import { ConnectorResponseError } from '@openmdr/connector-kit';
import { isRecord } from '@openmdr/connector-kit/normalize';
import * as z from 'zod';
import type { DefenderClient } from './client.js';
import type { DefenderConfig } from './config.js';

const classification = z.enum([
  'unknown',
  'falsePositive',
  'truePositive',
  'informationalExpectedActivity',
]);

/** Graph alert/incident `determination` values. */
const determination = z.enum([
  'unknown',
  'apt',
  'malware',
  'securityPersonnel',
  'securityTesting',
  'unwantedSoftware',
  'other',
  'multiStagedAttack',
  'compromisedAccount',
  'phishing',
  'maliciousUserActivity',
  'notMalicious',
  'notEnoughDataToValidate',
  'confirmedActivity',
  'lineOfBusinessApplication',
]);

const atLeastOneChange = (value: Record<string, unknown>) =>
  ['status', 'classification', 'determination', 'assignedTo'].some(
    (key) => value[key] !== undefined,
  );

/** Input of `update-alert`. */
export const updateAlertInputSchema = z
  .object({
    /** Graph alert id (`security/alerts_v2`). */
    alertId: z.string().min(1),
    status: z.enum(['new', 'inProgress', 'resolved']).optional(),
    classification: classification.optional(),
    determination: determination.optional(),
    /** User principal name of the owner. */
    assignedTo: z.string().min(1).optional(),
  })
  .refine(
    atLeastOneChange,
    'give at least one of status, classification, determination, assignedTo',
  );

/** Input of `update-incident`. */
export const updateIncidentInputSchema = z
  .object({
    /** Graph incident id. */
    incidentId: z.string().min(1),
    status: z.enum(['active', 'inProgress', 'awaitingAction', 'resolved']).optional(),
    classification: classification.optional(),
    determination: determination.optional(),
    assignedTo: z.string().min(1).optional(),
  })
  .refine(
    atLeastOneChange,
    'give at least one of status, classification, determination, assignedTo',
  );

/** Output of the triage updates: the fields as Graph now has them. */
export const triageOutputSchema = z.object({
  id: z.string(),
  status: z.string().nullable(),
  classification: z.string().nullable(),
  determination: z.string().nullable(),
  assignedTo: z.string().nullable(),
});

type Action = ActionDefinition<DefenderConfig, DefenderClient>;

function triageAction(
  kind: 'alerts_v2' | 'incidents',
  idKey: 'alertId' | 'incidentId',
  schema: z.ZodType,
): Action {
  return {
    run: async (input, { client }) => {
      const { [idKey]: id, ...changes } = schema.parse(input) as Record<string, string | undefined>;
      const response = await client.graph.request({
        method: 'PATCH',
        path: `/v1.0/security/${kind}/${encodeURIComponent(String(id))}`,
        json: changes,
      });
      const body = response.data;
      if (!isRecord(body)) throw new ConnectorResponseError(`Graph returned no ${kind} object`);
      const field = (key: string) => (typeof body[key] === 'string' ? (body[key] as string) : null);
      return {
        status: 'completed',
        output: {
          id: String(body['id'] ?? id),
          status: field('status'),
          classification: field('classification'),
          determination: field('determination'),
          assignedTo: field('assignedTo'),
        },
      };
    },
  };
}

/** `update-alert`: `PATCH /v1.0/security/alerts_v2/{id}` (status, classification, determination, owner). */
export const updateAlertAction = triageAction('alerts_v2', 'alertId', updateAlertInputSchema);
/** `update-incident`: `PATCH /v1.0/security/incidents/{id}`. */
export const updateIncidentAction = triageAction(
  'incidents',
  'incidentId',
  updateIncidentInputSchema,
);

/** Manifest entries of the triage actions. */
export const triageActionManifests: Record<string, ConnectorActionManifest> = {
  'update-alert': {
    description:
      'Update a Defender XDR alert: status, classification, determination, assignee (Microsoft Graph).',
    input: updateAlertInputSchema,
    output: triageOutputSchema,
    asynchronous: false,
    requiredPermissions: ['SecurityAlert.ReadWrite.All'],
  },
  'update-incident': {
    description:
      'Update a Defender XDR incident: status, classification, determination, assignee (Microsoft Graph).',
    input: updateIncidentInputSchema,
    output: triageOutputSchema,
    asynchronous: false,
    requiredPermissions: ['SecurityIncident.ReadWrite.All'],
  },
};
