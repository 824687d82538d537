import { randomUUID } from 'node:crypto';
import type { SimulatorResponse } from '../../simulator/simulator-types.js';

/** The wire protocol of a simulated AWS service. */
export type AwsSimProtocol = 'query' | 'json' | 'rest-xml';

/** Escapes text for an XML element. */
export function xmlEscape(value: string): string {
  return value
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&apos;');
}

/** `<name>value</name>` with the value escaped. */
export function xmlElement(name: string, value: string | number | boolean): string {
  return `<${name}>${xmlEscape(String(value))}</${name}>`;
}

/** An XML response (`text/xml`) with a request id. */
export function xmlResponse(
  body: string,
  status = 200,
  headers: Record<string, string> = {},
): SimulatorResponse {
  return {
    status,
    headers: { 'content-type': 'text/xml', 'x-amzn-requestid': randomUUID(), ...headers },
    body: `<?xml version="1.0" encoding="UTF-8"?>\n${body}`,
  };
}

/** An AWS JSON 1.0 response (`application/x-amz-json-1.0`). */
export function jsonResponse(
  body: unknown,
  status = 200,
  headers: Record<string, string> = {},
): SimulatorResponse {
  return {
    status,
    headers: {
      'content-type': 'application/x-amz-json-1.0',
      'x-amzn-requestid': randomUUID(),
      ...headers,
    },
    body: JSON.stringify(body),
  };
}

/** An AWS error as one of the protocols writes it. */
export interface AwsSimError {
  /** HTTP status. */
  status: number;
  /** Error code (`AccessDenied`, `ThrottlingException`). */
  code: string;
  /** Message. */
  message: string;
  /** `Sender` (client fault) or `Receiver` (server fault). Default by status. */
  type?: 'Sender' | 'Receiver';
  /** JSON protocol: the shape namespace of `__type` (`com.amazonaws.sqs`). */
  namespace?: string;
  /** JSON protocol with query compatibility (SQS): the legacy query code. */
  queryCode?: string;
  /** Extra response headers (`Retry-After`). */
  headers?: Record<string, string>;
}

/**
 * Writes an error as the protocol does: query → `<ErrorResponse><Error><Type/><Code/><Message/>`,
 * JSON 1.0 → `{ "__type": "<namespace>#<Code>", "message" }` (SQS adds `x-amzn-query-error`),
 * REST-XML (S3) → `<Error><Code/><Message/><RequestId/>`.
 */
export function awsErrorResponse(protocol: AwsSimProtocol, error: AwsSimError): SimulatorResponse {
  const type = error.type ?? (error.status >= 500 ? 'Receiver' : 'Sender');
  const requestId = randomUUID();
  const headers = { 'x-amzn-requestid': requestId, ...error.headers };
  if (protocol === 'json') {
    return jsonResponse(
      {
        __type: error.namespace ? `${error.namespace}#${error.code}` : error.code,
        message: error.message,
      },
      error.status,
      {
        ...headers,
        ...(error.queryCode ? { 'x-amzn-query-error': `${error.queryCode};${type}` } : {}),
      },
    );
  }
  if (protocol === 'query') {
    return xmlResponse(
      `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error>${xmlElement('Type', type)}${xmlElement('Code', error.code)}${xmlElement('Message', error.message)}</Error>${xmlElement('RequestId', requestId)}</ErrorResponse>`,
      error.status,
      headers,
    );
  }
  return xmlResponse(
    `<Error>${xmlElement('Code', error.code)}${xmlElement('Message', error.message)}${xmlElement('RequestId', requestId)}${xmlElement('HostId', requestId)}</Error>`,
    error.status,
    { 'x-amz-request-id': requestId, ...headers },
  );
}
