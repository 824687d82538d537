import type { ActionDefinition, ActionResult } from '@openmdr/connector-kit';
import { defineAction, requireTarget } from '@openmdr/connector-kit';
import * as z from 'zod';
import { type ElasticClient, requireKibana } from './client.js';
import type { ElasticConfig } from './config.js';

/** Kibana paths of the actions, relative to the space URL. */
export const ELASTIC_KIBANA_PATHS = {
  signalsStatus: '/api/detection_engine/signals/status',
  caseComments: '/api/cases/:caseId/comments',
  isolate: '/api/endpoint/action/isolate',
  unisolate: '/api/endpoint/action/unisolate',
  actionStatus: '/api/endpoint/action/:actionId',
} as const;

// set-alert-status ------------------------------------------------------------------------------

/** Input of `set-alert-status`. */
export const setAlertStatusInputSchema = z.object({
  /** Alert ids (`kibana.alert.uuid`, the documents' `_id`). */
  alertIds: z.array(z.string().min(1)).min(1).max(1_000),
  /** The workflow status. */
  status: z.enum(['open', 'acknowledged', 'closed']),
  /** Why an alert is closed (Kibana 8.16+), kept in `kibana.alert.workflow_reason`. */
  reason: z
    .enum([
      'false_positive',
      'duplicate',
      'true_positive',
      'benign_positive',
      'automated_closure',
      'other',
    ])
    .optional(),
});

/** Output of `set-alert-status`. */
export const setAlertStatusOutputSchema = z.object({
  /** Alerts Kibana updated. */
  updated: z.int().min(0),
});

type SetAlertStatusOutput = z.input<typeof setAlertStatusOutputSchema>;

/** The manifest entry of `set-alert-status`. */
export const setAlertStatusManifest = defineAction({
  description:
    'Set the workflow status of detection alerts (POST /api/detection_engine/signals/status with signal_ids).',
  input: setAlertStatusInputSchema,
  output: setAlertStatusOutputSchema,
  asynchronous: false,
  requiredPermissions: ['Security: Alerts (All)'],
});

/** `set-alert-status`: `POST <kibana>/api/detection_engine/signals/status {signal_ids, status}`. */
export const setAlertStatusAction: ActionDefinition<
  ElasticConfig,
  ElasticClient,
  z.output<typeof setAlertStatusInputSchema>,
  SetAlertStatusOutput
> = {
  run: async ({ alertIds, status, reason }, { client }) => {
    const response = await requireKibana(client).request<{ updated?: number } | undefined>({
      method: 'POST',
      path: ELASTIC_KIBANA_PATHS.signalsStatus,
      json: { signal_ids: alertIds, status, ...(reason ? { reason } : {}) },
    });
    return { status: 'completed', output: { updated: response.data?.updated ?? 0 } };
  },
};

// add-case-comment ------------------------------------------------------------------------------

/** Input of `add-case-comment`. */
export const addCaseCommentInputSchema = z.object({
  /** The case id. */
  caseId: z.string().min(1),
  /** The comment (Markdown). */
  comment: z.string().min(1).max(30_000),
  /** The case owner (the solution the case belongs to). */
  owner: z.enum(['securitySolution', 'observability', 'cases']).default('securitySolution'),
});

/** Output of `add-case-comment`. */
export const addCaseCommentOutputSchema = z.object({
  /** The case. */
  caseId: z.string(),
  /** The case version after the comment. */
  version: z.string().optional(),
});

type AddCaseCommentOutput = z.input<typeof addCaseCommentOutputSchema>;

/** The manifest entry of `add-case-comment`. */
export const addCaseCommentManifest = defineAction({
  description: 'Add a user comment to a Kibana case (POST /api/cases/{caseId}/comments).',
  input: addCaseCommentInputSchema,
  output: addCaseCommentOutputSchema,
  asynchronous: false,
  requiredPermissions: ['Cases (All)'],
});

/** `add-case-comment`: `POST <kibana>/api/cases/{caseId}/comments {type: user, comment, owner}`. */
export const addCaseCommentAction: ActionDefinition<
  ElasticConfig,
  ElasticClient,
  z.output<typeof addCaseCommentInputSchema>,
  AddCaseCommentOutput
> = {
  run: async ({ caseId, comment, owner }, { client }) => {
    const response = await requireKibana(client).request<
      { id?: string; version?: string } | undefined
    >({
      method: 'POST',
      path: ELASTIC_KIBANA_PATHS.caseComments.replace(':caseId', encodeURIComponent(caseId)),
      json: { type: 'user', comment, owner },
    });
    return {
      status: 'completed',
      output: {
        caseId: response.data?.id ?? caseId,
        ...(response.data?.version ? { version: response.data.version } : {}),
      },
    };
  },
};

// isolate-host / release-host -------------------------------------------------------------------

/** Input of `isolate-host` and `release-host`. */
export const isolationInputSchema = z.object({
  /** Elastic Defend agent ids (`agent.id` of Defend alerts, `device.uid` in OCSF). */
  endpointIds: z.array(z.string().min(1)).min(1).max(100),
  /** Shown in the response actions history. */
  comment: z.string().max(10_000).optional(),
  /** Alerts the action answers (attached to them in Kibana). */
  alertIds: z.array(z.string().min(1)).optional(),
  /** Cases the action is attached to. */
  caseIds: z.array(z.string().min(1)).optional(),
});

/** Output of `isolate-host` and `release-host` once Elastic Defend completed it. */
export const isolationOutputSchema = z.object({
  /** The response action id. */
  actionId: z.string(),
  /** The hosts. */
  endpointIds: z.array(z.string()),
  /** Their network state. */
  status: z.enum(['isolated', 'released']),
});

type IsolationOutput = z.input<typeof isolationOutputSchema>;

const isolationInput = (request: Parameters<typeof requireTarget>[0]) => ({
  endpointIds: [String(requireTarget(request, 'device', 'uid'))],
  comment: 'by OpenMDR',
});

/** The manifest entry of `isolate-host`; implements `contain_device` (`target.device.uid`). */
export const isolateHostManifest = defineAction({
  description:
    'Isolate hosts with Elastic Defend (POST /api/endpoint/action/isolate), polled until the response action completes.',
  input: isolationInputSchema,
  output: isolationOutputSchema,
  asynchronous: true,
  requiredPermissions: ['Security: Host Isolation (All)'],
  implements: { contain_device: isolationInput },
});

/** The manifest entry of `release-host`; implements `allow_device` (`target.device.uid`). */
export const releaseHostManifest = defineAction({
  description:
    'Release hosts from isolation with Elastic Defend (POST /api/endpoint/action/unisolate), polled until the response action completes.',
  input: isolationInputSchema,
  output: isolationOutputSchema,
  asynchronous: true,
  requiredPermissions: ['Security: Host Isolation (All)'],
  implements: { allow_device: isolationInput },
});

interface IsolationHandle {
  actionId: string;
  endpointIds: string[];
}

interface ResponseActionBody {
  action?: string;
  data?: { id?: string; isCompleted?: boolean; wasSuccessful?: boolean; status?: string };
}

function isolationAction(
  kind: 'isolate' | 'unisolate',
): ActionDefinition<
  ElasticConfig,
  ElasticClient,
  z.output<typeof isolationInputSchema>,
  IsolationOutput
> {
  const done = kind === 'isolate' ? 'isolated' : 'released';
  return {
    run: async (input, { client }): Promise<ActionResult<IsolationOutput>> => {
      const response = await requireKibana(client).request<ResponseActionBody | undefined>({
        method: 'POST',
        path: ELASTIC_KIBANA_PATHS[kind],
        json: {
          endpoint_ids: input.endpointIds,
          agent_type: 'endpoint',
          ...(input.comment ? { comment: input.comment } : {}),
          ...(input.alertIds ? { alert_ids: input.alertIds } : {}),
          ...(input.caseIds ? { case_ids: input.caseIds } : {}),
        },
      });
      const actionId = response.data?.data?.id ?? response.data?.action;
      if (!actionId) {
        return { status: 'failed', reason: `Elastic Defend did not accept ${kind} (no action id)` };
      }
      const handle: IsolationHandle = { actionId, endpointIds: input.endpointIds };
      return { status: 'pending', handle: JSON.stringify(handle) };
    },
    poll: async (handle, { client }): Promise<ActionResult<IsolationOutput>> => {
      const { actionId, endpointIds } = JSON.parse(handle) as IsolationHandle;
      const response = await requireKibana(client).request<ResponseActionBody | undefined>({
        path: ELASTIC_KIBANA_PATHS.actionStatus.replace(':actionId', encodeURIComponent(actionId)),
      });
      const data = response.data?.data;
      if (!data?.isCompleted) return { status: 'pending', handle };
      if (data.wasSuccessful === false || data.status === 'failed') {
        return { status: 'failed', reason: `Elastic Defend ${kind} action ${actionId} failed` };
      }
      return { status: 'completed', output: { actionId, endpointIds, status: done } };
    },
  };
}

/** `isolate-host`: `POST /api/endpoint/action/isolate`, then `GET /api/endpoint/action/{id}`. */
export const isolateHostAction = isolationAction('isolate');
/** `release-host`: `POST /api/endpoint/action/unisolate`, then `GET /api/endpoint/action/{id}`. */
export const releaseHostAction = isolationAction('unisolate');
