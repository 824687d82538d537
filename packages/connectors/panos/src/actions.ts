import {
  type ActionDefinition,
  type ActionRequestV1,
  type ActionResult,
  defineAction,
  requireTarget,
} from '@openmdr/connector-kit';
import * as z from 'zod';
import { normalizePanosAddress } from './address.js';
import type { PanosClient } from './client.js';
import { PANOS_MAX_TAG_TIMEOUT_SECONDS, type PanosConfig, panosTagSchema } from './config.js';
import { registerIpTags, unregisterIpTags } from './user-id.js';

const isAddress = (value: string): boolean => {
  try {
    normalizePanosAddress(value);
    return true;
  } catch {
    return false;
  }
};

/** An IPv4 or IPv6 host address, or an IPv4 network (PAN-OS 10.0 and later). */
const addressSchema = z
  .string()
  .refine(isAddress, 'an IPv4 or IPv6 address, or an IPv4 network a.b.c.d/n');

/** Input of `register-ip-tag`. */
export const registerIpTagInputSchema = z.object({
  /** The address to block. */
  ip: addressSchema,
  /** The tag; default the config's `tag`. */
  tag: panosTagSchema.optional(),
  /** Seconds until PAN-OS drops the tag (0: never); default from `expiresAt` or the config. */
  timeoutSeconds: z.int().min(0).max(PANOS_MAX_TAG_TIMEOUT_SECONDS).optional(),
  /** When the block ends, epoch ms; used when `timeoutSeconds` is absent. */
  expiresAt: z.int().positive().optional(),
});

/** Output of `register-ip-tag`. */
export const registerIpTagOutputSchema = z.object({
  /** The address as registered (IPv6 compressed, lower case). */
  ip: z.string(),
  /** The tag. */
  tag: z.string(),
  /** The timeout sent, seconds (0: until unregistered). */
  timeoutSeconds: z.int().min(0),
  /** True when the firewall already had the tag on the address (its timeout is unchanged). */
  alreadyRegistered: z.boolean(),
});

/** Input of `unregister-ip-tag`. */
export const unregisterIpTagInputSchema = z.object({
  /** The address to unblock. */
  ip: addressSchema,
  /** The tag; default the config's `tag`. */
  tag: panosTagSchema.optional(),
});

/** Output of `unregister-ip-tag`. */
export const unregisterIpTagOutputSchema = z.object({
  /** The address as unregistered. */
  ip: z.string(),
  /** The tag. */
  tag: z.string(),
  /** False when the firewall did not have the tag on the address. */
  wasRegistered: z.boolean(),
});

/** The timeout of a `deny_ip` request: its duration, capped at 30 days, at least a second. */
function requestTimeout(request: ActionRequestV1): { timeoutSeconds?: number; expiresAt?: number } {
  const durationMs = request.options?.durationMs;
  if (durationMs !== undefined) {
    const seconds = Math.ceil(durationMs / 1000);
    return { timeoutSeconds: Math.min(PANOS_MAX_TAG_TIMEOUT_SECONDS, Math.max(1, seconds)) };
  }
  const stopTime = request.options?.stopTime;
  return stopTime === undefined ? {} : { expiresAt: stopTime };
}

/**
 * The manifest entry of `register-ip-tag`: implements `deny_ip` (the address in `target.ip`, the
 * timeout from `options.durationMs` or `options.stopTime`).
 */
export const registerIpTagManifest = defineAction({
  description:
    'Block an address: register the tag on it through the XML API (`type=user-id`, `<register>`), so the dynamic address group of a deny rule holds it until the tag times out or is unregistered.',
  input: registerIpTagInputSchema,
  output: registerIpTagOutputSchema,
  asynchronous: false,
  requiredPermissions: ['XML API: User-ID Agent'],
  implements: {
    deny_ip: (request) => ({ ip: requireTarget(request, 'ip'), ...requestTimeout(request) }),
  },
});

/** The manifest entry of `unregister-ip-tag`: implements `allow_ip` (the address in `target.ip`). */
export const unregisterIpTagManifest = defineAction({
  description:
    'Unblock an address: unregister the tag from it through the XML API (`type=user-id`, `<unregister>`).',
  input: unregisterIpTagInputSchema,
  output: unregisterIpTagOutputSchema,
  asynchronous: false,
  requiredPermissions: ['XML API: User-ID Agent'],
  implements: { allow_ip: (request) => ({ ip: requireTarget(request, 'ip') }) },
});

type RegisterOutput = z.input<typeof registerIpTagOutputSchema>;
type UnregisterOutput = z.input<typeof unregisterIpTagOutputSchema>;

/**
 * `register-ip-tag`: `<register>` the tag on the address with `timeout` = `timeoutSeconds`, else
 * the seconds until `expiresAt` (capped at 30 days; a past `expiresAt` fails the action), else
 * the config's `defaultTimeoutSeconds`; `persistent` from the config.
 */
export const registerIpTagAction: ActionDefinition<
  PanosConfig,
  PanosClient,
  z.output<typeof registerIpTagInputSchema>,
  RegisterOutput
> = {
  run: async (input, { client, context }): Promise<ActionResult<RegisterOutput>> => {
    const ip = normalizePanosAddress(input.ip);
    const tag = input.tag ?? client.config.tag;
    let timeoutSeconds = input.timeoutSeconds ?? client.config.defaultTimeoutSeconds;
    if (input.timeoutSeconds === undefined && input.expiresAt !== undefined) {
      const remainingMs = input.expiresAt - context.clock.now();
      if (remainingMs <= 0) {
        return { status: 'failed', reason: `expiresAt ${input.expiresAt} is already past` };
      }
      timeoutSeconds = Math.min(PANOS_MAX_TAG_TIMEOUT_SECONDS, Math.ceil(remainingMs / 1000));
    }
    const result = await registerIpTags(client, [
      { ip, tags: [tag], timeoutSeconds, persistent: client.config.persistent },
    ]);
    return {
      status: 'completed',
      output: { ip, tag, timeoutSeconds, alreadyRegistered: result.unchanged.length > 0 },
    };
  },
};

/** `unregister-ip-tag`: `<unregister>` the tag from the address. */
export const unregisterIpTagAction: ActionDefinition<
  PanosConfig,
  PanosClient,
  z.output<typeof unregisterIpTagInputSchema>,
  UnregisterOutput
> = {
  run: async (input, { client }): Promise<ActionResult<UnregisterOutput>> => {
    const ip = normalizePanosAddress(input.ip);
    const tag = input.tag ?? client.config.tag;
    const result = await unregisterIpTags(client, [{ ip, tags: [tag] }]);
    return {
      status: 'completed',
      output: { ip, tag, wasRegistered: result.unchanged.length === 0 },
    };
  },
};
