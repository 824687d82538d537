import type { NormalizedEvent } from '@openmdr/connector-kit';
import { NormalizationError } from '@openmdr/connector-kit';
import {
  buildEvent,
  connectorSources,
  extend,
  isRecord,
  type NormalizeSource,
} from '@openmdr/connector-kit/normalize';
import { normalizeAlert } from './normalize-alert.js';
import { EveRecord, type SuricataNormalizeOptions } from './normalize-common.js';
import { normalizeDns } from './normalize-dns.js';
import { normalizeFileinfo } from './normalize-fileinfo.js';
import {
  normalizeAnomaly,
  normalizeDrop,
  normalizeFlow,
  normalizeNetflow,
} from './normalize-flow.js';
import { normalizeHttp } from './normalize-http.js';
import { normalizeSmtp } from './normalize-smtp.js';
import { normalizeSsh } from './normalize-ssh.js';
import { normalizeTls } from './normalize-tls.js';

const BY_EVENT_TYPE: Readonly<Record<string, (eve: EveRecord) => NormalizedEvent>> = {
  alert: normalizeAlert,
  flow: normalizeFlow,
  netflow: normalizeNetflow,
  drop: normalizeDrop,
  anomaly: normalizeAnomaly,
  dns: normalizeDns,
  http: normalizeHttp,
  tls: normalizeTls,
  fileinfo: normalizeFileinfo,
  smtp: normalizeSmtp,
  ssh: normalizeSsh,
};

/** The EVE `event_type`s mapped to a class of their own (others become Network Activity). */
export const SURICATA_EVENT_TYPES: readonly string[] = Object.keys(BY_EVENT_TYPE);

/**
 * Another application-layer record (`smb`, `krb5`, `dhcp`, `rdp`, `quic`, `ftp`, …) → OCSF
 * Network Activity, Traffic (6): the flow's endpoints, Community ID and application protocol,
 * the protocol's object in `unmapped`.
 */
function normalizeOtherProtocol(eve: EveRecord): NormalizedEvent {
  const common = eve.common();
  return buildEvent(
    'network_activity',
    extend(common, {
      app_protocol_name: common['app_protocol_name'] ?? eve.eventType,
      activity_id: 6,
      severity_id: 1,
      connection_info: eve.connectionInfo(),
      unmapped: eve.unmapped(),
    }),
    { source: `Suricata ${eve.eventType}`, record: eve.reader.record, options: eve.options },
  );
}

/**
 * One Suricata EVE JSON record → one OCSF 1.8.0 event, by `event_type`: `alert` → Detection
 * Finding; `flow`, `netflow`, `drop`, `anomaly`, `tls` and other protocols → Network Activity;
 * `dns` (EVE v2 and v3) → DNS Activity; `http` → HTTP Activity; `fileinfo` → Network File
 * Activity; `smtp` → Email Activity; `ssh` → SSH Activity. Every event keeps `flow_id` as
 * `metadata.correlation_uid` and `connection_info.uid`, and the flow's Community ID (the
 * sensor's, or computed). Timestamps keep the sensor's offset (`timezone_offset`, `time_dt`).
 *
 * @throws {NormalizationError} naming the field when the record cannot be mapped (no
 *   `event_type` or `timestamp`, an alert without `signature_id`, …), and for `stats` records,
 *   which are sensor health ({@link suricataHealthOf}), not events.
 */
export function normalizeSuricataEvent(
  record: unknown,
  options?: SuricataNormalizeOptions,
): NormalizedEvent {
  const eve = new EveRecord(record, options);
  if (eve.eventType === 'stats') {
    throw new NormalizationError(
      'event_type stats is sensor health, not an event (read it with suricataHealthOf)',
      { path: 'event_type' },
    );
  }
  return (BY_EVENT_TYPE[eve.eventType] ?? normalizeOtherProtocol)(eve);
}

/** Parses one EVE line. @throws {NormalizationError} when it is not a JSON object. */
export function parseEveLine(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new NormalizationError(`the EVE line is not JSON: ${text.slice(0, 64)}`, {
      path: '(line)',
    });
  }
}

const isEve = (record: unknown): boolean =>
  isRecord(record) &&
  typeof record['event_type'] === 'string' &&
  record['event_type'] !== 'stats' &&
  typeof record['timestamp'] === 'string';

/**
 * The Suricata sources of `openmdr normalize`: `suricata/eve` (EVE JSON records of every event
 * type but `stats`, recognised by `event_type` and `timestamp`) and `suricata`.
 */
export const suricataNormalizeSources: readonly NormalizeSource[] = connectorSources(
  'suricata',
  'Suricata',
  [
    {
      id: 'suricata/eve',
      summary:
        'Suricata EVE JSON records (alert, flow, netflow, dns, http, tls, fileinfo, smtp, ssh, anomaly, drop, …)',
      matches: isEve,
      normalize: (record, options) => normalizeSuricataEvent(record, options),
    },
  ],
);
