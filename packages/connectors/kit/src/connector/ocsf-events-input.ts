import type { OcsfEvent } from '@openmdr/core';
import * as z from 'zod';

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The `events` of a write-back action (`write-findings`): one or more OCSF events. The input type
 * takes events as `@openmdr/core` types them (`OcsfEvent`, `DetectionFinding`,
 * `IncidentFinding`, …) as well as plain records; the parsed value is read as records. Only the
 * shape (an object) is checked here: validating each class is the producer's job, and a
 * write-back must not drop a finding the SIEM would accept.
 *
 * @example
 * ```ts
 * const writeFindingsInputSchema = z.object({ events: ocsfEventsInputSchema });
 * await splunk.runAction('write-findings', { events: triage.incidents });
 * ```
 */
export const ocsfEventsInputSchema = z
  .array(
    z.custom<OcsfEvent | Record<string, unknown>>(isObject, {
      message: 'expected an OCSF event (an object)',
    }),
  )
  .min(1)
  .transform((events) => events as Record<string, unknown>[]);
