import type {
  ActionDefinition,
  ActionRequestV1,
  ActionResult,
  ConnectorActionManifest,
} from '@openmdr/connector-kit';
import { ConnectorActionError, defineAction, requireTarget } from '@openmdr/connector-kit';
import { isRecord } from '@openmdr/connector-kit/normalize';
import * as z from 'zod';
import { type CrowdStrikeClient, type FalconResponse, resourcesOf } from './client.js';
import type { CrowdStrikeConfig } from './config.js';

const deviceId = z.string().regex(/^[0-9a-fA-F]{32}$/, 'a 32-hex-digit Falcon device id (aid)');

/** Input of `contain` and `lift-containment`. */
export const containmentInputSchema = z.object({
  /** The host's agent id (`device_id`). */
  deviceId,
});

/** Output of `contain` and `lift-containment`: the host's final network status. */
export const containmentOutputSchema = z.object({
  deviceId,
  /** `contained` after `contain`, `normal` after `lift-containment`. */
  status: z.enum(['contained', 'normal']),
});

interface Handle {
  deviceId: string;
  target: 'contained' | 'normal';
}

type Action = ActionDefinition<CrowdStrikeConfig, CrowdStrikeClient>;

const PENDING: Record<Handle['target'], string> = {
  contained: 'containment_pending',
  normal: 'lift_containment_pending',
};

function containmentAction(actionName: 'contain' | 'lift_containment'): Action {
  const target: Handle['target'] = actionName === 'contain' ? 'contained' : 'normal';
  return {
    run: async (input, { client }) => {
      const { deviceId: id } = containmentInputSchema.parse(input);
      const response = await client.api.request<FalconResponse<unknown>>({
        method: 'POST',
        path: '/devices/entities/devices-actions/v2',
        query: { action_name: actionName },
        json: { ids: [id] },
      });
      const accepted = resourcesOf(response.data, `${actionName} on ${id}`);
      if (!accepted.some((resource) => isRecord(resource) && resource['id'] === id)) {
        return { status: 'failed', reason: `CrowdStrike did not accept ${actionName} for ${id}` };
      }
      return {
        status: 'pending',
        handle: JSON.stringify({ deviceId: id, target } satisfies Handle),
      };
    },
    poll: async (handle, { client }): Promise<ActionResult> => {
      const parsed = JSON.parse(handle) as Handle;
      const response = await client.api.request<FalconResponse<unknown>>({
        path: '/devices/entities/devices/v2',
        query: { ids: parsed.deviceId },
      });
      const device = resourcesOf(response.data, `host ${parsed.deviceId}`).find(isRecord);
      if (!device) {
        throw new ConnectorActionError(
          `CrowdStrike host ${parsed.deviceId} not found while polling ${actionName}`,
        );
      }
      const status = device['status'];
      if (status === parsed.target) {
        return {
          status: 'completed',
          output: { deviceId: parsed.deviceId, status: parsed.target },
        };
      }
      if (status === PENDING[parsed.target] || status === 'normal' || status === 'contained') {
        // Still pending (or not yet picked up by the sensor): poll again.
        return { status: 'pending', handle };
      }
      return { status: 'failed', reason: `host ${parsed.deviceId} is in state ${String(status)}` };
    },
  };
}

/** `contain`: network-contain a host, then poll its `status` until `contained`. */
export const containAction = containmentAction('contain');
/** `lift-containment`: lift network containment, then poll until the status is `normal`. */
export const liftContainmentAction = containmentAction('lift_containment');

/** The input of `contain` and `lift-containment` for a vendor-neutral request: the device's aid. */
const containmentInput = (request: ActionRequestV1) => ({
  deviceId: requireTarget(request, 'device', 'uid'),
});

/**
 * The manifest entries of the containment actions: `contain` implements `contain_device` and
 * `lift-containment` implements `allow_device`, both addressed by the Falcon agent id
 * (`target.device.uid`).
 */
export const containmentActionManifests: Record<string, ConnectorActionManifest> = {
  contain: defineAction({
    description:
      'Network-contain a host (POST /devices/entities/devices-actions/v2?action_name=contain), polled until its status is contained.',
    input: containmentInputSchema,
    output: containmentOutputSchema,
    asynchronous: true,
    requiredPermissions: ['Hosts:write'],
    implements: { contain_device: containmentInput },
  }),
  'lift-containment': defineAction({
    description:
      'Lift network containment (action_name=lift_containment), polled until the host status is normal.',
    input: containmentInputSchema,
    output: containmentOutputSchema,
    asynchronous: true,
    requiredPermissions: ['Hosts:write'],
    implements: { allow_device: containmentInput },
  }),
};
