import type * as z from 'zod';
import type { ActionKindV1 } from '../contract/v1/action-kind-v1.js';
import type { ActionManifestV1 } from '../contract/v1/action-v1.js';

/**
 * Declares one action's manifest entry with its types kept: the input builders of `implements`
 * are checked against the input schema, and the kinds stay a literal union. Returns its argument
 * unchanged.
 *
 * @example
 * ```ts
 * export const containManifest = defineAction({
 *   description: 'Network-contain a host',
 *   input: z.object({ deviceId: z.string() }),
 *   output: z.object({ deviceId: z.string(), status: z.enum(['contained', 'normal']) }),
 *   asynchronous: true,
 *   requiredPermissions: ['Hosts:write'],
 *   implements: {
 *     contain_device: (request) => ({ deviceId: requireTarget(request, 'device', 'uid') }),
 *   },
 * });
 * ```
 */
export function defineAction<
  Input extends z.ZodType,
  Output extends z.ZodType,
  const Kinds extends ActionKindV1 = never,
>(action: ActionManifestV1<Input, Output, Kinds>): ActionManifestV1<Input, Output, Kinds> {
  return action;
}
