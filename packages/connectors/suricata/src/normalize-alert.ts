import type { NormalizedEvent } from '@openmdr/connector-kit';
import { NormalizationError } from '@openmdr/connector-kit';
import {
  type AttackInput,
  attacks,
  buildEvent,
  extend,
  type OcsfPart,
  type RecordReader,
} from '@openmdr/connector-kit/normalize';
import { type EveRecord, keys } from './normalize-common.js';
import { dnsQueryOf } from './normalize-dns.js';
import { httpRequestOf, httpResponseOf } from './normalize-http.js';
import { tlsOf } from './normalize-tls.js';

/**
 * OCSF severity of a Suricata signature severity, Suricata's convention being 1 the highest:
 * 1 → High (4), 2 → Medium (3), 3 → Low (2), 4 and above → Informational (1), none → Unknown (0).
 */
export function suricataSeverityId(severity: number | undefined): 0 | 1 | 2 | 3 | 4 {
  if (severity === undefined || !Number.isInteger(severity) || severity < 1) return 0;
  if (severity === 1) return 4;
  if (severity === 2) return 3;
  if (severity === 3) return 2;
  return 1;
}

const CONFIDENCE_IDS: Readonly<Record<string, 1 | 2 | 3>> = { low: 1, medium: 2, high: 3 };

const words = (text: string | undefined): string | undefined => text?.replaceAll('_', ' ');

/**
 * ATT&CK pairs of a signature's metadata as ET and ET Pro rules write them: the arrays
 * `mitre_tactic_id`, `mitre_tactic_name`, `mitre_technique_id`, `mitre_technique_name`
 * (names with underscores), paired by position; a technique beyond the tactics takes the first
 * tactic.
 */
export function signatureAttacks(metadata: RecordReader | undefined): AttackInput[] {
  if (!metadata) return [];
  const tacticIds = metadata.strings('mitre_tactic_id');
  const tacticNames = metadata.strings('mitre_tactic_name');
  const techniqueIds = metadata.strings('mitre_technique_id');
  const techniqueNames = metadata.strings('mitre_technique_name');
  const tactic = (index: number): AttackInput => {
    const at = index < tacticIds.length || index < tacticNames.length ? index : 0;
    return { tacticUid: tacticIds[at], tacticName: words(tacticNames[at]) };
  };
  if (techniqueIds.length === 0) return tacticIds.map((_, index) => tactic(index));
  return techniqueIds.map((techniqueUid, index) =>
    extend(tactic(index), {
      techniqueUid,
      techniqueName: words(techniqueNames[index]),
    }),
  );
}

/** The fields of `alert` an alert record maps (the rest stays in `unmapped`). */
const ALERT_LEFTOVERS = {
  alert: keys('signature_id', 'rev', 'signature', 'category', 'severity', 'action', 'rule'),
};

/**
 * A Suricata `alert` → OCSF Detection Finding (2004): the signature is the finding (`title`,
 * `uid` = `signature_id:rev`, the rule as `analytic`), its severity Suricata's (1 high … 3 low),
 * ATT&CK from the ruleset's metadata, the action taken (IPS `blocked` → Denied / Blocked), and
 * one evidence with both endpoints, the flow and the application-layer record logged with it.
 */
export function normalizeAlert(eve: EveRecord): NormalizedEvent {
  const alert = eve.section('alert');
  if (!alert) throw new NormalizationError('alert is missing or not an object', { path: 'alert' });
  const signatureId = alert.number('signature_id');
  if (signatureId === undefined) {
    throw new NormalizationError('alert.signature_id is missing or not a number', {
      path: 'alert.signature_id',
    });
  }
  const rev = alert.number('rev');
  const signature = alert.string('signature');
  const metadata = alert.object('metadata');
  const action = alert.string('action');
  const blocked = action === 'blocked';
  const actionKnown = action === 'allowed' || blocked;
  const confidence = metadata?.strings('confidence')[0]?.toLowerCase();
  const common = eve.common();
  // A finding has no application-protocol attribute: `app_proto` stays in `unmapped`.
  eve.mapped.delete('app_proto');
  const http = eve.reader.object('http');
  const tls = eve.reader.object('tls');
  const dns = eve.reader.object('dns');
  const evidence: OcsfPart = {
    src_endpoint: common['src_endpoint'],
    dst_endpoint: common['dst_endpoint'],
    connection_info: eve.connectionInfo(),
    http_request: http ? httpRequestOf(http) : undefined,
    http_response: http ? httpResponseOf(http) : undefined,
    tls: tls ? tlsOf(tls) : undefined,
    query: dns ? dnsQueryOf(dns) : undefined,
  };
  const uid = rev === undefined ? String(signatureId) : `${signatureId}:${rev}`;
  return buildEvent(
    'detection_finding',
    extend(common, {
      src_endpoint: undefined,
      dst_endpoint: undefined,
      app_protocol_name: undefined,
      activity_id: 1,
      severity_id: suricataSeverityId(alert.number('severity')),
      status_id: 1,
      confidence_id: confidence ? CONFIDENCE_IDS[confidence] : undefined,
      action_id: actionKnown ? (blocked ? 2 : 1) : undefined,
      disposition_id: actionKnown ? (blocked ? 2 : 1) : undefined,
      message: signature,
      finding_info: {
        uid,
        title: signature ?? `Suricata signature ${signatureId}`,
        types: alert.string('category') ? [alert.string('category')] : undefined,
        created_time: eve.time.ms,
        analytic: {
          type_id: 1,
          uid: String(signatureId),
          name: signature,
          version: rev === undefined ? undefined : String(rev),
          category: alert.string('category'),
          desc: alert.string('rule'),
        },
        attacks: attacks(signatureAttacks(metadata)),
      },
      evidences: [evidence],
      unmapped: eve.unmapped(ALERT_LEFTOVERS),
    }),
    { source: 'Suricata alert', record: eve.reader.record, options: eve.options },
  );
}
