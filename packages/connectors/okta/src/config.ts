import { secret } from '@openmdr/connector-kit';
import * as z from 'zod';

/** The OAuth scopes the connector asks for: read the System Log, manage users (actions). */
export const OKTA_DEFAULT_SCOPES = ['okta.logs.read', 'okta.users.manage'] as const;

const orgUrl = z
  .url({ protocol: /^https?$/ })
  .refine((value) => {
    if (!URL.canParse(value)) return false;
    const url = new URL(value);
    return url.protocol === 'https:' || ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  }, 'must be https (http only for a loopback test server)')
  .transform((value) => value.replace(/\/+$/, ''));

/** How the connector authenticates to Okta. */
export const oktaAuthSchema = z.discriminatedUnion('type', [
  z.object({
    /** An API token sent as `Authorization: SSWS <token>`. */
    type: z.literal('ssws'),
    apiToken: secret({ name: 'okta_api_token' }),
  }),
  z.object({
    /** An OAuth 2.0 service app authenticating with a signed client assertion. */
    type: z.literal('private-key-jwt'),
    clientId: z.string().min(1),
    privateKey: secret({ name: 'okta_private_key' }),
    /** The `kid` of the public key registered with the app. */
    keyId: z.string().min(1).optional(),
    algorithm: z.enum(['RS256', 'ES256']).default('RS256'),
    scopes: z
      .array(z.string().min(1))
      .min(1)
      .default([...OKTA_DEFAULT_SCOPES]),
  }),
]);

/** The config of the Okta connector. */
export const oktaConfigSchema = z.object({
  /** The org URL: `https://<org>.okta.com`, `.oktapreview.com`, `.okta-gov.com` or a custom domain. */
  orgUrl,
  auth: oktaAuthSchema,
  logs: z
    .object({
      /** Where the first read starts (ISO 8601). Default: 24 hours ago. */
      since: z.iso.datetime({ offset: true }).optional(),
      /**
       * How far before the last event time a read restarts when it has no next link to poll,
       * in minutes. Default 15.
       */
      lookbackMinutes: z.number().min(0).max(1440).default(15),
      /** Events per page (Okta's maximum is 1 000). Default 1 000. */
      pageSize: z.int().min(1).max(1000).default(1000),
      /** Pages read per run at most. Default 50. */
      maxPagesPerRun: z.int().min(1).default(50),
      /**
       * Pause until `X-Rate-Limit-Reset` when `X-Rate-Limit-Remaining` falls to this number, so
       * other consumers of the org-wide `/api/v1/logs` bucket are not starved. Default 2.
       */
      reserveRequests: z.int().min(0).default(2),
    })
    .default({
      lookbackMinutes: 15,
      pageSize: 1000,
      maxPagesPerRun: 50,
      reserveRequests: 2,
    }),
});

/** The validated config of the Okta connector. */
export type OktaConfig = z.output<typeof oktaConfigSchema>;
