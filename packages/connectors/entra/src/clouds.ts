/** A Microsoft cloud: where tokens are issued and where Microsoft Graph answers. */
export interface EntraCloud {
  /** The Entra ID authority (token issuer) host URL. */
  loginUrl: string;
  /** The Microsoft Graph host URL (the token scope is `<graphUrl>/.default`). */
  graphUrl: string;
  /** True for US government clouds. */
  government: boolean;
  /** Human-readable name. */
  description: string;
}

/**
 * The national clouds of Microsoft Graph (learn.microsoft.com/graph/deployments): global, US
 * Government L4 (GCC High), US Government L5 (DoD) and China (21Vianet).
 */
export const ENTRA_CLOUDS = {
  global: {
    loginUrl: 'https://login.microsoftonline.com',
    graphUrl: 'https://graph.microsoft.com',
    government: false,
    description: 'Microsoft Graph global service (also GCC)',
  },
  'us-gov': {
    loginUrl: 'https://login.microsoftonline.us',
    graphUrl: 'https://graph.microsoft.us',
    government: true,
    description: 'Microsoft Graph for US Government L4 (GCC High)',
  },
  'us-gov-dod': {
    loginUrl: 'https://login.microsoftonline.us',
    graphUrl: 'https://dod-graph.microsoft.us',
    government: true,
    description: 'Microsoft Graph for US Government L5 (DoD)',
  },
  china: {
    loginUrl: 'https://login.chinacloudapi.cn',
    graphUrl: 'https://microsoftgraph.chinacloudapi.cn',
    government: false,
    description: 'Microsoft Graph China operated by 21Vianet',
  },
} as const satisfies Record<string, EntraCloud>;

/** A cloud name. */
export type EntraCloudName = keyof typeof ENTRA_CLOUDS;
