import type { ConnectorRegion } from '@openmdr/connector-kit';
import { secret } from '@openmdr/connector-kit';
import * as z from 'zod';

/** The endpoints of one Microsoft cloud: sign-in, Defender for Endpoint API, Microsoft Graph. */
export interface DefenderCloud {
  /** Microsoft Entra sign-in host. */
  loginBaseUrl: string;
  /** Defender for Endpoint API. */
  endpointBaseUrl: string;
  /** The Defender for Endpoint token audience (`<resource>/.default`). */
  endpointResource: string;
  /** Microsoft Graph. */
  graphBaseUrl: string;
  /** Government cloud. */
  government: boolean;
  /** Name. */
  description: string;
}

/** Microsoft clouds: commercial, GCC, GCC High, DoD. */
export const DEFENDER_CLOUDS = {
  commercial: {
    loginBaseUrl: 'https://login.microsoftonline.com',
    endpointBaseUrl: 'https://api.security.microsoft.com',
    endpointResource: 'https://api.securitycenter.microsoft.com',
    graphBaseUrl: 'https://graph.microsoft.com',
    government: false,
    description: 'Microsoft commercial cloud',
  },
  gcc: {
    loginBaseUrl: 'https://login.microsoftonline.com',
    endpointBaseUrl: 'https://api-gcc.securitycenter.microsoft.us',
    endpointResource: 'https://api-gcc.securitycenter.microsoft.us',
    graphBaseUrl: 'https://graph.microsoft.com',
    government: true,
    description: 'US Government Community Cloud (GCC)',
  },
  'gcc-high': {
    loginBaseUrl: 'https://login.microsoftonline.us',
    endpointBaseUrl: 'https://api-gov.securitycenter.microsoft.us',
    endpointResource: 'https://api-gov.securitycenter.microsoft.us',
    graphBaseUrl: 'https://graph.microsoft.us',
    government: true,
    description: 'US Government GCC High',
  },
  dod: {
    loginBaseUrl: 'https://login.microsoftonline.us',
    endpointBaseUrl: 'https://api-gov.securitycenter.microsoft.us',
    endpointResource: 'https://api-gov.securitycenter.microsoft.us',
    graphBaseUrl: 'https://dod-graph.microsoft.us',
    government: true,
    description: 'US Government DoD',
  },
} as const satisfies Record<string, DefenderCloud>;

/** A Microsoft cloud id. */
export type DefenderCloudName = keyof typeof DEFENDER_CLOUDS;

/** The manifest regions: the Defender for Endpoint API of each cloud (Graph is per cloud too). */
export const DEFENDER_REGIONS: Record<DefenderCloudName, ConnectorRegion> = Object.fromEntries(
  Object.entries(DEFENDER_CLOUDS).map(([name, cloud]) => [
    name,
    {
      baseUrl: cloud.endpointBaseUrl,
      government: cloud.government,
      description: `${cloud.description}; Graph ${cloud.graphBaseUrl}; sign-in ${cloud.loginBaseUrl}`,
    },
  ]),
) as Record<DefenderCloudName, ConnectorRegion>;

const url = z.url({ protocol: /^https?$/ });

/** The configuration of the Microsoft Defender connector. */
export const defenderConfigSchema = z.object({
  /** The Microsoft cloud of the tenant. */
  cloud: z.enum(['commercial', 'gcc', 'gcc-high', 'dod']).default('commercial'),
  /** Microsoft Entra tenant id. */
  tenantId: z.uuid(),
  /** Application (client) id of the app registration. */
  clientId: z.string().min(1),
  /** Client secret of the app registration. */
  clientSecret: secret({ name: 'defender.client_secret' }),
  /** Overrides the cloud's sign-in host (a proxy, a test server). */
  loginBaseUrl: url.optional(),
  /** Overrides the cloud's Defender for Endpoint API URL. */
  endpointBaseUrl: url.optional(),
  /** Overrides the cloud's Microsoft Graph URL. */
  graphBaseUrl: url.optional(),
  /** Where a first read starts (ISO 8601). Default: 24 hours before the first run. */
  startAt: z.iso.datetime({ offset: true }).optional(),
  /** How far behind the watermark each run reads again, ms. Default 10 minutes. */
  lookbackMs: z.int().min(0).max(86_400_000).default(600_000),
  /** Records per page (`$top`). Default 500. */
  pageSize: z.int().min(1).max(10_000).default(500),
});

/** A validated Defender configuration. */
export type DefenderConfig = z.output<typeof defenderConfigSchema>;

/** The resolved endpoints of a configuration. */
export function defenderEndpoints(config: DefenderConfig): DefenderCloud {
  const cloud = DEFENDER_CLOUDS[config.cloud];
  return {
    ...cloud,
    loginBaseUrl: config.loginBaseUrl ?? cloud.loginBaseUrl,
    endpointBaseUrl: config.endpointBaseUrl ?? cloud.endpointBaseUrl,
    graphBaseUrl: config.graphBaseUrl ?? cloud.graphBaseUrl,
  };
}
