import { secret } from '@openmdr/connector-kit';
import * as z from 'zod';
import { ENTRA_CLOUDS } from './clouds.js';

const hostUrl = z
  .url({ protocol: /^https?$/ })
  .refine((value) => {
    if (!URL.canParse(value)) return false;
    const url = new URL(value);
    return url.protocol === 'https:' || ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  }, 'must be https (http only for a loopback test server)')
  .transform((value) => value.replace(/\/+$/, ''));

const streamOptions = z
  .object({
    /** Where the first read starts (ISO 8601). Default: 24 hours ago. */
    since: z.iso.datetime({ offset: true }).optional(),
    /**
     * How far behind the newest record time each read starts again, in minutes, to catch records
     * Microsoft makes available late (sign-ins can appear minutes, sometimes hours, after they
     * happen); re-read records are dropped by id. Default 60.
     */
    lookbackMinutes: z.number().min(0).max(10_080).default(60),
    /** Records per page (`$top`). Default 500. */
    pageSize: z.int().min(1).max(1000).default(500),
  })
  .default({ lookbackMinutes: 60, pageSize: 500 });

/** The config of the Microsoft Entra ID connector. */
export const entraConfigSchema = z.object({
  /** The directory (tenant) id or a verified domain. */
  tenantId: z.string().regex(/^[A-Za-z0-9.-]+$/, 'a tenant id (GUID) or domain'),
  /** The app registration's application (client) id. */
  clientId: z.string().min(1),
  /** The app's client secret. */
  clientSecret: secret({ name: 'entra_client_secret' }),
  /** The Microsoft cloud. Default `global`. */
  cloud: z.enum(Object.keys(ENTRA_CLOUDS) as [keyof typeof ENTRA_CLOUDS]).default('global'),
  /** Overrides the cloud's authority URL (a proxy, a test server). */
  loginUrl: hostUrl.optional(),
  /** Overrides the cloud's Graph URL (a proxy, a test server). */
  graphUrl: hostUrl.optional(),
  /** Graph API version: `v1.0`, or `beta` for more sign-in detail (factors, user agent). */
  apiVersion: z.enum(['v1.0', 'beta']).default('v1.0'),
  /** Per-stream read options. */
  signins: streamOptions,
  audits: streamOptions,
  riskyUsers: streamOptions,
  riskDetections: streamOptions,
});

/** The validated config of the Entra connector. */
export type EntraConfig = z.output<typeof entraConfigSchema>;

/** The read options of one stream. */
export type EntraStreamOptions = z.output<typeof streamOptions>;
