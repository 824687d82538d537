import type {
  ActionDefinition,
  ActionRequestV1,
  ActionResult,
  ConnectorActionManifest,
} from '@openmdr/connector-kit';
import { ConnectorResponseError, defineAction, requireTarget } from '@openmdr/connector-kit';
import { isRecord } from '@openmdr/connector-kit/normalize';
import * as z from 'zod';
import type { DefenderClient } from './client.js';
import type { DefenderConfig } from './config.js';

const machineId = z.string().regex(/^[0-9a-fA-F]{40}$/, 'a 40-hex-digit Defender machine id');

/** Input of `isolate`. */
export const isolateInputSchema = z.object({
  /** Defender for Endpoint machine id. */
  machineId,
  /** `Full` cuts every connection but the Defender service; `Selective` keeps Outlook, Teams and Skype. */
  isolationType: z.enum(['Full', 'Selective']).default('Full'),
  /** Why (Defender requires a comment; it shows in the action center). */
  comment: z.string().min(1).max(1_000),
});

/** Input of `release`. */
export const releaseInputSchema = z.object({
  /** Defender for Endpoint machine id. */
  machineId,
  /** Why. */
  comment: z.string().min(1).max(1_000),
});

/** Output of `isolate` and `release`: the completed machine action. */
export const machineActionOutputSchema = z.object({
  /** Machine action id. */
  actionId: z.string(),
  machineId,
  /** `Isolate` or `Unisolate`. */
  type: z.string(),
  /** Always `Succeeded` for a completed action. */
  status: z.literal('Succeeded'),
});

const FAILED = new Set(['Failed', 'TimeOut', 'Cancelled']);

type Action = ActionDefinition<DefenderConfig, DefenderClient>;

function machineActionResult(body: unknown): ActionResult {
  if (!isRecord(body) || typeof body['id'] !== 'string') {
    throw new ConnectorResponseError('Defender returned a machine action without an id');
  }
  const status = String(body['status']);
  if (status === 'Succeeded') {
    return {
      status: 'completed',
      output: {
        actionId: body['id'],
        machineId: String(body['machineId']),
        type: String(body['type']),
        status: 'Succeeded',
      },
    };
  }
  if (FAILED.has(status)) {
    return { status: 'failed', reason: `machine action ${body['id']} ended ${status}` };
  }
  return { status: 'pending', handle: body['id'] };
}

const pollMachineAction: NonNullable<Action['poll']> = async (handle, { client }) => {
  const response = await client.endpoint.request({
    path: `/api/machineactions/${encodeURIComponent(handle)}`,
  });
  return machineActionResult(response.data);
};

/** `isolate`: `POST /api/machines/{id}/isolate`, then the machine action polled to completion. */
export const isolateAction: Action = {
  run: async (input, { client }) => {
    const parsed = isolateInputSchema.parse(input);
    const response = await client.endpoint.request({
      method: 'POST',
      path: `/api/machines/${parsed.machineId}/isolate`,
      json: { Comment: parsed.comment, IsolationType: parsed.isolationType },
    });
    return machineActionResult(response.data);
  },
  poll: pollMachineAction,
};

/** `release`: `POST /api/machines/{id}/unisolate`, then the machine action polled to completion. */
export const releaseAction: Action = {
  run: async (input, { client }) => {
    const parsed = releaseInputSchema.parse(input);
    const response = await client.endpoint.request({
      method: 'POST',
      path: `/api/machines/${parsed.machineId}/unisolate`,
      json: { Comment: parsed.comment },
    });
    return machineActionResult(response.data);
  },
  poll: pollMachineAction,
};

/**
 * The comment Defender requires on a machine action: the request's reason, else
 * `OpenMDR <request id>` with the incident id when there is one; at most 1 000 characters.
 */
function machineActionComment(request: ActionRequestV1): string {
  const incident = request.incidentId === undefined ? '' : ` (incident ${request.incidentId})`;
  return (request.reason ?? `OpenMDR ${request.requestId}${incident}`).slice(0, 1_000);
}

/** `Selective` isolation for `app_restriction` containment, else `Full`. */
const isolationTypeOf = (request: ActionRequestV1): 'Full' | 'Selective' =>
  request.options?.containment === 'app_restriction' ? 'Selective' : 'Full';

/**
 * Manifest entries of the machine actions: `isolate` implements `contain_device` (`Selective`
 * isolation when the request asks for `app_restriction` containment, else `Full`) and `release`
 * implements `allow_device`, both addressed by the machine id (`target.device.uid`).
 */
export const machineActionManifests: Record<string, ConnectorActionManifest> = {
  isolate: defineAction({
    description:
      'Isolate a machine from the network (Full or Selective) with Defender for Endpoint; the machine action is polled until it succeeds or fails.',
    input: isolateInputSchema,
    output: machineActionOutputSchema,
    asynchronous: true,
    requiredPermissions: ['Machine.Isolate'],
    implements: {
      contain_device: (request) => ({
        machineId: requireTarget(request, 'device', 'uid'),
        isolationType: isolationTypeOf(request),
        comment: machineActionComment(request),
      }),
    },
  }),
  release: defineAction({
    description:
      'Release a machine from isolation; the machine action is polled until it succeeds or fails.',
    input: releaseInputSchema,
    output: machineActionOutputSchema,
    asynchronous: true,
    requiredPermissions: ['Machine.Isolate'],
    implements: {
      allow_device: (request) => ({
        machineId: requireTarget(request, 'device', 'uid'),
        comment: machineActionComment(request),
      }),
    },
  }),
};
