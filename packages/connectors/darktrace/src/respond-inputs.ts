import type { ActionRequestV1 } from '@openmdr/connector-kit';
import * as z from 'zod';

/** A device id (`did`): a positive integer, as a number or a string of digits. */
export const didSchema = z.union([
  z.int().positive(),
  z.string().regex(/^\d{1,15}$/, 'a Darktrace did is numeric'),
]);

/** A RESPOND action id (`codeid`): a positive integer, as a number or a string of digits. */
export const codeidSchema = z.union([
  z.int().positive(),
  z.string().regex(/^\d{1,15}$/, 'a Darktrace codeid is numeric'),
]);

/** How long a RESPOND action lasts, seconds (Darktrace's `duration`): 1 s to 1 year. */
export const durationSchema = z.int().min(1).max(31_536_000);

/** The default duration of a manual action: one hour. */
export const DEFAULT_RESPOND_DURATION_S = 3_600;

/**
 * Why, in words: written to the action history as `triggerer.reason` (required by the appliance
 * when its "Audit Antigena" setting is on).
 */
export const reasonSchema = z.string().min(1).max(1_000);

/** An IPv4 or IPv6 address. */
export const ipSchema = z.union([z.ipv4(), z.ipv6()]);

/** The device a manual action applies to: its `did`, or an IP address resolved by `/devices`. */
export const deviceSelectorShape = {
  /** The Darktrace device id. Wins over `ip`. */
  did: didSchema.optional(),
  /** An IP address of the device, resolved to its `did` with `GET /devices?ip=`. */
  ip: ipSchema.optional(),
};

/** The refinement every device-addressed input carries: a `did` or an `ip`. */
export const hasDevice = (input: { did?: unknown; ip?: unknown }): boolean =>
  input.did !== undefined || input.ip !== undefined;

/** The message of a failed {@link hasDevice}. */
export const NO_DEVICE_MESSAGE = 'a did or an ip of the device is required';

/**
 * The duration of a vendor-neutral request in whole seconds: `options.durationMs`, else
 * `stopTime - startTime`; undefined when it names none (the action's default applies).
 */
export function requestDurationSeconds(request: ActionRequestV1): number | undefined {
  const options = request.options;
  const ms =
    options?.durationMs ??
    (options?.startTime !== undefined && options.stopTime !== undefined
      ? options.stopTime - options.startTime
      : undefined);
  return ms === undefined ? undefined : Math.max(1, Math.ceil(ms / 1_000));
}

/**
 * The device fields of a vendor-neutral request: `target.device.uid` as the `did` when it is
 * numeric, else `target.device.ip`. Missing both leaves the input to fail its schema.
 */
export function requestDevice(request: ActionRequestV1): { did?: string; ip?: string } {
  const device = request.target.device;
  if (device?.uid !== undefined && /^\d+$/.test(device.uid)) return { did: device.uid };
  if (device?.ip !== undefined) return { ip: device.ip };
  return device?.uid !== undefined ? { did: device.uid } : {};
}

/** The optional fields `reason` and `duration` of a vendor-neutral request, when present. */
export function requestModifiers(request: ActionRequestV1): { reason?: string; duration?: number } {
  const duration = requestDurationSeconds(request);
  return {
    ...(request.reason ? { reason: request.reason.slice(0, 1_000) } : {}),
    ...(duration !== undefined ? { duration } : {}),
  };
}
