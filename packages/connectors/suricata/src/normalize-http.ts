import type { NormalizedEvent } from '@openmdr/connector-kit';
import { NormalizationError } from '@openmdr/connector-kit';
import {
  buildEvent,
  extend,
  httpActivityId,
  isOcsfHttpMethod,
  type OcsfPart,
  type RecordReader,
  validIp,
} from '@openmdr/connector-kit/normalize';
import { type EveRecord, keys } from './normalize-common.js';

function headers(http: RecordReader, path: string): OcsfPart[] | undefined {
  const out = http
    .objects(path)
    .map((header) => ({ name: header.string('name'), value: header.string('value') ?? '' }))
    .filter((header) => header.name !== undefined);
  return out.length > 0 ? out : undefined;
}

/** OCSF `url` of a Suricata `http` object: `hostname` + `url` (the request target). */
function urlOf(http: RecordReader, port: number | undefined): OcsfPart | undefined {
  const hostname = http.string('hostname');
  const target = http.string('url');
  if (!hostname && !target) return undefined;
  const absolute = target !== undefined && /^[a-z][a-z0-9+.-]*:\/\//i.test(target);
  // CONNECT's authority form (`files.example.org:443`): a host and port, no path.
  const authority = target !== undefined && !absolute && !target.startsWith('/') && target !== '*';
  if (authority) {
    const colon = target.lastIndexOf(':');
    const targetPort = colon > 0 ? Number(target.slice(colon + 1)) : Number.NaN;
    return {
      hostname: colon > 0 ? target.slice(0, colon) : target,
      port: Number.isInteger(targetPort) ? targetPort : undefined,
      url_string: target,
    };
  }
  if (absolute) {
    // A proxy request's absolute form: the target names the host, port, path and query.
    const parsed = URL.canParse(target) ? new URL(target) : undefined;
    if (parsed) {
      return {
        hostname: parsed.hostname || hostname,
        port: parsed.port ? Number(parsed.port) : undefined,
        path: parsed.pathname,
        query_string: parsed.search ? parsed.search.slice(1) : undefined,
        scheme: parsed.protocol.slice(0, -1),
        url_string: target,
      };
    }
  }
  const pathAndQuery = absolute ? target.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, '') : target;
  const question = pathAndQuery?.indexOf('?') ?? -1;
  const httpPort = http.number('http_port') ?? port;
  const portText = httpPort !== undefined && httpPort !== 80 ? `:${httpPort}` : '';
  return {
    hostname,
    port: httpPort,
    path: question >= 0 ? pathAndQuery?.slice(0, question) : pathAndQuery,
    query_string: question >= 0 ? pathAndQuery?.slice(question + 1) : undefined,
    scheme: absolute ? target.split(':')[0]?.toLowerCase() : 'http',
    url_string: absolute
      ? target
      : hostname
        ? `http://${hostname}${portText}${target ?? '/'}`
        : target,
  };
}

/** OCSF `http_request` of a Suricata `http` object. */
export function httpRequestOf(http: RecordReader, port?: number): OcsfPart {
  const xff = http.string('xff');
  const method = http.string('http_method')?.toUpperCase();
  return {
    // OCSF knows the nine RFC 9110 / 5789 methods; others (WebDAV's PROPFIND, …) stay unmapped.
    http_method: isOcsfHttpMethod(method) ? method : undefined,
    url: urlOf(http, port),
    user_agent: http.string('http_user_agent'),
    referrer: http.string('http_refer'),
    version: http.string('protocol'),
    x_forwarded_for: xff
      ?.split(',')
      .map((ip) => validIp(ip.trim()))
      .filter((ip): ip is string => ip !== undefined),
    http_headers: headers(http, 'request_headers'),
    length: http.number('request_length'),
  };
}

/** OCSF `http_response` of a Suricata `http` object, or `undefined` without a status code. */
export function httpResponseOf(http: RecordReader): OcsfPart | undefined {
  const code = http.number('status');
  if (code === undefined) return undefined;
  return {
    code,
    content_type: http.string('http_content_type'),
    length: http.number('length'),
    http_headers: headers(http, 'response_headers'),
    status: http.string('status_text'),
  };
}

/**
 * A Suricata `http` record (one transaction) → OCSF HTTP Activity (4002), the activity by method
 * (Get, Post, …, Other): the request (method, URL from `hostname` and `url`, user agent,
 * referrer, protocol, `X-Forwarded-For`, headers when logged) and the response (status, content
 * type, length).
 */
export function normalizeHttp(eve: EveRecord): NormalizedEvent {
  const http = eve.section('http');
  if (!http) throw new NormalizationError('http is missing or not an object', { path: 'http' });
  const method = http.string('http_method')?.toUpperCase();
  const activityId = httpActivityId(method);
  const response = httpResponseOf(http);
  return buildEvent(
    'http_activity',
    extend(eve.common(), {
      activity_id: activityId,
      activity_name: activityId === 99 ? method : undefined,
      severity_id: 1,
      connection_info: eve.connectionInfo(),
      http_request: httpRequestOf(http, eve.reader.number('dest_port')),
      http_response: response,
      http_status: response?.['code'],
      unmapped: eve.unmapped({
        http: keys(
          ...(activityId === 99 ? [] : ['http_method']),
          'hostname',
          'url',
          'http_port',
          'http_user_agent',
          'http_refer',
          'protocol',
          'xff',
          'request_headers',
          'response_headers',
          'status',
          'http_content_type',
          'length',
          'request_length',
          'status_text',
        ),
      }),
    }),
    { source: 'Suricata http', record: eve.reader.record, options: eve.options },
  );
}
