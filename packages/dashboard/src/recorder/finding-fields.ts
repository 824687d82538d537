/**
 * Compact fields read from OCSF findings and incidents, for the recorder.
 *
 * @module
 */
import type { StoredFinding, StoredIncident } from './storage-layout.js';

type Json = Record<string, unknown>;

const SEVERITY_NAMES: Record<number, string> = {
  0: 'Unknown',
  1: 'Informational',
  2: 'Low',
  3: 'Medium',
  4: 'High',
  5: 'Critical',
  6: 'Fatal',
  99: 'Other',
};

const object = (value: unknown): Json | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Json)
    : undefined;
const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;
const finite = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isFinite(value) ? value : undefined;

function severityOf(item: Json): { severity: string; severityId: number } {
  const severityId = finite(item['severity_id']) ?? 0;
  return {
    severityId,
    severity: text(item['severity']) ?? SEVERITY_NAMES[severityId] ?? 'Unknown',
  };
}

/**
 * One spelling per tactic: producers write `Command And Control`, `command-and-control` or
 * `Command and Control`; ATT&CK's is the last (words capitalised, `and` lower-case).
 */
export function tacticName(name: string): string {
  if (/^TA\d{4}$/i.test(name.trim())) return name.trim().toUpperCase();
  return name
    .trim()
    .split(/[\s_-]+/)
    .map((word, index) =>
      index > 0 && word.toLowerCase() === 'and'
        ? 'and'
        : word.charAt(0).toUpperCase() + word.slice(1).toLowerCase(),
    )
    .join(' ');
}

/** The ATT&CK tactics and techniques of a finding (`attacks[]` or `finding_info.attacks[]`). */
export function attacksOf(finding: Json): { tactics: string[]; techniques: string[] } {
  const info = object(finding['finding_info']);
  const attacks = [
    ...(Array.isArray(finding['attacks']) ? finding['attacks'] : []),
    ...(Array.isArray(info?.['attacks']) ? (info['attacks'] as unknown[]) : []),
  ];
  const tactics = new Set<string>();
  const techniques = new Set<string>();
  for (const entry of attacks) {
    const attack = object(entry);
    if (attack === undefined) continue;
    for (const tactic of [
      attack['tactic'],
      ...(Array.isArray(attack['tactics']) ? attack['tactics'] : []),
    ]) {
      const name = text(object(tactic)?.['name']) ?? text(object(tactic)?.['uid']);
      if (name !== undefined) tactics.add(tacticName(name));
    }
    for (const technique of [attack['technique'], attack['sub_technique']]) {
      const uid = text(object(technique)?.['uid']);
      if (uid !== undefined) techniques.add(uid);
    }
  }
  return { tactics: [...tactics], techniques: [...techniques] };
}

/**
 * The compact row of a finding: title, severity, source (product, else analytic), ATT&CK, and
 * the risk score and explanation when it was scored (`risk_score`, `risk_level`, `risk_details`).
 */
export function findingRowOf(id: string, finding: Json, now: number): StoredFinding {
  const info = object(finding['finding_info']);
  const product = object(object(finding['metadata'])?.['product']);
  const analytic = object(info?.['analytic']);
  const { tactics, techniques } = attacksOf(finding);
  return {
    id,
    time: finite(finding['time']) ?? finite(info?.['created_time']) ?? now,
    title: text(info?.['title']) ?? text(finding['message']) ?? 'Untitled finding',
    ...severityOf(finding),
    source: text(product?.['name']) ?? text(analytic?.['name']) ?? 'unknown',
    tactics,
    techniques,
    score: finite(finding['risk_score']) ?? null,
    riskLevel: text(finding['risk_level']) ?? null,
    riskDetails: text(finding['risk_details']) ?? null,
  };
}

/** OCSF incident `status_id`s that end an incident: 4 Resolved, 5 Closed. */
const CLOSED_STATUS_IDS = new Set([4, 5]);

/** The compact record of an incident (OCSF Incident Finding). */
export function incidentOf(
  incident: Json,
  now: number,
  previous: StoredIncident | undefined,
): StoredIncident {
  const info = object(incident['finding_info']);
  const statusId = finite(incident['status_id']);
  const status = text(incident['status']) ?? (statusId === undefined ? 'New' : String(statusId));
  const open =
    statusId === undefined
      ? !['resolved', 'closed'].includes(status.toLowerCase())
      : !CLOSED_STATUS_IDS.has(statusId);
  return {
    title: text(info?.['title']) ?? text(incident['message']) ?? previous?.title ?? 'Incident',
    ...severityOf(incident),
    status,
    open,
    createdAt: previous?.createdAt ?? now,
    updatedAt: now,
  };
}
