import type {
  ActionDefinition,
  ActionRequestV1,
  ActionResult,
  ConnectorActionManifest,
  HttpClient,
} from '@openmdr/connector-kit';
import { ConnectorActionError, defineAction, requireTarget } from '@openmdr/connector-kit';
import { isRecord } from '@openmdr/connector-kit/normalize';
import * as z from 'zod';
import type { SentinelOneConfig } from './config.js';

const agentId = z.string().regex(/^\d{1,20}$/, 'a numeric SentinelOne agent id');

/** Input of `disconnect` and `reconnect`. */
export const networkActionInputSchema = z.object({
  /** The agent id (`id` of `/agents`). */
  agentId,
});

/** Output of `disconnect` and `reconnect`: the agent's final network status. */
export const networkActionOutputSchema = z.object({
  agentId,
  /** `disconnected` after `disconnect`, `connected` after `reconnect`. */
  networkStatus: z.enum(['disconnected', 'connected']),
});

interface Handle {
  agentId: string;
  target: 'disconnected' | 'connected';
}

const TRANSITIONS: Record<Handle['target'], string> = {
  disconnected: 'disconnecting',
  connected: 'connecting',
};

type Action = ActionDefinition<SentinelOneConfig, HttpClient>;

function networkAction(vendorAction: 'disconnect' | 'connect'): Action {
  const target: Handle['target'] = vendorAction === 'disconnect' ? 'disconnected' : 'connected';
  return {
    run: async (input, { client }) => {
      const { agentId: id } = networkActionInputSchema.parse(input);
      const response = await client.request<{ data?: { affected?: number } }>({
        method: 'POST',
        path: `/web/api/v2.1/agents/actions/${vendorAction}`,
        json: { filter: { ids: [id] } },
      });
      if ((response.data?.data?.affected ?? 0) < 1) {
        return {
          status: 'failed',
          reason: `SentinelOne ${vendorAction} affected no agent (id ${id})`,
        };
      }
      return {
        status: 'pending',
        handle: JSON.stringify({ agentId: id, target } satisfies Handle),
      };
    },
    poll: async (handle, { client }): Promise<ActionResult> => {
      const parsed = JSON.parse(handle) as Handle;
      const response = await client.request<{ data?: unknown[] }>({
        path: '/web/api/v2.1/agents',
        query: { ids: parsed.agentId },
      });
      const agent = (response.data?.data ?? []).find(isRecord);
      if (!agent) {
        throw new ConnectorActionError(
          `SentinelOne agent ${parsed.agentId} not found while polling ${vendorAction}`,
        );
      }
      const status = agent['networkStatus'];
      if (status === parsed.target) {
        return {
          status: 'completed',
          output: { agentId: parsed.agentId, networkStatus: parsed.target },
        };
      }
      if (
        status === TRANSITIONS[parsed.target] ||
        status === 'connected' ||
        status === 'disconnected'
      ) {
        return { status: 'pending', handle };
      }
      return {
        status: 'failed',
        reason: `agent ${parsed.agentId} network status ${String(status)}`,
      };
    },
  };
}

/** `disconnect`: network-quarantine an agent, polled until its status is `disconnected`. */
export const disconnectAction = networkAction('disconnect');
/** `reconnect`: reconnect an agent to the network, polled until its status is `connected`. */
export const reconnectAction = networkAction('connect');

/** The input of `disconnect` and `reconnect` for a vendor-neutral request: the agent id. */
const networkActionInput = (request: ActionRequestV1) => ({
  agentId: requireTarget(request, 'device', 'uid'),
});

/**
 * Manifest entries of the network actions: `disconnect` implements `contain_device` and
 * `reconnect` implements `allow_device`, both addressed by the agent id (`target.device.uid`).
 */
export const networkActionManifests: Record<string, ConnectorActionManifest> = {
  disconnect: defineAction({
    description:
      'Disconnect an agent from the network (POST /web/api/v2.1/agents/actions/disconnect), polled until the agent reports disconnected.',
    input: networkActionInputSchema,
    output: networkActionOutputSchema,
    asynchronous: true,
    requiredPermissions: ['Endpoints: Disconnect From Network'],
    implements: { contain_device: networkActionInput },
  }),
  reconnect: defineAction({
    description:
      'Reconnect an agent to the network (POST /web/api/v2.1/agents/actions/connect), polled until the agent reports connected.',
    input: networkActionInputSchema,
    output: networkActionOutputSchema,
    asynchronous: true,
    requiredPermissions: ['Endpoints: Reconnect to Network'],
    implements: { allow_device: networkActionInput },
  }),
};
