import {
  awsServiceRegions,
  awsConfigSchema as kitAwsConfigSchema,
} from '@openmdr/connector-kit/aws';
import * as z from 'zod';

/**
 * The regions the connector acts in, with their EC2 endpoints (`region` in the config picks one;
 * the SDK builds the same URLs). IAM is global: the SDK signs IAM calls for the partition's IAM
 * endpoint whatever the region. FIPS and VPC endpoints go in `endpoint.ec2` / `endpoint.iam`.
 */
export const AWS_REGIONS = awsServiceRegions('ec2');

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
