import { parseAuthorization, signatureMatches } from '../../simulator/simulator-sigv4.js';
import type { SimulatorRequest } from '../../simulator/simulator-types.js';
import type { AwsSimError } from './aws-sim-protocol.js';

/** A principal the simulator knows: an IAM user's long-term key or an assumed-role session. */
export interface AwsSimPrincipal {
  /** Access key id. */
  accessKeyId: string;
  /** Secret access key. */
  secretAccessKey: string;
  /** Session token (assumed-role sessions). */
  sessionToken?: string;
  /** When the session expires, epoch ms (by the simulator's clock). */
  expiresAt?: number;
  /** The principal's ARN (`arn:aws:iam::123456789012:user/reader`). */
  arn: string;
  /** Its account id. */
  account: string;
  /** Its unique id (`AIDA…`, or `AROA…:<session>`). */
  userId: string;
}

/** The outcome of authenticating a request: its principal, or the error AWS would answer. */
export type AwsSimAuthResult =
  | { principal: AwsSimPrincipal; error?: undefined }
  | { principal?: undefined; error: AwsSimError };

/**
 * Authenticates a SigV4-signed request the way AWS does, in order: a known access key
 * (`InvalidClientTokenId`, S3 `InvalidAccessKeyId`), the session token of temporary keys
 * (`InvalidClientTokenId`), its expiry (`ExpiredToken`), then the signature itself
 * (`SignatureDoesNotMatch`).
 */
export async function authenticateAws(
  request: SimulatorRequest & { url: URL },
  lookup: (accessKeyId: string) => AwsSimPrincipal | undefined,
  nowMs: number,
  expiredCode: string,
): Promise<AwsSimAuthResult> {
  const parsed = parseAuthorization(request.headers['authorization']);
  if (!parsed) {
    return {
      error: {
        status: 403,
        code: 'MissingAuthenticationToken',
        message: 'Request is missing Authentication Token',
      },
    };
  }
  const s3 = parsed.service === 's3';
  const principal = lookup(parsed.accessKeyId);
  if (!principal) {
    return {
      error: {
        status: 403,
        code: s3 ? 'InvalidAccessKeyId' : 'InvalidClientTokenId',
        message: s3
          ? 'The AWS Access Key Id you provided does not exist in our records.'
          : 'The security token included in the request is invalid.',
      },
    };
  }
  const token = request.headers['x-amz-security-token'];
  if (principal.sessionToken !== undefined && token !== principal.sessionToken) {
    return {
      error: {
        status: s3 ? 400 : 403,
        code: s3 ? 'InvalidToken' : 'InvalidClientTokenId',
        message: 'The security token included in the request is invalid.',
      },
    };
  }
  if (principal.expiresAt !== undefined && principal.expiresAt <= nowMs) {
    return {
      error: {
        status: s3 ? 400 : 403,
        code: expiredCode,
        message: 'The security token included in the request is expired',
      },
    };
  }
  if (!(await signatureMatches(request, parsed, principal))) {
    return {
      error: {
        status: 403,
        code: 'SignatureDoesNotMatch',
        message: 'The request signature we calculated does not match the signature you provided.',
      },
    };
  }
  return { principal };
}
