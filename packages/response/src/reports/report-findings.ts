/** Findings-derived sections: per-day counts, ATT&CK coverage, top entities. */

import { hostEntity, resolveAttackTechnique, userEntity } from '@openmdr/detections';

const record = (value: unknown): Record<string, unknown> | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value.length > 0 ? value : undefined;

/** Sorted counts, most frequent first, ties by value; at most `limit`. */
export function topCounts(
  values: Iterable<string>,
  limit = 10,
): { value: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return [...counts]
    .map(([value, count]) => ({ value, count }))
    .sort((a, b) => b.count - a.count || a.value.localeCompare(b.value))
    .slice(0, limit);
}

/** Findings per UTC day of the period (every day listed, zeros included). */
export function findingsPerDay(
  findings: readonly Record<string, unknown>[],
  start: number,
  end: number,
): { day: string; count: number }[] {
  const days = new Map<string, number>();
  for (let at = start; at < end; at += 86_400_000)
    days.set(new Date(at).toISOString().slice(0, 10), 0);
  for (const finding of findings) {
    const time = finding['time'];
    if (typeof time !== 'number' || time < start || time >= end) continue;
    const day = new Date(time).toISOString().slice(0, 10);
    days.set(day, (days.get(day) ?? 0) + 1);
  }
  return [...days].map(([day, count]) => ({ day, count }));
}

/** ATT&CK tactics and techniques seen on findings (`attacks` and `finding_info.attacks`). */
export function attackCoverage(findings: readonly Record<string, unknown>[]): {
  tactics: { name: string; count: number }[];
  techniques: { id: string; name: string | null; count: number }[];
} {
  const tactics: string[] = [];
  const techniques = new Map<string, { name: string | null; count: number }>();
  for (const finding of findings) {
    const infoAttacks = record(finding['finding_info'])?.['attacks'];
    const attacks = [
      ...(Array.isArray(finding['attacks']) ? finding['attacks'] : []),
      ...(Array.isArray(infoAttacks) ? infoAttacks : []),
    ];
    const seenTactics = new Set<string>();
    const seenTechniques = new Set<string>();
    for (const attack of attacks) {
      const tactic = text(record(record(attack)?.['tactic'])?.['name']);
      if (tactic && !seenTactics.has(tactic)) {
        seenTactics.add(tactic);
        tactics.push(tactic);
      }
      for (const key of ['sub_technique', 'technique']) {
        const technique = record(record(attack)?.[key]);
        const id = text(technique?.['uid']);
        if (!id || seenTechniques.has(id)) continue;
        seenTechniques.add(id);
        const entry = techniques.get(id) ?? {
          name: resolveAttackTechnique(id)?.name ?? text(technique?.['name']) ?? null,
          count: 0,
        };
        entry.count += 1;
        techniques.set(id, entry);
      }
    }
  }
  return {
    tactics: topCounts(tactics, 50).map(({ value, count }) => ({ name: value, count })),
    techniques: [...techniques]
      .map(([id, entry]) => ({ id, ...entry }))
      .sort((a, b) => b.count - a.count || a.id.localeCompare(b.id)),
  };
}

/**
 * Counts values under the key triage groups them by, each shown in its most telling spelling
 * seen (the longest: `ws-01.corp.example` over `WS-01`).
 */
function countEntities(
  values: readonly string[],
  keyOf: (value: string) => string,
): { value: string; count: number }[] {
  const shown = new Map<string, string>();
  const keys: string[] = [];
  for (const value of values) {
    const key = keyOf(value);
    keys.push(key);
    const lower = value.trim().toLowerCase();
    const current = shown.get(key);
    if (current === undefined || lower.length > current.length) shown.set(key, lower);
  }
  return topCounts(keys).map(({ value, count }) => ({ value: shown.get(value) ?? value, count }));
}

/**
 * The hosts, users and IP addresses findings name most. A host seen as FQDN and as short name,
 * or a user as `CORP\\jdoe` and `jdoe@corp.example`, is one entity, as triage groups them.
 */
export function topEntities(findings: readonly Record<string, unknown>[]): {
  hosts: { value: string; count: number }[];
  users: { value: string; count: number }[];
  ips: { value: string; count: number }[];
} {
  const hosts: string[] = [];
  const users: string[] = [];
  const ips: string[] = [];
  for (const finding of findings) {
    const device = record(finding['device']);
    const host = text(device?.['hostname']) ?? text(device?.['name']);
    if (host) hosts.push(host);
    const user =
      text(record(record(finding['actor'])?.['user'])?.['name']) ??
      text(record(finding['user'])?.['name']);
    if (user) users.push(user);
    const found = new Set<string>();
    for (const key of ['src_endpoint', 'dst_endpoint']) {
      const ip = text(record(finding[key])?.['ip']);
      if (ip) found.add(ip);
    }
    const deviceIp = text(device?.['ip']);
    if (deviceIp) found.add(deviceIp);
    ips.push(...found);
  }
  return {
    hosts: countEntities(hosts, (host) => hostEntity(host)),
    users: countEntities(users, (user) => userEntity(user)),
    ips: topCounts(ips),
  };
}
