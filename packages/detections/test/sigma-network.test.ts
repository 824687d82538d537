import { beforeAll, describe, expect, it } from 'vitest';
import {
  compileSigmaRules,
  loadSigmaRules,
  logsourceApplies,
  NETWORK_FLAT_FIELDS,
  networkLogsources,
  networkTableKey,
  type SigmaEngine,
  type SigmaLogsource,
  type SigmaMatch,
  type SigmaRule,
} from '../src/index.js';
import { ACTIVE_RULE_FOLDERS, HAS_SIGMA_CORPUS, SIGMA_DIR } from './shared-dir.js';
import {
  type NetworkCase,
  OCSF_EVENTS,
  SURICATA_CASES,
  ZEEK_CASES,
  zeekRecord,
} from './sigma-network-cases.js';

/**
 * SigmaHQ's network rules (`product: zeek`, and the `dns`, `proxy`, `webserver` and `firewall`
 * categories) on Zeek and Suricata records: flat (Zeek field names, EVE JSON) and as OCSF, as
 * the Zeek and Suricata normalisers write it (`fixtures/sigma-network/ocsf-events.json`, see the
 * README there). Every case has a positive record derived from the rule's detection and a near
 * miss that differs in one field; the engine holds the whole active corpus, so a case also shows
 * that no Windows rule reaches a network record.
 */

/** The logs of @openmdr/connector-zeek and the EVE event types of @openmdr/connector-suricata. */
const ZEEK_LOGS = [
  'conn',
  'dns',
  'http',
  'ssl',
  'x509',
  'files',
  'notice',
  'weird',
  'ssh',
  'smtp',
  'ftp',
  'rdp',
  'dhcp',
  'kerberos',
  'ntlm',
  'smb_files',
  'smb_mapping',
  'dce_rpc',
];
const SURICATA_EVENT_TYPES = [
  'alert',
  'flow',
  'netflow',
  'drop',
  'anomaly',
  'dns',
  'http',
  'tls',
  'fileinfo',
  'smtp',
  'ssh',
];
const SENSOR_LOGSOURCES: readonly [string, SigmaLogsource][] = [
  ...ZEEK_LOGS.flatMap((log) =>
    networkLogsources('zeek', log).map((ls): [string, SigmaLogsource] => [`zeek ${log}`, ls]),
  ),
  ...SURICATA_EVENT_TYPES.flatMap((type) =>
    networkLogsources('suricata', type).map((ls): [string, SigmaLogsource] => [
      `suricata ${type}`,
      ls,
    ]),
  ),
];

/**
 * Fields of generic-category rules that no Zeek or Suricata record carries, and why: the rules
 * that need them route, but these selections never match on sensor data.
 */
const UNAVAILABLE_FIELDS: Readonly<Record<string, string>> = {
  action: 'firewall verdict: Zeek conn.log and Suricata flow records carry none',
  blocked: 'firewall verdict: Zeek conn.log and Suricata flow records carry none',
  'cs-cookie': 'Zeek http.log does not log cookies; Suricata only inside logged request headers',
  'cs-content-type': 'request content type: Zeek logs orig_mime_types (sniffed), not the header',
};

const where = (file: string | undefined) => (file ?? '?').replace(`${SIGMA_DIR}/sigmahq/`, '');

function isNetworkRule(rule: SigmaRule): boolean {
  return networkTableKey(rule.logsource) !== undefined;
}

function fieldsOf(rule: SigmaRule): string[] {
  const fields = new Set<string>();
  for (const search of rule.detection.searches.values()) {
    const items =
      search.kind === 'maps' ? search.maps.flat() : search.kind === 'map' ? search.items : [];
    for (const item of items) if (item.field !== undefined) fields.add(item.field);
  }
  return [...fields];
}

describe.skipIf(!HAS_SIGMA_CORPUS)('SigmaHQ network rules on Zeek and Suricata records', () => {
  let rules: SigmaRule[];
  let network: SigmaRule[];
  let engine: SigmaEngine;
  beforeAll(async () => {
    const loaded = await loadSigmaRules(ACTIVE_RULE_FOLDERS);
    rules = loaded.rules;
    network = rules.filter(isNetworkRule);
    engine = compileSigmaRules(rules);
  }, 120_000);

  /** The rule files of the matches; every match must be a network rule. */
  const filesOf = (matches: readonly SigmaMatch[]): string[] => {
    expect(matches.filter((match) => !isNetworkRule(match.rule)).map((m) => m.title)).toEqual([]);
    return matches.map((match) => where(match.rule.source.file));
  };

  const ruleOf = (c: NetworkCase): SigmaRule => {
    const rule = network.find((candidate) => where(candidate.source.file) === c.rule);
    expect(rule, c.rule).toBeDefined();
    return rule as SigmaRule;
  };

  it('every network rule loads, compiles and routes to a Zeek log or a Suricata event type', () => {
    const compiled = new Set(engine.rules);
    const unrouted: string[] = [];
    const bySource = new Map<string, number>();
    for (const rule of network) {
      expect(compiled.has(rule), where(rule.source.file)).toBe(true);
      const sources = new Set(
        SENSOR_LOGSOURCES.filter(([, logsource]) =>
          logsourceApplies(rule.logsource, logsource),
        ).map(([source]) => source),
      );
      if (sources.size === 0) unrouted.push(where(rule.source.file));
      for (const source of sources) bySource.set(source, (bySource.get(source) ?? 0) + 1);
    }
    const unavailable = new Map<string, string[]>();
    for (const rule of network) {
      const table = networkTableKey(rule.logsource) as string;
      if (table.startsWith('zeek:')) continue;
      for (const field of fieldsOf(rule)) {
        if (NETWORK_FLAT_FIELDS[table]?.[field] !== undefined) continue;
        const list = unavailable.get(field) ?? [];
        list.push(where(rule.source.file));
        unavailable.set(field, list);
      }
    }
    console.log(
      [
        `SigmaHQ network rules (active): ${network.length}; routed ${network.length - unrouted.length}`,
        ...[...bySource.entries()].map(([source, count]) => `  ${source}: ${count} rules`),
        ...[...unavailable.entries()].map(
          ([field, files]) =>
            `  field ${field} (${UNAVAILABLE_FIELDS[field] ?? '?'}): ${files.join(', ')}`,
        ),
      ].join('\n'),
    );
    expect(network.length).toBeGreaterThanOrEqual(175);
    expect(unrouted).toEqual([]);
    expect([...unavailable.keys()].sort()).toEqual(Object.keys(UNAVAILABLE_FIELDS).sort());
  });

  it('covers at least 30 rules across Zeek logs and the generic categories', () => {
    const covered = new Set([...ZEEK_CASES, ...SURICATA_CASES].map((c) => c.rule));
    expect(covered.size).toBeGreaterThanOrEqual(30);
    const kinds = new Set(
      [...ZEEK_CASES, ...SURICATA_CASES].map((c) => {
        const rule = ruleOf(c);
        return networkTableKey(rule.logsource);
      }),
    );
    for (const kind of [
      'zeek:dns',
      'zeek:http',
      'zeek:dce_rpc',
      'zeek:smb_files',
      'zeek:x509',
      'zeek:kerberos',
      'zeek:rdp',
      'dns',
      'proxy',
      'webserver',
      'firewall',
    ]) {
      expect(kinds, kind).toContain(kind);
    }
  });

  it('routes the same in every routing mode (flat, by _path)', () => {
    const engines = (['indexed', 'logsource', 'none'] as const).map((routing) =>
      compileSigmaRules(network, { routing }),
    );
    for (const c of ZEEK_CASES) {
      for (const fields of [c.match, c.miss]) {
        const record = { _path: c.log, ...zeekRecord(c.log as string, fields) };
        const [indexed, ...others] = engines.map((candidate) => filesOf(candidate.match(record)));
        for (const other of others) expect(other, c.rule).toEqual(indexed);
      }
    }
  });

  it('other producers: DNS and HTTP Activity by class, Network Activity of a device as firewall', () => {
    const telegram = 'rules/network/dns/net_dns_susp_telegram_api.yml';
    const firewall =
      'rules-emerging-threats/2017/TA/Equation-Group/net_firewall_apt_equationgroup_c2.yml';
    const dns = {
      class_uid: 4003,
      activity_id: 1,
      metadata: { product: { name: 'Infoblox NIOS' }, log_name: 'dns' },
      query: { hostname: 'api.telegram.org', type: 'A' },
    };
    expect(filesOf(engine.match(dns, { input: 'ocsf' }))).toContain(telegram);
    const flow = {
      class_uid: 4001,
      activity_id: 6,
      metadata: { product: { name: 'PAN-OS' } },
      dst_endpoint: { ip: '69.42.98.86', port: 443 },
    };
    expect(filesOf(engine.match(flow, { input: 'ocsf' }))).toContain(firewall);
    // An endpoint's connection (an acting process) is network_connection, not firewall.
    const endpoint = { ...flow, actor: { process: { pid: 4242 } } };
    expect(
      engine.match(endpoint, { input: 'ocsf' }).map((m) => where(m.rule.source.file)),
    ).not.toContain(firewall);
  });

  it('a hint that names a category, or another product, is taken as it is', () => {
    const record = zeekRecord('dns', { query: 'api.telegram.org' });
    const telegram = 'rules/network/dns/net_dns_susp_telegram_api.yml';
    const zeekOnly = { product: 'zeek', service: 'dns', category: 'dns_query' };
    expect(filesOf(engine.match(record, { logsource: zeekOnly }))).not.toContain(telegram);
    expect(filesOf(engine.match(record, { logsource: { category: 'dns' } }))).toContain(telegram);
  });

  describe.each(ZEEK_CASES)('$rule (Zeek $log)', (c) => {
    const log = c.log as string;

    it('flat, routed by _path', () => {
      ruleOf(c);
      const match = { _path: log, ...zeekRecord(log, c.match) };
      const miss = { _path: log, ...zeekRecord(log, c.miss) };
      expect(filesOf(engine.match(match))).toContain(c.rule);
      expect(filesOf(engine.match(miss))).not.toContain(c.rule);
    });

    it('flat without _path, routed by the logsource hint', () => {
      const logsource = { product: 'zeek', service: log };
      expect(filesOf(engine.match(zeekRecord(log, c.match), { logsource }))).toContain(c.rule);
      expect(filesOf(engine.match(zeekRecord(log, c.miss), { logsource }))).not.toContain(c.rule);
    });

    it('OCSF, as the Zeek normaliser writes it', () => {
      const match = OCSF_EVENTS[`${c.rule}#match`];
      const miss = OCSF_EVENTS[`${c.rule}#miss`];
      expect(match?.source).toBe('zeek');
      expect(filesOf(engine.match(match?.event, { input: 'ocsf' }))).toContain(c.rule);
      expect(filesOf(engine.match(miss?.event, { input: 'ocsf' }))).not.toContain(c.rule);
    });
  });

  describe.each(SURICATA_CASES)('$rule (Suricata)', (c) => {
    it('flat EVE, routed by event_type', () => {
      ruleOf(c);
      expect(filesOf(engine.match(c.match))).toContain(c.rule);
      expect(filesOf(engine.match(c.miss))).not.toContain(c.rule);
    });

    it('OCSF, as the Suricata normaliser writes it', () => {
      const match = OCSF_EVENTS[`${c.rule}#suricata#match`];
      const miss = OCSF_EVENTS[`${c.rule}#suricata#miss`];
      expect(match?.source).toBe('suricata');
      expect(filesOf(engine.match(match?.event, { input: 'ocsf' }))).toContain(c.rule);
      expect(filesOf(engine.match(miss?.event, { input: 'ocsf' }))).not.toContain(c.rule);
    });
  });
});
