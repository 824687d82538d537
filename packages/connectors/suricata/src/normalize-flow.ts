import type { NormalizedEvent } from '@openmdr/connector-kit';
import { NormalizationError } from '@openmdr/connector-kit';
import { buildEvent, extend, trafficPart } from '@openmdr/connector-kit/normalize';
import { type CommonAttributes, type EveRecord, keys } from './normalize-common.js';

const source = (eve: EveRecord, what: string) => ({
  source: `Suricata ${what}`,
  record: eve.reader.record,
  options: eve.options,
});

/** The fields of `flow` and `tcp` a flow record maps (the rest stays in `unmapped`). */
const FLOW_LEFTOVERS = {
  flow: keys(
    'bytes_toserver',
    'bytes_toclient',
    'pkts_toserver',
    'pkts_toclient',
    'start',
    'end',
    'state',
    'reason',
  ),
  tcp: keys('tcp_flags'),
};

/** The fields of `netflow` and `tcp` a netflow record maps. */
const NETFLOW_LEFTOVERS = {
  netflow: keys('bytes', 'pkts', 'start', 'end'),
  tcp: keys('tcp_flags'),
};

/** The fields of `drop` a drop record maps. */
const DROP_LEFTOVERS = { drop: keys('reason', 'len') };

/** The fields of `anomaly` an anomaly record maps. */
const ANOMALY_LEFTOVERS = { anomaly: keys('type', 'event') };

function tcpFlags(eve: EveRecord): number | undefined {
  const flags = eve.reader.string('tcp.tcp_flags');
  return flags && /^[0-9a-f]{1,2}$/i.test(flags) ? Number.parseInt(flags, 16) : undefined;
}

/**
 * A Suricata `flow` (a bidirectional flow, logged when it ends) → OCSF Network Activity (4001),
 * activity Traffic (6), or Reset (3) when a TCP reset was seen: bytes and packets to the server
 * (`*_out`) and to the client (`*_in`), start and end, the flow's state and why it was logged
 * (`status_detail`), the TCP flags seen.
 */
export function normalizeFlow(eve: EveRecord): NormalizedEvent {
  const flow = eve.section('flow');
  if (!flow) throw new NormalizationError('flow is missing or not an object', { path: 'flow' });
  eve.mapped.add('tcp');
  const bytesOut = flow.number('bytes_toserver');
  const bytesIn = flow.number('bytes_toclient');
  const packetsOut = flow.number('pkts_toserver');
  const packetsIn = flow.number('pkts_toclient');
  const start = eve.timeAt('flow.start');
  const end = eve.timeAt('flow.end');
  const state = flow.string('state');
  const reason = flow.string('reason');
  const details = [state && `state ${state}`, reason && `reason ${reason}`].filter(Boolean);
  const reset = eve.reader.boolean('tcp.rst') === true;
  return buildEvent(
    'network_activity',
    extend(eve.common(), {
      activity_id: reset ? 3 : 6,
      severity_id: 1,
      start_time: start,
      end_time: end,
      duration: start !== undefined && end !== undefined ? end - start : undefined,
      status_detail: details.length > 0 ? details.join(', ') : undefined,
      connection_info: extend(eve.connectionInfo(), { tcp_flags: tcpFlags(eve) }),
      traffic: trafficPart({ bytesOut, bytesIn, packetsOut, packetsIn }),
      unmapped: eve.unmapped(FLOW_LEFTOVERS),
    }),
    source(eve, 'flow'),
  );
}

/**
 * A Suricata `netflow` (one direction of a flow, from `src` to `dest`) → OCSF Network Activity,
 * Traffic (6): its bytes and packets are outbound from the source.
 */
export function normalizeNetflow(eve: EveRecord): NormalizedEvent {
  const netflow = eve.section('netflow');
  if (!netflow) {
    throw new NormalizationError('netflow is missing or not an object', { path: 'netflow' });
  }
  eve.mapped.add('tcp');
  const start = eve.timeAt('netflow.start');
  const end = eve.timeAt('netflow.end');
  return buildEvent(
    'network_activity',
    extend(eve.common(), {
      activity_id: 6,
      severity_id: 1,
      start_time: start,
      end_time: end,
      duration: start !== undefined && end !== undefined ? end - start : undefined,
      connection_info: extend(eve.connectionInfo(), { tcp_flags: tcpFlags(eve) }),
      traffic: {
        bytes_out: netflow.number('bytes'),
        bytes: netflow.number('bytes'),
        packets_out: netflow.number('pkts'),
        packets: netflow.number('pkts'),
      },
      unmapped: eve.unmapped(NETFLOW_LEFTOVERS),
    }),
    source(eve, 'netflow'),
  );
}

/**
 * A Suricata `drop` (a packet the IPS dropped) → OCSF Network Activity, Refuse (5), action
 * Denied and disposition Blocked, the drop reason (Suricata 7+) in `status_detail`.
 */
export function normalizeDrop(eve: EveRecord): NormalizedEvent {
  const drop = eve.section('drop');
  const reason = drop?.string('reason');
  return buildEvent(
    'network_activity',
    extend(eve.common(), {
      activity_id: 5,
      severity_id: 2,
      action_id: 2,
      disposition_id: 2,
      status_detail: reason ? `dropped: ${reason}` : 'dropped',
      connection_info: eve.connectionInfo(),
      traffic: { bytes: drop?.number('len'), packets: 1 },
      unmapped: eve.unmapped(DROP_LEFTOVERS),
    }),
    source(eve, 'drop'),
  );
}

/**
 * A Suricata `anomaly` (a decoder, stream or application-layer protocol violation) → OCSF Network
 * Activity, Other (99), severity Low: `anomaly.type` and `anomaly.event` in `status_detail` and
 * `message`. Anomalies are not signature matches: they are kept as network activity for hunting
 * and correlation, not raised as findings.
 */
export function normalizeAnomaly(eve: EveRecord): NormalizedEvent {
  const anomaly = eve.section('anomaly');
  const type = anomaly?.string('type');
  const event = anomaly?.string('event');
  if (!event) {
    throw new NormalizationError('anomaly.event is missing or not a string', {
      path: 'anomaly.event',
    });
  }
  const detail = type ? `${type} anomaly: ${event}` : `anomaly: ${event}`;
  const layerProto = anomaly?.string('app_proto');
  const activity: CommonAttributes & { activity_id: number } = extend(eve.common(), {
    activity_id: 99,
    activity_name: 'Anomaly',
    severity_id: 2,
    status_detail: detail,
    message: detail,
    connection_info: eve.connectionInfo(),
    unmapped: eve.unmapped(ANOMALY_LEFTOVERS),
  });
  if (layerProto && activity['app_protocol_name'] === undefined)
    activity['app_protocol_name'] = layerProto;
  return buildEvent('network_activity', activity, source(eve, 'anomaly'));
}
