import type { ConnectorRegion } from '../connector/manifest.js';

/** The commercial AWS Regions (partition `aws`), as the SDK's endpoint rules name them. */
export const AWS_COMMERCIAL_REGIONS = [
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
  'af-south-1',
  'ap-east-1',
  'ap-south-1',
  'ap-south-2',
  'ap-southeast-1',
  'ap-southeast-2',
  'ap-southeast-3',
  'ap-southeast-4',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-northeast-3',
  'ca-central-1',
  'ca-west-1',
  'eu-central-1',
  'eu-central-2',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'eu-south-1',
  'eu-south-2',
  'eu-north-1',
  'il-central-1',
  'me-south-1',
  'me-central-1',
  'sa-east-1',
] as const;

/** Options of {@link awsServiceRegions}. */
export interface AwsServiceRegionsOptions {
  /** Include the China Regions (`cn-north-1`, `cn-northwest-1`, partition `aws-cn`). Default true. */
  china?: boolean;
}

/**
 * A manifest's `regions` for an AWS service: each commercial Region, the two GovCloud (US)
 * Regions (marked `government`) and, unless `china: false`, the two China Regions, with the
 * service's regional endpoint (`https://<service>.<region>.amazonaws.com`, `.com.cn` in China).
 * The SDK builds the same URLs; FIPS and VPC endpoints go in the config's `endpoint` overrides.
 *
 * @example
 * ```ts
 * awsServiceRegions('guardduty')['eu-west-1']; // { baseUrl: 'https://guardduty.eu-west-1.amazonaws.com' }
 * ```
 */
export function awsServiceRegions(
  service: string,
  options: AwsServiceRegionsOptions = {},
): Record<string, ConnectorRegion> {
  const regions: Record<string, ConnectorRegion> = {};
  for (const region of AWS_COMMERCIAL_REGIONS) {
    regions[region] = { baseUrl: `https://${service}.${region}.amazonaws.com` };
  }
  for (const region of ['us-gov-east-1', 'us-gov-west-1']) {
    regions[region] = {
      baseUrl: `https://${service}.${region}.amazonaws.com`,
      government: true,
      description: 'AWS GovCloud (US)',
    };
  }
  if (options.china !== false) {
    for (const region of ['cn-north-1', 'cn-northwest-1']) {
      regions[region] = {
        baseUrl: `https://${service}.${region}.amazonaws.com.cn`,
        description: 'China',
      };
    }
  }
  return regions;
}
