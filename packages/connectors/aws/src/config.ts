import type { ConnectorRegion } from '@openmdr/connector-kit';
import { awsConfigSchema as kitAwsConfigSchema } from '@openmdr/connector-kit/aws';
import * as z from 'zod';

/**
 * The regions the connector acts in, with their EC2 endpoints (`region` in the config picks one;
 * the SDK builds the same URLs). IAM is global: the SDK signs IAM calls for the partition's IAM
 * endpoint whatever the region. FIPS and VPC endpoints go in `endpoint.ec2` / `endpoint.iam`.
 */
export const AWS_REGIONS = {
  'us-east-1': { baseUrl: 'https://ec2.us-east-1.amazonaws.com' },
  'us-east-2': { baseUrl: 'https://ec2.us-east-2.amazonaws.com' },
  'us-west-1': { baseUrl: 'https://ec2.us-west-1.amazonaws.com' },
  'us-west-2': { baseUrl: 'https://ec2.us-west-2.amazonaws.com' },
  'af-south-1': { baseUrl: 'https://ec2.af-south-1.amazonaws.com' },
  'ap-east-1': { baseUrl: 'https://ec2.ap-east-1.amazonaws.com' },
  'ap-south-1': { baseUrl: 'https://ec2.ap-south-1.amazonaws.com' },
  'ap-south-2': { baseUrl: 'https://ec2.ap-south-2.amazonaws.com' },
  'ap-southeast-1': { baseUrl: 'https://ec2.ap-southeast-1.amazonaws.com' },
  'ap-southeast-2': { baseUrl: 'https://ec2.ap-southeast-2.amazonaws.com' },
  'ap-southeast-3': { baseUrl: 'https://ec2.ap-southeast-3.amazonaws.com' },
  'ap-southeast-4': { baseUrl: 'https://ec2.ap-southeast-4.amazonaws.com' },
  'ap-northeast-1': { baseUrl: 'https://ec2.ap-northeast-1.amazonaws.com' },
  'ap-northeast-2': { baseUrl: 'https://ec2.ap-northeast-2.amazonaws.com' },
  'ap-northeast-3': { baseUrl: 'https://ec2.ap-northeast-3.amazonaws.com' },
  'ca-central-1': { baseUrl: 'https://ec2.ca-central-1.amazonaws.com' },
  'ca-west-1': { baseUrl: 'https://ec2.ca-west-1.amazonaws.com' },
  'eu-central-1': { baseUrl: 'https://ec2.eu-central-1.amazonaws.com' },
  'eu-central-2': { baseUrl: 'https://ec2.eu-central-2.amazonaws.com' },
  'eu-west-1': { baseUrl: 'https://ec2.eu-west-1.amazonaws.com' },
  'eu-west-2': { baseUrl: 'https://ec2.eu-west-2.amazonaws.com' },
  'eu-west-3': { baseUrl: 'https://ec2.eu-west-3.amazonaws.com' },
  'eu-south-1': { baseUrl: 'https://ec2.eu-south-1.amazonaws.com' },
  'eu-south-2': { baseUrl: 'https://ec2.eu-south-2.amazonaws.com' },
  'eu-north-1': { baseUrl: 'https://ec2.eu-north-1.amazonaws.com' },
  'il-central-1': { baseUrl: 'https://ec2.il-central-1.amazonaws.com' },
  'me-south-1': { baseUrl: 'https://ec2.me-south-1.amazonaws.com' },
  'me-central-1': { baseUrl: 'https://ec2.me-central-1.amazonaws.com' },
  'sa-east-1': { baseUrl: 'https://ec2.sa-east-1.amazonaws.com' },
  'us-gov-east-1': {
    baseUrl: 'https://ec2.us-gov-east-1.amazonaws.com',
    government: true,
    description: 'AWS GovCloud (US)',
  },
  'us-gov-west-1': {
    baseUrl: 'https://ec2.us-gov-west-1.amazonaws.com',
    government: true,
    description: 'AWS GovCloud (US)',
  },
  'cn-north-1': { baseUrl: 'https://ec2.cn-north-1.amazonaws.com.cn', description: 'China' },
  'cn-northwest-1': {
    baseUrl: 'https://ec2.cn-northwest-1.amazonaws.com.cn',
    description: 'China',
  },
} as const satisfies Record<string, ConnectorRegion>;

const aws = kitAwsConfigSchema({ connector: 'aws' });

/** The default name of the isolation security group the connector creates per VPC. */
export const AWS_ISOLATION_GROUP_NAME = 'openmdr-quarantine';

/**
 * The configuration of the AWS connector, one per tenant, account and region: the kit's AWS
 * settings (`region`, `endpoint.iam` / `endpoint.ec2`, `credentials` with the secrets
 * `aws.access_key_id` / `aws.secret_access_key`, `assumeRole` per tenant) and the name of the
 * isolation security group.
 */
export const awsConfigSchema = z.object({
  ...aws.shape,
  /**
   * The isolation security group's name, created (or reused, by this name and the tag
   * `openmdr:isolation`) once per VPC. Default `openmdr-quarantine`.
   */
  isolationGroupName: z
    .string()
    .regex(/^[\w .:/()#,@[\]+=&;{}!$*-]{1,255}$/, 'a security group name: 1-255 ASCII characters')
    .refine((name) => !name.toLowerCase().startsWith('sg-'), 'must not start with sg-')
    .default(AWS_ISOLATION_GROUP_NAME),
});

/** A validated AWS connector configuration. */
export type AwsConfig = z.output<typeof awsConfigSchema>;
