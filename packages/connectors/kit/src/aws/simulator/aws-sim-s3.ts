import { createHash } from 'node:crypto';
import type { SimulatorRequest, SimulatorResponse } from '../../simulator/simulator-types.js';
import { authenticateAws } from './aws-sim-auth.js';
import { type AwsSimError, awsErrorResponse, xmlElement, xmlResponse } from './aws-sim-protocol.js';
import { type AwsSimState, takeScripted } from './aws-sim-state.js';

/** An object in a simulated bucket. */
export interface AwsSimObject {
  /** Content. */
  body: Uint8Array;
  /** Content type. */
  contentType: string;
  /** Content encoding (`gzip`), when set. */
  contentEncoding?: string;
  /** Last modified, epoch ms. */
  lastModified: number;
  /** ETag (quoted MD5). */
  etag: string;
}

/** A simulated bucket: objects by key. */
export type AwsSimBucket = Map<string, AwsSimObject>;

const s3Error = (error: AwsSimError) => awsErrorResponse('rest-xml', error);

/** Builds a stored object. */
export function s3Object(
  body: Uint8Array | string,
  now: number,
  contentType = 'application/octet-stream',
  contentEncoding?: string,
): AwsSimObject {
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  return {
    body: bytes,
    contentType,
    ...(contentEncoding ? { contentEncoding } : {}),
    lastModified: now,
    etag: `"${createHash('md5').update(bytes).digest('hex')}"`,
  };
}

/** Decodes an `aws-chunked` upload body (chunk sizes in hex, optional signatures, trailers). */
export function decodeAwsChunked(raw: Uint8Array): Uint8Array {
  const buffer = Buffer.from(raw);
  const parts: Buffer[] = [];
  let offset = 0;
  while (offset < buffer.length) {
    const lineEnd = buffer.indexOf('\r\n', offset);
    if (lineEnd < 0) break;
    const size = Number.parseInt(
      buffer.subarray(offset, lineEnd).toString('latin1').split(';')[0] ?? '',
      16,
    );
    if (!Number.isFinite(size) || size === 0) break;
    parts.push(buffer.subarray(lineEnd + 2, lineEnd + 2 + size));
    offset = lineEnd + 2 + size + 2;
  }
  return Buffer.concat(parts);
}

/**
 * The entries of a listing: the keys under `prefix`, those with `delimiter` after the prefix
 * rolled up into their common prefix (`<prefix>…<delimiter>`), sorted, each once.
 */
function listEntries(bucket: AwsSimBucket, prefix: string, delimiter: string): string[] {
  const entries = new Set<string>();
  for (const key of bucket.keys()) {
    if (!key.startsWith(prefix)) continue;
    const cut = delimiter ? key.indexOf(delimiter, prefix.length) : -1;
    entries.add(cut < 0 ? key : key.slice(0, cut + delimiter.length));
  }
  return [...entries].sort();
}

function listObjects(
  name: string,
  bucket: AwsSimBucket,
  query: URLSearchParams,
): SimulatorResponse {
  const prefix = query.get('prefix') ?? '';
  const delimiter = query.get('delimiter') ?? '';
  const maxKeys = Math.min(1000, Number(query.get('max-keys') ?? 1000));
  const token = query.get('continuation-token');
  const startAfter = query.get('start-after') ?? '';
  const after = token ? Buffer.from(token, 'base64').toString('utf8') : startAfter;
  const entries = listEntries(bucket, prefix, delimiter).filter((entry) => entry > after);
  const page = entries.slice(0, maxKeys);
  const truncated = entries.length > page.length;
  const isPrefix = (entry: string) => delimiter !== '' && !bucket.has(entry);
  const contents = page
    .filter((entry) => !isPrefix(entry))
    .map((key) => {
      const object = bucket.get(key) as AwsSimObject;
      return `<Contents>${xmlElement('Key', key)}${xmlElement('LastModified', new Date(object.lastModified).toISOString())}${xmlElement('ETag', object.etag)}${xmlElement('Size', object.body.length)}${xmlElement('StorageClass', 'STANDARD')}</Contents>`;
    })
    .join('');
  const commonPrefixes = page
    .filter(isPrefix)
    .map((entry) => `<CommonPrefixes>${xmlElement('Prefix', entry)}</CommonPrefixes>`)
    .join('');
  const last = page.at(-1);
  return xmlResponse(
    `<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">${xmlElement('Name', name)}${xmlElement('Prefix', prefix)}${delimiter ? xmlElement('Delimiter', delimiter) : ''}${xmlElement('KeyCount', page.length)}${xmlElement('MaxKeys', maxKeys)}${xmlElement('IsTruncated', truncated)}${contents}${commonPrefixes}${token ? xmlElement('ContinuationToken', token) : ''}${truncated && last ? xmlElement('NextContinuationToken', Buffer.from(last).toString('base64')) : ''}${startAfter ? xmlElement('StartAfter', startAfter) : ''}</ListBucketResult>`,
    200,
    { 'content-type': 'application/xml' },
  );
}

/**
 * S3 on REST-XML, path-style (`/<bucket>` and `/<bucket>/<key>`): `ListObjectsV2`
 * (`list-type=2`, `prefix`, `delimiter` with `CommonPrefixes`, `max-keys`, `continuation-token`,
 * `start-after`), `GetObject` (binary
 * bodies, `ETag`, `Last-Modified`, `Content-Encoding`) and `PutObject` (plain and `aws-chunked`
 * bodies), with `NoSuchBucket`, `NoSuchKey`, `SlowDown` and the S3 credential errors.
 */
export async function handleS3(
  state: AwsSimState,
  buckets: Map<string, AwsSimBucket>,
  request: SimulatorRequest & { url: URL },
  bucketName: string,
  key: string | undefined,
): Promise<SimulatorResponse> {
  const auth = await authenticateAws(
    request,
    (id) => state.principals.get(id),
    state.now(),
    'ExpiredToken',
  );
  if (auth.error) return s3Error(auth.error);
  const operation =
    key === undefined
      ? request.method === 'GET' && request.query.get('list-type') === '2'
        ? 'ListObjectsV2'
        : `${request.method} bucket`
      : request.method === 'GET'
        ? 'GetObject'
        : request.method === 'PUT'
          ? 'PutObject'
          : `${request.method} object`;
  const scripted = takeScripted(state, operation, {
    status: 503,
    code: 'SlowDown',
    message: 'Please reduce your request rate.',
  });
  if (scripted) return s3Error(scripted);
  const bucket = buckets.get(bucketName);
  if (!bucket) {
    return s3Error({
      status: 404,
      code: 'NoSuchBucket',
      message: 'The specified bucket does not exist',
    });
  }
  if (operation === 'ListObjectsV2') return listObjects(bucketName, bucket, request.query);
  if (operation === 'GetObject' && key !== undefined) {
    const object = bucket.get(key);
    if (!object) {
      return s3Error({
        status: 404,
        code: 'NoSuchKey',
        message: 'The specified key does not exist.',
      });
    }
    return {
      status: 200,
      headers: {
        'content-type': object.contentType,
        ...(object.contentEncoding ? { 'content-encoding': object.contentEncoding } : {}),
        'content-length': String(object.body.length),
        etag: object.etag,
        'last-modified': new Date(object.lastModified).toUTCString(),
        'accept-ranges': 'bytes',
      },
      body: object.body,
    };
  }
  if (operation === 'PutObject' && key !== undefined) {
    const raw = request.bytes ?? Buffer.from(request.body, 'utf8');
    const chunked = (request.headers['content-encoding'] ?? '').includes('aws-chunked');
    const encoding = (request.headers['content-encoding'] ?? '')
      .split(',')
      .map((part) => part.trim())
      .filter((part) => part && part !== 'aws-chunked')
      .join(', ');
    const object = s3Object(
      chunked ? decodeAwsChunked(raw) : raw,
      state.now(),
      request.headers['content-type'] ?? 'application/octet-stream',
      encoding || undefined,
    );
    bucket.set(key, object);
    return { status: 200, headers: { etag: object.etag } };
  }
  return s3Error({
    status: 405,
    code: 'MethodNotAllowed',
    message: `${operation} is not simulated`,
  });
}
