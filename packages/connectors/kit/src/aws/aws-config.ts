import * as z from 'zod';
import { secret } from '../config/secret-field.js';

/** The AWS services the kit knows endpoint overrides for (any other key is accepted too). */
export type AwsServiceKey =
  | 'sts'
  | 'sqs'
  | 's3'
  | 'cloudtrail'
  | 'guardduty'
  | 'securityhub'
  | 'iam'
  | 'ec2'
  | (string & {});

/** Options of {@link awsConfigSchema}. */
export interface AwsConfigSchemaOptions {
  /**
   * The connector id the secrets are named after: `<connector>.access_key_id`,
   * `<connector>.secret_access_key`, `<connector>.session_token`.
   */
  connector: string;
}

const roleArn = z
  .string()
  .regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/, 'an IAM role ARN');

/** The STS AssumeRole settings: the role assumed on top of the base credentials. */
export const awsAssumeRoleSchema = z.object({
  /** The role to assume (`arn:aws:iam::123456789012:role/openmdr-reader`). */
  roleArn,
  /** The external id the role's trust policy requires (the MSSP's per-customer id). */
  externalId: z
    .string()
    .regex(/^[\w+=,.@:/-]{2,1224}$/, 'an external id: 2-1224 of A-Za-z0-9+=,.@:/-_')
    .optional(),
  /** The session name (CloudTrail shows it). Default `openmdr-<tenant>`. */
  sessionName: z
    .string()
    .regex(/^[\w+=,.@-]{2,64}$/, 'a session name: 2-64 of A-Za-z0-9+=,.@-_')
    .optional(),
  /** Session lifetime in seconds (900 to 43 200; the role's maximum applies). Default 3 600. */
  durationSeconds: z.int().min(900).max(43_200).optional(),
});

/**
 * The AWS part of a connector config, for `connector`:
 *
 * - `region`: the AWS region (`us-east-1`, `eu-west-1`, `us-gov-west-1`).
 * - `endpoint`: per-service endpoint overrides (`{ sqs: 'https://vpce-…', s3: 'http://127.0.0.1:…' }`)
 *   for simulators, VPC endpoints and FIPS endpoints. With an `s3` override the S3 client uses
 *   path-style URLs.
 * - `credentials`: `{ type: 'default' }`, the SDK's node provider chain (environment, SSO and
 *   shared config files, ECS and EC2 instance roles); or `{ type: 'keys' }`, an access key read
 *   from the tenant's secret provider as `<connector>.access_key_id`,
 *   `<connector>.secret_access_key` and optionally `<connector>.session_token`.
 * - `assumeRole`: an STS AssumeRole on top of the credentials, per tenant (the MSSP pattern: one
 *   role per customer account, with the customer's external id).
 *
 * Spread its shape into a connector's schema, or use it whole:
 *
 * @example
 * ```ts
 * const aws = awsConfigSchema({ connector: 'cloudtrail' });
 * export const cloudtrailConfigSchema = z.object({ ...aws.shape, queueUrl: z.url() });
 * ```
 */
export function awsConfigSchema(options: AwsConfigSchemaOptions) {
  const { connector } = options;
  return z.object({
    /** The AWS region. */
    region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'an AWS region such as us-east-1'),
    /** Per-service endpoint overrides, keyed by service (`sts`, `sqs`, `s3`, `guardduty`…). */
    endpoint: z.record(z.string(), z.url({ protocol: /^https?$/ })).optional(),
    /** Where the base credentials come from. */
    credentials: z
      .discriminatedUnion('type', [
        z.object({ type: z.literal('default') }),
        z.object({
          type: z.literal('keys'),
          /** Access key id (`AKIA…`, or `ASIA…` with a session token). */
          accessKeyId: secret({ name: `${connector}.access_key_id` }),
          /** Secret access key. */
          secretAccessKey: secret({ name: `${connector}.secret_access_key` }),
          /** Session token of temporary keys. */
          sessionToken: secret({ name: `${connector}.session_token` }).optional(),
        }),
      ])
      .default({ type: 'default' }),
    /** Assume this role (per tenant) on top of the base credentials. */
    assumeRole: awsAssumeRoleSchema.optional(),
  });
}

/** A validated AWS config (the output of an {@link awsConfigSchema}). */
export type AwsConfig = z.output<ReturnType<typeof awsConfigSchema>>;

/** A validated {@link awsAssumeRoleSchema}. */
export type AwsAssumeRole = z.output<typeof awsAssumeRoleSchema>;
