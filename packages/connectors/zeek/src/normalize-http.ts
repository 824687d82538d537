import type { NormalizedEvent } from '@openmdr/connector-kit';
import {
  buildEvent,
  extend,
  httpActivityId,
  type NormalizeOptions,
} from '@openmdr/connector-kit/normalize';
import { mappedFields, zeekNetworkBase, zeekSource } from './normalize-common.js';
import type { ZeekFields } from './zeek-fields.js';

const MAPPED = mappedFields(
  'method',
  'host',
  'uri',
  'referrer',
  'version',
  'user_agent',
  'request_body_len',
  'response_body_len',
  'status_code',
  'status_msg',
  'resp_mime_types',
);

/**
 * A Zeek `http.log` record as OCSF HTTP Activity (4002): the request (method, URL from `host`
 * and `uri`, user agent, referrer, version, body length) and the response (status code and
 * message, body length, first MIME type); the method is the activity.
 *
 * @throws {NormalizationError} naming the field when `ts` or both endpoints are missing, or
 *   when the record has neither a request (`uri`/`host`/`method`) nor a `status_code`.
 */
export function normalizeZeekHttp(fields: ZeekFields, options?: NormalizeOptions): NormalizedEvent {
  const base = zeekNetworkBase(fields, 'http', MAPPED);
  const method = fields.string('method');
  const host = fields.string('host');
  const uri = fields.string('uri');
  const [path, query] = uri === undefined ? [] : uri.split('?', 2);
  const port = fields.count('id.resp_p');
  const code = fields.count('status_code');
  const url =
    uri !== undefined || host !== undefined
      ? {
          hostname: host,
          path: path || undefined,
          query_string: query,
          port,
          url_string:
            host !== undefined
              ? `http://${host}${port !== undefined && port !== 80 ? `:${port}` : ''}${uri ?? '/'}`
              : undefined,
        }
      : undefined;
  const activity = httpActivityId(method);
  return buildEvent(
    'http_activity',
    extend(base, {
      activity_id: activity,
      activity_name: activity === 99 ? method : undefined,
      metadata: base['metadata'] as Record<string, unknown>,
      app_protocol_name: 'http',
      http_request:
        method === undefined && url === undefined
          ? undefined
          : {
              http_method: activity === 99 ? undefined : method?.toUpperCase(),
              url,
              user_agent: fields.string('user_agent'),
              referrer: fields.string('referrer'),
              version: fields.string('version'),
              body_length: fields.count('request_body_len'),
            },
      http_response:
        code === undefined
          ? undefined
          : {
              code,
              message: fields.string('status_msg'),
              body_length: fields.count('response_body_len'),
              content_type: fields.strings('resp_mime_types')[0],
            },
    }),
    zeekSource('http', fields.record, options),
  );
}
