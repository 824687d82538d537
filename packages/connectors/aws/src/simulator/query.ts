import { randomUUID } from 'node:crypto';
import { type AwsSimError, xmlElement, xmlResponse } from '@openmdr/connector-kit/aws';
import type { SimulatorResponse } from '@openmdr/connector-kit/simulator';

/** The IAM API version and XML namespace. */
export const IAM_VERSION = '2010-05-08';
const IAM_NS = 'https://iam.amazonaws.com/doc/2010-05-08/';
/** The EC2 API version and XML namespace. */
export const EC2_VERSION = '2016-11-15';
const EC2_NS = 'http://ec2.amazonaws.com/doc/2016-11-15/';

/** The values of a query-protocol list: `<prefix>.1`, `<prefix>.2`… in order. */
export function listParam(form: URLSearchParams, prefix: string): string[] {
  const values: string[] = [];
  for (let index = 1; form.has(`${prefix}.${index}`); index += 1) {
    values.push(form.get(`${prefix}.${index}`) ?? '');
  }
  return values;
}

/** The members of a query-protocol list of structures: `<prefix>.N.<field>` by N. */
export function structParams(form: URLSearchParams, prefix: string): URLSearchParams[] {
  const members: URLSearchParams[] = [];
  for (let index = 1; ; index += 1) {
    const head = `${prefix}.${index}.`;
    const member = new URLSearchParams();
    for (const [key, value] of form)
      if (key.startsWith(head)) member.set(key.slice(head.length), value);
    if ([...member.keys()].length === 0) return members;
    members.push(member);
  }
}

/** `<tagSet>` / IAM `<Tags>` entries from `Tag.N.Key` / `Tag.N.Value`-style members. */
export function tagParams(form: URLSearchParams, prefix: string): [string, string][] {
  return structParams(form, prefix).map((tag) => [tag.get('Key') ?? '', tag.get('Value') ?? '']);
}

/** An IAM query response: `<XResponse><XResult>…</XResult><ResponseMetadata>`. */
export function iamResponse(action: string, result?: string): SimulatorResponse {
  const body = result === undefined ? '' : `<${action}Result>${result}</${action}Result>`;
  return xmlResponse(
    `<${action}Response xmlns="${IAM_NS}">${body}<ResponseMetadata>${xmlElement('RequestId', randomUUID())}</ResponseMetadata></${action}Response>`,
  );
}

/** An IAM query error: `<ErrorResponse><Error><Type/><Code/><Message/></Error><RequestId/>`. */
export function iamError(error: AwsSimError): SimulatorResponse {
  const type = error.type ?? (error.status >= 500 ? 'Receiver' : 'Sender');
  return xmlResponse(
    `<ErrorResponse xmlns="${IAM_NS}"><Error>${xmlElement('Type', type)}${xmlElement('Code', error.code)}${xmlElement('Message', error.message)}</Error>${xmlElement('RequestId', randomUUID())}</ErrorResponse>`,
    error.status,
    error.headers ?? {},
  );
}

/** An EC2 response: `<XResponse xmlns="…/2016-11-15/"><requestId/>…`. */
export function ec2Response(action: string, body: string): SimulatorResponse {
  return xmlResponse(
    `<${action}Response xmlns="${EC2_NS}">${xmlElement('requestId', randomUUID())}${body}</${action}Response>`,
  );
}

/** An EC2 error: `<Response><Errors><Error><Code/><Message/></Error></Errors><RequestID/>`. */
export function ec2Error(error: AwsSimError): SimulatorResponse {
  return xmlResponse(
    `<Response><Errors><Error>${xmlElement('Code', error.code)}${xmlElement('Message', error.message)}</Error></Errors>${xmlElement('RequestID', randomUUID())}</Response>`,
    error.status,
    error.headers ?? {},
  );
}

/** An EC2 `<tagSet>` (or any `<name>` item list of key/value pairs). */
export function ec2TagSet(tags: ReadonlyMap<string, string>, name = 'tagSet'): string {
  const items = [...tags]
    .map(([key, value]) => `<item>${xmlElement('key', key)}${xmlElement('value', value)}</item>`)
    .join('');
  return `<${name}>${items}</${name}>`;
}
