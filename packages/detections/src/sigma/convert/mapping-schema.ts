/**
 * The schema of a {@link SigmaQueryMapping} read from a file (a tenant's overrides): every
 * key optional except where a whole mapping needs it, unknown keys refused so a typo is seen.
 *
 * @module
 */
import { z } from 'zod';
import type { SigmaQueryMappingOverride } from './types.js';

const fieldTargets = z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]);
const scalar = z.union([z.string(), z.number()]);

const logsourceMappingSchema = z.strictObject({
  product: z.string().optional(),
  category: z.string().optional(),
  service: z.string().optional(),
  source: z.string().optional(),
  conditions: z.record(z.string(), z.union([scalar, z.array(scalar).min(1)])).optional(),
  fields: z.record(z.string(), fieldTargets).optional(),
});

/** A partial mapping, as a tenant override file holds it (merged over a built-in mapping). */
export const sigmaQueryMappingOverrideSchema: z.ZodType<SigmaQueryMappingOverride> = z.strictObject(
  {
    name: z.string().min(1).optional(),
    description: z.string().optional(),
    fields: z.record(z.string(), fieldTargets).optional(),
    unmappedFields: z.enum(['keep', 'fail']).optional(),
    logsources: z.array(logsourceMappingSchema).optional(),
    defaultSource: z.string().optional(),
    keywordField: z.string().optional(),
    timeField: z.string().optional(),
  },
);
