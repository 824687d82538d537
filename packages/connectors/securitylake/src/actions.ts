import type { ActionDefinition, ActionResult } from '@openmdr/connector-kit';
import { defineAction, requireTarget } from '@openmdr/connector-kit';
import * as z from 'zod';
import type { SecuritylakeClient } from './client.js';
import type { SecuritylakeConfig } from './config.js';

/** Input of `isolate-host`. */
export const isolateHostInputSchema = z.object({
  /** The Amazon Security Lake host id. TODO: its documented format (a regex catches typos early). */
  hostId: z.string().min(1),
  /** Why, shown in the Amazon Security Lake console. */
  comment: z.string().default('isolated by OpenMDR'),
});

/** Output of `isolate-host` once Amazon Security Lake completed it. */
export const isolateHostOutputSchema = z.object({
  /** The host. */
  hostId: z.string(),
  /** Its network state. */
  status: z.literal('isolated'),
});

/**
 * The manifest entry of `isolate-host`. It implements the `contain_device` action kind: a
 * vendor-neutral request names the host by `target.device.uid`.
 */
export const isolateHostManifest = defineAction({
  description:
    'Network-isolate a host (POST /api/v1/hosts/{hostId}/isolate), polled until Amazon Security Lake reports it completed.',
  input: isolateHostInputSchema,
  output: isolateHostOutputSchema,
  asynchronous: true,
  requiredPermissions: ['hosts:isolate'],
  implements: {
    contain_device: (request) => ({ hostId: requireTarget(request, 'device', 'uid') }),
  },
});

/** What `poll` needs, kept as the action's handle. */
interface IsolationHandle {
  hostId: string;
  actionId: string;
}

type IsolateHostOutput = z.input<typeof isolateHostOutputSchema>;

/**
 * `isolate-host`: `POST /api/v1/hosts/{hostId}/isolate`, then `GET /api/v1/actions/{actionId}`
 * until Amazon Security Lake reports it `completed` or `failed`. Isolating an isolated host succeeds.
 * TODO: the vendor's endpoints and statuses.
 */
export const isolateHostAction: ActionDefinition<
  SecuritylakeConfig,
  SecuritylakeClient,
  z.output<typeof isolateHostInputSchema>,
  IsolateHostOutput
> = {
  run: async ({ hostId, comment }, { client }): Promise<ActionResult<IsolateHostOutput>> => {
    const response = await client.api.request<{ action_id?: string } | undefined>({
      method: 'POST',
      path: `/api/v1/hosts/${encodeURIComponent(hostId)}/isolate`,
      json: { comment },
    });
    const actionId = response.data?.action_id;
    if (!actionId) {
      return {
        status: 'failed',
        reason: `Amazon Security Lake did not accept isolate-host for ${hostId}`,
      };
    }
    const handle: IsolationHandle = { hostId, actionId };
    return { status: 'pending', handle: JSON.stringify(handle) };
  },
  poll: async (handle, { client }): Promise<ActionResult<IsolateHostOutput>> => {
    const { hostId, actionId } = JSON.parse(handle) as IsolationHandle;
    const response = await client.api.request<{ status?: string } | undefined>({
      path: `/api/v1/actions/${encodeURIComponent(actionId)}`,
    });
    switch (response.data?.status) {
      case 'completed':
        return { status: 'completed', output: { hostId, status: 'isolated' } };
      case 'failed':
        return {
          status: 'failed',
          reason: `Amazon Security Lake reported isolate-host on ${hostId} failed`,
        };
      default:
        return { status: 'pending', handle };
    }
  },
};
