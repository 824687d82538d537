import type { ActionDefinition, ActionResult } from '@openmdr/connector-kit';
import { defineAction, requireTarget } from '@openmdr/connector-kit';
import { isRecord } from '@openmdr/connector-kit/normalize';
import * as z from 'zod';
import type { DarktraceClient } from './client.js';
import type { DarktraceConfig } from './config.js';
import { DARKTRACE_ANTIGENA_PATH, respondChangeBody } from './respond-code-actions.js';
import { findDevice, type RespondDevice } from './respond-devices.js';
import {
  DEFAULT_RESPOND_DURATION_S,
  deviceSelectorShape,
  durationSchema,
  hasDevice,
  NO_DEVICE_MESSAGE,
  reasonSchema,
  requestDevice,
  requestModifiers,
} from './respond-inputs.js';

/** The path creating manual RESPOND/Network actions (Threat Visualizer 6+). */
export const DARKTRACE_ANTIGENA_MANUAL_PATH = '/antigena/manual';

/** The quarantine inhibitors of a manual action: all traffic, outgoing only, incoming only. */
export const QUARANTINE_MODES = ['quarantine', 'quarantineOutgoing', 'quarantineIncoming'] as const;

/** Input of `quarantine-device`. */
export const quarantineDeviceInputSchema = z
  .object({
    ...deviceSelectorShape,
    /** Which traffic is blocked. Default `quarantine` (all). */
    mode: z.enum(QUARANTINE_MODES).default('quarantine'),
    /** Seconds the quarantine lasts. Default one hour. */
    duration: durationSchema.default(DEFAULT_RESPOND_DURATION_S),
    /** Why, written to the action history. */
    reason: reasonSchema.optional(),
  })
  .refine(hasDevice, NO_DEVICE_MESSAGE);

/** Output of `quarantine-device` and `block-connections`: the created action. */
export const manualRespondOutputSchema = z.object({
  /** The RESPOND action created (keep it to extend or clear the action). */
  codeid: z.int().positive(),
  /** The device acted on. */
  did: z.int().positive(),
  /** The inhibitor: `quarantine`, `quarantineOutgoing`, `quarantineIncoming` or `connection`. */
  action: z.string(),
  /** Seconds it lasts. */
  duration: z.int().positive(),
});

/** Input of `block-connections`. */
export const blockConnectionsInputSchema = z
  .object({
    ...deviceSelectorShape,
    /** The remote end whose connections with the device are blocked: an IP address or a host name. */
    destination: z.string().min(1).max(253),
    /** Only connections to this destination port. Default: any port. */
    port: z.int().min(1).max(65_535).optional(),
    /** Seconds the block lasts. Default one hour. */
    duration: durationSchema.default(DEFAULT_RESPOND_DURATION_S),
    /** Why, written to the action history. */
    reason: reasonSchema.optional(),
  })
  .refine(hasDevice, NO_DEVICE_MESSAGE);

/** Input of `release-device`. */
export const releaseDeviceInputSchema = z
  .object({
    ...deviceSelectorShape,
    /** Why, written to the history of every action cleared. */
    reason: reasonSchema.optional(),
  })
  .refine(hasDevice, NO_DEVICE_MESSAGE);

/** Output of `release-device`. */
export const releaseDeviceOutputSchema = z.object({
  /** The device released. */
  did: z.int().positive(),
  /** The quarantine actions cleared (empty when none was active or pending). */
  cleared: z.array(z.int().positive()),
});

type Selector = { did?: number | string | undefined; ip?: string | undefined };
type ManualOutput = z.input<typeof manualRespondOutputSchema>;
type Action<Input, Output> = ActionDefinition<DarktraceConfig, DarktraceClient, Input, Output>;

/** The failure of an action whose device the appliance does not know. */
const unknownDevice = (selector: Selector) =>
  ({
    status: 'failed',
    reason:
      selector.did !== undefined
        ? `Darktrace knows no device with did ${String(selector.did)}`
        : `Darktrace knows no device with IP ${selector.ip ?? ''}`,
  }) as const;

/** The device of `selector`: the `did` as given, else resolved from the IP. */
async function resolveDid(
  client: DarktraceClient,
  selector: Selector,
): Promise<number | undefined> {
  if (selector.did !== undefined) return Number(selector.did);
  return (await findDevice(client, selector))?.did;
}

/** Posts a manual action and reads the `codeid` Darktrace answers (`{ "code": 10170 }`). */
async function createManualAction(
  client: DarktraceClient,
  body: Record<string, unknown>,
): Promise<number | undefined> {
  const response = await client.api.request<unknown>({
    method: 'POST',
    path: DARKTRACE_ANTIGENA_MANUAL_PATH,
    json: body,
  });
  const data = response.data;
  const code = Number(isRecord(data) ? data['code'] : data);
  return Number.isSafeInteger(code) && code > 0 ? code : undefined;
}

type QuarantineInput = z.output<typeof quarantineDeviceInputSchema>;

/** `quarantine-device`: `POST /antigena/manual` `{ did, action: 'quarantine', duration, reason }`. */
export const quarantineDeviceAction: Action<QuarantineInput, ManualOutput> = {
  run: async (input, { client }): Promise<ActionResult<ManualOutput>> => {
    const did = await resolveDid(client, input);
    if (did === undefined) return unknownDevice(input);
    const codeid = await createManualAction(client, {
      did,
      action: input.mode,
      duration: input.duration,
      reason: input.reason ?? '',
    });
    if (codeid === undefined) {
      return { status: 'failed', reason: `Darktrace created no ${input.mode} action on ${did}` };
    }
    return {
      status: 'completed',
      output: { codeid, did, action: input.mode, duration: input.duration },
    };
  },
};

type BlockInput = z.output<typeof blockConnectionsInputSchema>;

/**
 * `block-connections`: looks the device up (`GET /devices`, for its IP, the source of the
 * pair), then `POST /antigena/manual` `{ did, action: 'connection', duration, reason,
 * connections: [{ src, dst, port? }] }`.
 */
export const blockConnectionsAction: Action<BlockInput, ManualOutput> = {
  run: async (input, { client }): Promise<ActionResult<ManualOutput>> => {
    const device: RespondDevice | undefined = await findDevice(client, input);
    if (!device) return unknownDevice(input);
    const src = device.ip ?? input.ip;
    if (src === undefined) {
      return { status: 'failed', reason: `Darktrace device ${device.did} has no IP address` };
    }
    const codeid = await createManualAction(client, {
      did: device.did,
      action: 'connection',
      duration: input.duration,
      reason: input.reason ?? '',
      connections: [
        { src, dst: input.destination, ...(input.port !== undefined ? { port: input.port } : {}) },
      ],
    });
    if (codeid === undefined) {
      return { status: 'failed', reason: `Darktrace created no connection block on ${device.did}` };
    }
    return {
      status: 'completed',
      output: { codeid, did: device.did, action: 'connection', duration: input.duration },
    };
  },
};

type ReleaseInput = z.output<typeof releaseDeviceInputSchema>;
type ReleaseOutput = z.input<typeof releaseDeviceOutputSchema>;

/** True for a quarantine action of the list that is active (not expired) or pending. */
function isLiveQuarantine(action: Record<string, unknown>, now: number): boolean {
  if (!(QUARANTINE_MODES as readonly unknown[]).includes(action['action'])) return false;
  if (action['cleared'] === true) return false;
  const expires = Number(action['expires']);
  return action['active'] !== true || !Number.isFinite(expires) || expires > now;
}

/**
 * `release-device`: lists the device's actions (`GET /antigena?did=`) and clears each
 * quarantine action that is active or pending (`POST /antigena` `{ codeid, clear: true }`).
 */
export const releaseDeviceAction: Action<ReleaseInput, ReleaseOutput> = {
  run: async (input, { client }): Promise<ActionResult<ReleaseOutput>> => {
    const did = await resolveDid(client, input);
    if (did === undefined) return unknownDevice(input);
    const response = await client.api.request<unknown>({
      path: DARKTRACE_ANTIGENA_PATH,
      query: { did: String(did) },
    });
    const data = response.data;
    const list = Array.isArray(data)
      ? data
      : isRecord(data) && Array.isArray(data['actions'])
        ? data['actions']
        : [];
    const now = client.api.serverNow();
    const codeids = list
      .filter(isRecord)
      .filter((action) => Number(action['did']) === did && isLiveQuarantine(action, now))
      .map((action) => Number(action['codeid']))
      .filter((codeid) => Number.isSafeInteger(codeid) && codeid > 0);
    for (const codeid of codeids) {
      await client.api.request({
        method: 'POST',
        path: DARKTRACE_ANTIGENA_PATH,
        json: respondChangeBody('clear', {
          codeid,
          ...(input.reason !== undefined ? { reason: input.reason } : {}),
        }),
      });
    }
    return { status: 'completed', output: { did, cleared: codeids } };
  },
};

const PERMISSIONS = ['antigena:respond'];

/**
 * Manifest entries of the device actions: `quarantine-device` implements `contain_device`,
 * `release-device` `allow_device` (both by `target.device.uid` as the `did`, else
 * `target.device.ip`), and `block-connections` `deny_ip` (the device in `target.device`, the
 * remote address in `target.ip`). A request's `reason` and `options.durationMs` become the
 * action's reason and duration.
 */
export const respondDeviceManifests = {
  'quarantine-device': defineAction({
    description:
      'Quarantine a device with a manual RESPOND action (POST /antigena/manual, action quarantine / quarantineOutgoing / quarantineIncoming); an IP is resolved with GET /devices?ip=.',
    input: quarantineDeviceInputSchema,
    output: manualRespondOutputSchema,
    asynchronous: false,
    requiredPermissions: ['antigena:manual'],
    implements: {
      contain_device: (request) => ({ ...requestDevice(request), ...requestModifiers(request) }),
    },
  }),
  'release-device': defineAction({
    description:
      'Clear the active and pending quarantine actions of a device (GET /antigena?did=, then POST /antigena { codeid, clear: true } for each).',
    input: releaseDeviceInputSchema,
    output: releaseDeviceOutputSchema,
    asynchronous: false,
    requiredPermissions: PERMISSIONS,
    implements: {
      allow_device: (request) => {
        const { reason } = requestModifiers(request);
        return { ...requestDevice(request), ...(reason !== undefined ? { reason } : {}) };
      },
    },
  }),
  'block-connections': defineAction({
    description:
      'Block the connections between a device and a remote address with a manual RESPOND action (GET /devices, then POST /antigena/manual, action connection).',
    input: blockConnectionsInputSchema,
    output: manualRespondOutputSchema,
    asynchronous: false,
    requiredPermissions: ['antigena:manual'],
    implements: {
      deny_ip: (request) => {
        requireTarget(request, 'device', 'uid', 'ip');
        return {
          ...requestDevice(request),
          destination: requireTarget(request, 'ip'),
          ...requestModifiers(request),
        };
      },
    },
  }),
};
