import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import {
  GetObjectCommand,
  ListObjectsV2Command,
  type ListObjectsV2CommandInput,
  type ListObjectsV2CommandOutput,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import type { AwsSdkCommand, awsSend } from '@openmdr/connector-kit/aws';
import { assertSource, parsePartitionKey, sourcePrefix } from '../lake/layout.js';
import type { ObjectSink } from '../lake/sink.js';
import {
  partitionMatches,
  type SecurityLakeListFilter,
  type SecurityLakeObjectInfo,
  type SecurityLakeStore,
} from '../lake/store.js';

/**
 * Sends one S3 command: the connector passes the kit's `awsSend` (the tenant's rate budget,
 * retries on `SlowDown` and 5xx, refreshed credentials on `ExpiredToken`, typed errors).
 */
export type S3Send = <C extends AwsSdkCommand>(command: C) => ReturnType<typeof awsSend<C>>;

/** Where a lake is on S3. */
export interface S3LakeOptions {
  /** The S3 client (build it with the kit's `awsClientOptions(config, context, 's3')`). */
  readonly client: S3Client;
  /** Sends a command. Default: `client.send` (no retries, no budget). */
  readonly send?: S3Send;
  /** The bucket (`aws-security-data-lake-<region>-<id>`). */
  readonly bucket: string;
  /** Key prefix before `ext/` and `aws/` (`''`, or ending in `/`). Default `''`. */
  readonly prefix?: string;
  /** Keys per `ListObjectsV2` page (1 to 1 000). Default 1 000. */
  readonly pageSize?: number;
  /** Where downloaded objects wait while DuckDB reads them. Default: the OS temp directory. */
  readonly tempDir?: string;
}

/** The largest object one `PutObject` takes (5 GiB); larger ones would need a multipart upload. */
export const S3_PUT_OBJECT_MAX_BYTES = 5 * 1024 ** 3;

const sendOf = (options: S3LakeOptions): S3Send =>
  options.send ??
  (((command: AwsSdkCommand) => options.client.send(command as never)) as unknown as S3Send);

/**
 * An {@link ObjectSink} that stores each object in an S3 bucket with one `PutObject` under
 * `<prefix><key>` (`application/vnd.apache.parquet`). One request per object, not a multipart
 * upload: the writer's objects are at most its target size (256 MiB by default, 5 GiB at most
 * in the connector's config) and PutObject takes up to 5 GiB; a retried put sends the whole
 * object again, which is what makes it safe to retry (an object appears whole or not at all).
 *
 * @throws RangeError from `put` for an object over 5 GiB.
 *
 * @example
 * ```ts
 * const s3 = new S3Client(awsClientOptions(config, context, 's3'));
 * const sink = s3Sink({ client: s3, send: (command) => awsSend(s3, command, context), bucket });
 * await writeSecurityLake(events, { sink, sourceName: 'openmdr', region, accountId });
 * ```
 */
export function s3Sink(options: S3LakeOptions): ObjectSink {
  const send = sendOf(options);
  const prefix = options.prefix ?? '';
  return {
    async put(key, bytes) {
      if (bytes.byteLength > S3_PUT_OBJECT_MAX_BYTES) {
        throw new RangeError(
          `object ${key} is ${bytes.byteLength} bytes, over PutObject's 5 GiB: lower targetFileBytes`,
        );
      }
      await send(
        new PutObjectCommand({
          Bucket: options.bucket,
          Key: `${prefix}${key}`,
          Body: bytes,
          ContentType: 'application/vnd.apache.parquet',
        }),
      );
    },
  };
}

async function* listPages(
  send: S3Send,
  input: ListObjectsV2CommandInput,
): AsyncGenerator<ListObjectsV2CommandOutput> {
  let token: string | undefined;
  do {
    const page = await send(
      new ListObjectsV2Command({ ...input, ...(token ? { ContinuationToken: token } : {}) }),
    );
    yield page;
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
}

/**
 * A lake in an S3 bucket: objects of one source (`ext/<name>[/<version>]/` or
 * `aws/<SOURCE>/<version>/`) are listed with `ListObjectsV2`, pruned by partition on the key — the Region and account levels are listed with a `/` delimiter (only the partitions
 * asked for are descended into) and each account's keys start after
 * `eventDay=<fromDay>` (older days are skipped by S3, not filtered here) and stop past
 * `toDay` — and read by downloading each object (`GetObject`) to a temporary file that is
 * deleted when released. DuckDB's `httpfs` extension is not used: it would bypass the kit's
 * budgets, retries and secrets, and it is downloaded at run time, which air-gapped hosts cannot.
 *
 * @example
 * ```ts
 * const store = s3LakeStore({ client: s3, send, bucket: 'aws-security-data-lake-eu-west-1-abc' });
 * for (const object of await store.list({ sourceName: 'openmdr', fromDay: '20260301' })) { … }
 * ```
 */
export function s3LakeStore(options: S3LakeOptions): SecurityLakeStore {
  const send = sendOf(options);
  const prefix = options.prefix ?? '';
  const pageSize = options.pageSize ?? 1_000;
  let temp: Promise<string> | undefined;
  const tempRoot = () => {
    temp ??= mkdtemp(join(options.tempDir ?? tmpdir(), 'openmdr-securitylake-s3-'));
    return temp;
  };

  /** The `<name>=<value>/` child prefixes of `parent` (all pages). */
  const childPrefixes = async (parent: string, name: string): Promise<string[]> => {
    const found: string[] = [];
    for await (const page of listPages(send, {
      Bucket: options.bucket,
      Prefix: parent,
      Delimiter: '/',
      MaxKeys: pageSize,
    })) {
      for (const common of page.CommonPrefixes ?? []) {
        const child = common.Prefix ?? '';
        if (child.slice(parent.length).startsWith(`${name}=`)) found.push(child);
      }
    }
    return found;
  };

  return {
    location: `s3://${options.bucket}/${prefix}`,
    sink: s3Sink(options),
    async check(source) {
      assertSource(source);
      await send(
        new ListObjectsV2Command({
          Bucket: options.bucket,
          Prefix: `${prefix}${sourcePrefix(source)}/`,
          MaxKeys: 1,
        }),
      );
    },
    async list(filter: SecurityLakeListFilter) {
      const source = `${prefix}${sourcePrefix(filter)}/`;
      const regions =
        filter.regions?.map((region) => `${source}region=${region}/`) ??
        (await childPrefixes(source, 'region'));
      const found: SecurityLakeObjectInfo[] = [];
      for (const region of regions) {
        const accounts =
          filter.accountIds?.map((account) => `${region}accountId=${account}/`) ??
          (await childPrefixes(region, 'accountId'));
        for (const account of accounts) {
          listing: for await (const page of listPages(send, {
            Bucket: options.bucket,
            Prefix: account,
            MaxKeys: pageSize,
            ...(filter.fromDay ? { StartAfter: `${account}eventDay=${filter.fromDay}` } : {}),
          })) {
            for (const object of page.Contents ?? []) {
              const fullKey = object.Key ?? '';
              if (!fullKey.endsWith('.parquet')) continue;
              const key = fullKey.slice(prefix.length);
              const partition = parsePartitionKey(key);
              if (partition === undefined) continue;
              if (filter.toDay !== undefined && partition.eventDay > filter.toDay) break listing;
              if (!partitionMatches(partition, filter)) continue;
              found.push({
                ...partition,
                key,
                lastModified: object.LastModified?.getTime() ?? 0,
                size: object.Size ?? 0,
              });
            }
          }
        }
      }
      return found.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    },
    async open(object) {
      const output = await send(
        new GetObjectCommand({ Bucket: options.bucket, Key: `${prefix}${object.key}` }),
      );
      if (!output.Body)
        throw new Error(`s3://${options.bucket}/${prefix}${object.key} has no body`);
      const bytes = await output.Body.transformToByteArray();
      const path = join(await tempRoot(), ...object.key.split('/'));
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, bytes);
      return { path, release: () => rm(path, { force: true }) };
    },
    async close() {
      const root = temp;
      temp = undefined;
      if (root !== undefined) await rm(await root, { recursive: true, force: true });
    },
  };
}
