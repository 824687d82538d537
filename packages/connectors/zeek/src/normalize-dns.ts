import type { NormalizedEvent } from '@openmdr/connector-kit';
import { buildEvent, extend, type NormalizeOptions } from '@openmdr/connector-kit/normalize';
import { mappedFields, zeekNetworkBase, zeekSource } from './normalize-common.js';
import type { ZeekFields } from './zeek-fields.js';

const MAPPED = mappedFields(
  'trans_id',
  'rtt',
  'query',
  'qclass',
  'qclass_name',
  'qtype',
  'qtype_name',
  'rcode',
  'rcode_name',
  'AA',
  'TC',
  'RD',
  'RA',
  'answers',
  'TTLs',
);

/** OCSF `rcode_id` of a DNS RCODE: 0–11 and 16–23 as they are, anything else Other (99). */
function rcodeId(rcode: number | undefined): number | undefined {
  if (rcode === undefined) return undefined;
  return (rcode >= 0 && rcode <= 11) || (rcode >= 16 && rcode <= 23) ? rcode : 99;
}

/**
 * A Zeek `dns.log` record as OCSF DNS Activity (4003): the query (name, type, class,
 * transaction id), answers with their TTLs and the header flags (AA, TC, RD, RA), the response
 * code; a record with a response code or answers is a Response (2), one without a Query (1).
 * `rtt` gives `response_time`.
 *
 * @throws {NormalizationError} naming the field when `ts` or both endpoints are missing.
 */
export function normalizeZeekDns(fields: ZeekFields, options?: NormalizeOptions): NormalizedEvent {
  const base = zeekNetworkBase(fields, 'dns', MAPPED);
  const time = base['time'] as number;
  const rcode = fields.count('rcode');
  const answers = fields.strings('answers');
  const ttls = fields.numbers('TTLs');
  const flagIds = [
    fields.boolean('AA') === true ? 1 : undefined,
    fields.boolean('TC') === true ? 2 : undefined,
    fields.boolean('RD') === true ? 3 : undefined,
    fields.boolean('RA') === true ? 4 : undefined,
  ].filter((flag): flag is number => flag !== undefined);
  const query = fields.string('query');
  const rtt = fields.number('rtt');
  const responded = rcode !== undefined || answers.length > 0;
  const rcodeName = fields.string('rcode_name');
  const id = rcodeId(rcode);
  return buildEvent(
    'dns_activity',
    extend(base, {
      activity_id: responded ? 2 : 1,
      metadata: base['metadata'] as Record<string, unknown>,
      app_protocol_name: 'dns',
      query:
        query === undefined
          ? undefined
          : {
              hostname: query,
              type: fields.string('qtype_name') ?? fields.string('qtype'),
              class: fields.string('qclass_name') ?? fields.string('qclass'),
              packet_uid: fields.count('trans_id'),
            },
      answers: answers.map((rdata, index) => {
        const ttl = ttls[index];
        return {
          rdata,
          ttl: ttl === undefined ? undefined : Math.trunc(ttl),
          flag_ids: flagIds,
          packet_uid: fields.count('trans_id'),
        };
      }),
      rcode_id: id,
      rcode: id === 99 ? rcodeName : undefined,
      query_time: time,
      response_time: rtt === undefined || !responded ? undefined : time + Math.round(rtt * 1000),
    }),
    zeekSource('dns', fields.record, options),
  );
}
