import type {
  ActionDefinition,
  ActionResult,
  ConnectorActionManifest,
} from '@openmdr/connector-kit';
import { ConnectorResponseError } from '@openmdr/connector-kit';
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

/** Manifest entries of the machine actions. */
export const machineActionManifests: Record<string, ConnectorActionManifest> = {
  isolate: {
    description:
      'Isolate a machine from the network (Full or Selective) with Defender for Endpoint; the machine action is polled until it succeeds or fails.',
    input: isolateInputSchema,
    output: machineActionOutputSchema,
    asynchronous: true,
    requiredPermissions: ['Machine.Isolate'],
  },
  release: {
    description:
      'Release a machine from isolation; the machine action is polled until it succeeds or fails.',
    input: releaseInputSchema,
    output: machineActionOutputSchema,
    asynchronous: true,
    requiredPermissions: ['Machine.Isolate'],
  },
};
