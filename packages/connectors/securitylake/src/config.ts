import { awsConfigSchema, awsServiceRegions } from '@openmdr/connector-kit/aws';
import * as z from 'zod';
import { SECURITY_LAKE_NATIVE_DEFAULT_VERSION, type SecurityLakeSource } from './lake/layout.js';

/**
 * The regions whose S3 endpoints the connector reaches (`region` in the config picks one; the
 * SDK builds the same URL; VPC and FIPS endpoints go in `endpoint.s3`). Security Lake keeps a
 * bucket per Region it is enabled in (`aws-security-data-lake-<region>-<id>`).
 */
export const SECURITYLAKE_REGIONS = awsServiceRegions('s3', { china: false });

const aws = awsConfigSchema({ connector: 'securitylake' });

/** S3 bucket names: 3 to 63 of lower-case letters, digits, `.` and `-`, not at the ends. */
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/**
 * The configuration of the Amazon Security Lake connector, one per tenant and lake: the kit's
 * AWS settings (`region`, `endpoint.s3`, `credentials`, `assumeRole`), where the lake is (an S3
 * `bucket` and key `prefix`, or a local directory `localDir`), the custom source (`sourceName`,
 * `sourceVersion`), the AWS native sources the `events` stream reads instead (`awsSources`),
 * and how the stream reads.
 */
export const securitylakeConfigSchema = z
  .object({
    ...aws.shape,
    /** The Security Lake bucket (`aws-security-data-lake-<region>-<id>`). Not with `localDir`. */
    bucket: z.string().regex(BUCKET, 'an S3 bucket name').optional(),
    /** Key prefix before `ext/` and `aws/` in the bucket (`''`, or ending in `/`). Default `''`. */
    prefix: z
      .string()
      .regex(/^(?:[^/]+\/)*$/, "a key prefix: '' or segments ending in '/'")
      .default(''),
    /** A local lake (a directory laid out like the bucket) instead of S3. Not with `bucket`. */
    localDir: z.string().min(1).optional(),
    /** The custom source, as registered with Security Lake (`CreateCustomLogSource`). */
    sourceName: z
      .string()
      .regex(/^[\w\-:.]{1,64}$/, 'a custom source name: 1-64 of A-Za-z0-9_-:.')
      .default('openmdr'),
    /**
     * The custom source's `sourceVersion`, when it was registered with one
     * (`CreateCustomLogSource`): its objects are then under `ext/<sourceName>/<sourceVersion>/`,
     * where `write-findings` writes and the `events` stream reads. Default: none.
     */
    sourceVersion: z
      .string()
      .regex(/^(?!\.+$)[\w\-.]{1,32}$/, 'a source version: 1-32 of A-Za-z0-9_-.')
      .optional(),
    /**
     * AWS native sources the `events` stream reads instead of the custom source: `NAME` (version
     * `2.0`, OCSF 1.1) or `NAME/VERSION`, e.g. `['CLOUD_TRAIL_MGMT', 'VPC_FLOW', 'SH_FINDINGS']`,
     * read from `aws/<NAME>/<VERSION>/`. `write-findings` still writes the custom source.
     */
    awsSources: z
      .array(
        z
          .string()
          .regex(
            /^[A-Z0-9_]{1,64}(?:\/(?!\.+$)[\w\-.]{1,32})?$/,
            'a native source: NAME or NAME/VERSION (CLOUD_TRAIL_MGMT, VPC_FLOW/2.0)',
          ),
      )
      .min(1)
      .optional(),
    /**
     * The account partition of written events that carry no `cloud.account.uid`. Without it,
     * such events are rejected by `write-findings`.
     */
    accountId: z
      .string()
      .regex(/^\d{12}$/, 'a 12-digit AWS account id')
      .optional(),
    /** Read only these Region partitions. Default: every Region of the source. */
    regions: z
      .array(z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d+$/, 'an AWS region'))
      .min(1)
      .optional(),
    /** Read only these account partitions. Default: every account of the source. */
    accountIds: z
      .array(z.string().regex(/^\d{12}$/, 'a 12-digit AWS account id'))
      .min(1)
      .optional(),
    /** Where a first read starts: objects stored at or after it (ISO 8601). Default: 24 h ago. */
    startAt: z.iso.datetime({ offset: true }).optional(),
    /**
     * How far behind the newest object seen each run lists again, ms (objects whose
     * `LastModified` is older than the newest one because their upload took longer). Default 15 min.
     */
    lookbackMs: z.int().min(0).max(86_400_000).default(900_000),
    /**
     * How many `eventDay` partitions before the newest object's day each run lists: an object
     * written to an older day (late data) within this window is read. Default 7.
     */
    lateDays: z.int().min(0).max(400).default(7),
    /** Keys per `ListObjectsV2` page (S3's maximum is 1 000). */
    pageSize: z.int().min(1).max(1_000).default(1_000),
    /** Target Parquet object size of `write-findings`, bytes (Security Lake: 256 MB). */
    targetFileBytes: z
      .int()
      .min(1)
      .max(5 * 1024 ** 3)
      .default(256 * 1024 * 1024),
  })
  .refine((config) => (config.bucket === undefined) !== (config.localDir === undefined), {
    message: 'set exactly one of bucket (S3) and localDir (a local lake)',
    path: ['bucket'],
  });

/** A validated Amazon Security Lake configuration. */
export type SecuritylakeConfig = z.output<typeof securitylakeConfigSchema>;

/**
 * The sources the `events` stream reads: each of `awsSources` (native, version `2.0` unless
 * given), else the custom source (`sourceName`, `sourceVersion`).
 */
export function securitylakeReadSources(
  config: Pick<SecuritylakeConfig, 'sourceName' | 'sourceVersion' | 'awsSources'>,
): SecurityLakeSource[] {
  if (config.awsSources === undefined) {
    return [
      { sourceKind: 'ext', sourceName: config.sourceName, sourceVersion: config.sourceVersion },
    ];
  }
  return [...new Set(config.awsSources)].map((entry) => {
    const [sourceName, sourceVersion] = entry.split('/') as [string, string | undefined];
    return {
      sourceKind: 'aws',
      sourceName,
      sourceVersion: sourceVersion ?? SECURITY_LAKE_NATIVE_DEFAULT_VERSION,
    };
  });
}
