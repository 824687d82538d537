/**
 * Incident grouping: a finding joins the open incidents that share one of its entities (host,
 * user, indicator) and whose activity is within the window of its event time — before or after,
 * so out-of-order and late findings land where in-order ones would. A finding that advances an
 * incident's ATT&CK progression (a later tactic after its activity, or an earlier tactic before
 * it) joins within the longer progression window. A finding that links several incidents
 * merges them into the oldest (the survivor); the others are redirected to it.
 */
import { findAttackTactic } from '../attack/tactics.js';
import { stringsAt } from './finding-fields.js';
import type { TriageConfig } from './triage-config.js';

/** One finding in an incident. */
export interface IncidentMember {
  /** `finding_info.uid`. */
  findingUid: string;
  /** Title of the finding. */
  title: string;
  /** Event time, epoch ms. */
  time: number;
  /** Risk score 0–100. */
  score: number;
  /** OCSF severity id. */
  severityId: number;
  /** ATT&CK tactic short names. */
  tactics: string[];
  /** ATT&CK technique ids. */
  techniques: string[];
  /** Entity keys (`host:ws-01`, `user:alice`, `indicator:198.51.100.7`). */
  entities: string[];
}

/** One incident. */
export interface IncidentRecord {
  /** Stable id. */
  uid: string;
  /** `open`, `merged` (redirected into `mergedInto`) or `closed`. */
  status: 'open' | 'merged' | 'closed';
  /** The survivor of a merge. */
  mergedInto?: string;
  /** Creation order (the oldest incident survives a merge). */
  created: number;
  /** Earliest member event time. */
  firstTime: number;
  /** Latest member event time. */
  lastTime: number;
  /** Members, by event time. */
  members: IncidentMember[];
  /** Entity keys of every member. */
  entities: string[];
  /** Distinct tactics in kill-chain order. */
  tactics: string[];
  /** Priority score 0–100. */
  priority: number;
  /** Highest member severity id. */
  severityId: number;
  /** Highest member score. */
  topScore?: number;
}

/** The grouping state. */
export interface GroupingState {
  version: 1;
  /** Incidents created so far (ids and creation order). */
  sequence: number;
  /** Highest event time seen. */
  watermark: number;
  /** Open incidents (and merged/closed ones until they are reported). */
  incidents: Record<string, IncidentRecord>;
  /** Entity key → open incident ids. */
  entityIndex: Record<string, string[]>;
  /** Merged incident id → the incident it was redirected to. */
  redirects: Record<string, string>;
}

/** An empty grouping state. */
export function emptyGroupingState(): GroupingState {
  return { version: 1, sequence: 0, watermark: 0, incidents: {}, entityIndex: {}, redirects: {} };
}

/** Follows redirects from a (possibly merged) incident id to the incident that holds its members now. */
export function resolveIncident(state: GroupingState, uid: string): string {
  let current = uid;
  for (let hops = 0; hops < 64; hops += 1) {
    const next = state.redirects[current];
    if (next === undefined) return current;
    current = next;
  }
  return current;
}

const IP_ADDRESS = /^(\d{1,3}(\.\d{1,3}){3}|[0-9a-f:]*:[0-9a-f:.]*)$/i;

/** A host name as grouping compares it: `ws-01.corp.example` → `ws-01` under `short`. */
export function hostEntity(name: string, match: 'short' | 'exact' = 'short'): string {
  const lower = name.trim().toLowerCase();
  if (match === 'exact' || IP_ADDRESS.test(lower)) return lower;
  return lower.split('.')[0] || lower;
}

/** An account name as grouping compares it: `CORP\\jdoe`, `jdoe@corp.example` → `jdoe` under `short`. */
export function userEntity(name: string, match: 'short' | 'exact' = 'short'): string {
  const lower = name.trim().toLowerCase();
  if (match === 'exact') return lower;
  const account = lower.includes('\\') ? (lower.split('\\').pop() ?? lower) : lower;
  return account.includes('@') ? (account.split('@')[0] ?? account) : account;
}

/** The grouping entities of a finding under the configured kinds. */
export function groupingEntities(finding: Record<string, unknown>, config: TriageConfig): string[] {
  const kinds = new Set(config.grouping.entities);
  const match = config.grouping.entityMatch;
  const keys = new Set<string>();
  if (kinds.has('host'))
    for (const host of [
      ...stringsAt(finding, 'device.hostname'),
      ...stringsAt(finding, 'device.name'),
    ].slice(0, 1))
      keys.add(`host:${hostEntity(host, match)}`);
  if (kinds.has('user'))
    for (const user of [
      ...stringsAt(finding, 'actor.user.name'),
      ...stringsAt(finding, 'user.name'),
      ...stringsAt(finding, 'evidences.actor.user.name'),
      ...stringsAt(finding, 'evidences.user.name'),
    ].slice(0, 1))
      keys.add(`user:${userEntity(user, match)}`);
  if (kinds.has('ip'))
    for (const ip of [
      ...stringsAt(finding, 'device.ip'),
      ...stringsAt(finding, 'evidences.src_endpoint.ip'),
    ].slice(0, 1))
      keys.add(`ip:${ip.toLowerCase()}`);
  if (kinds.has('indicator'))
    for (const value of stringsAt(finding, 'osint.value'))
      keys.add(`indicator:${value.toLowerCase()}`);
  return [...keys];
}

/** The ATT&CK tactics (short names) and technique ids on a finding. */
export function findingAttack(finding: Record<string, unknown>): {
  tactics: string[];
  techniques: string[];
} {
  const tactics = new Set<string>();
  for (const key of [
    ...stringsAt(finding, 'finding_info.attacks.tactic.uid'),
    ...stringsAt(finding, 'finding_info.attacks.tactic.name'),
    ...stringsAt(finding, 'finding_info.attacks.tactics.uid'),
    ...stringsAt(finding, 'finding_info.attacks.tactics.name'),
    ...stringsAt(finding, 'attacks.tactic.name'),
    ...stringsAt(finding, 'attacks.tactic.uid'),
  ]) {
    const tactic = findAttackTactic(key);
    if (tactic !== undefined) tactics.add(tactic.shortName);
  }
  const techniques = new Set<string>(
    [
      ...stringsAt(finding, 'finding_info.attacks.technique.uid'),
      ...stringsAt(finding, 'finding_info.attacks.sub_technique.uid'),
      ...stringsAt(finding, 'attacks.technique.uid'),
    ].map((id) => id.toUpperCase()),
  );
  return { tactics: sortTactics([...tactics]), techniques: [...techniques].sort() };
}

function order(tactic: string): number {
  return findAttackTactic(tactic)?.order ?? 0;
}

function sortTactics(tactics: string[]): string[] {
  return tactics.sort((left, right) => order(left) - order(right) || (left < right ? -1 : 1));
}

/** Incident priority: the highest member score, +5 per doubling of members, +5 per further tactic. */
export function incidentPriority(
  members: readonly IncidentMember[],
  tactics: readonly string[],
): number {
  let top = 0;
  for (const member of members) top = Math.max(top, member.score);
  return priorityOf(top, members.length, tactics.length);
}

function priorityOf(top: number, members: number, tactics: number): number {
  const bonus = 5 * Math.log2(Math.max(1, members)) + 5 * Math.max(0, tactics - 1);
  return Math.min(100, Math.round(top + bonus));
}

function summarize(record: IncidentRecord): IncidentRecord {
  record.members.sort(
    (left, right) => left.time - right.time || (left.findingUid < right.findingUid ? -1 : 1),
  );
  record.firstTime = record.members[0]?.time ?? record.firstTime;
  record.lastTime = record.members[record.members.length - 1]?.time ?? record.lastTime;
  record.entities = [...new Set(record.members.flatMap((member) => member.entities))].sort();
  record.tactics = sortTactics([...new Set(record.members.flatMap((member) => member.tactics))]);
  record.severityId = record.members.reduce(
    (top, member) => Math.max(top, member.severityId === 99 ? 0 : member.severityId),
    0,
  );
  record.topScore = record.members.reduce((top, member) => Math.max(top, member.score), 0);
  record.priority = incidentPriority(record.members, record.tactics);
  return record;
}

/** Adds one member to a copy of `record`, updating the aggregates without a full recount. */
function withMember(record: IncidentRecord, member: IncidentMember): IncidentRecord {
  const members = record.members.filter((existing) => existing.findingUid !== member.findingUid);
  if (members.length !== record.members.length)
    return summarize({ ...record, members: [...members, member] });
  // Members stay in time order: insert from the end (arrival is mostly in order).
  let position = members.length;
  while (position > 0 && (members[position - 1] as IncidentMember).time > member.time)
    position -= 1;
  members.splice(position, 0, member);
  const entities = member.entities.every((entity) => record.entities.includes(entity))
    ? record.entities
    : [...new Set([...record.entities, ...member.entities])].sort();
  const tactics = member.tactics.every((tactic) => record.tactics.includes(tactic))
    ? record.tactics
    : sortTactics([...new Set([...record.tactics, ...member.tactics])]);
  const top = Math.max(record.topScore ?? 0, member.score);
  return {
    ...record,
    members,
    firstTime: Math.min(record.firstTime, member.time),
    lastTime: Math.max(record.lastTime, member.time),
    entities,
    tactics,
    severityId: Math.max(record.severityId, member.severityId === 99 ? 0 : member.severityId),
    topScore: top,
    priority: priorityOf(top, members.length, tactics.length),
  };
}

function links(record: IncidentRecord, member: IncidentMember, config: TriageConfig): boolean {
  const { windowMs, progressionWindowMs } = config.grouping;
  const distance =
    member.time < record.firstTime
      ? record.firstTime - member.time
      : member.time > record.lastTime
        ? member.time - record.lastTime
        : 0;
  if (distance <= windowMs) return true;
  if (
    progressionWindowMs <= 0 ||
    distance > progressionWindowMs ||
    member.tactics.length === 0 ||
    record.tactics.length === 0
  )
    return false;
  const memberOrders = member.tactics.map(order);
  const recordOrders = record.tactics.map(order);
  if (member.time > record.lastTime) return Math.min(...memberOrders) > Math.max(...recordOrders);
  return Math.max(...memberOrders) < Math.min(...recordOrders);
}

/** What grouping did with one finding. */
export interface GroupingOutcome {
  /** The incident the finding is in now. */
  incidentUid: string;
  /** Whether the incident was created for it. */
  created: boolean;
  /** Incidents merged into it (now redirected). */
  merged: string[];
}

/**
 * Adds a member to the grouping state. `state` must be a working copy whose maps may be
 * replaced entry by entry (see {@link copyGroupingState}); records are replaced, never mutated.
 */
export function groupMember(
  state: GroupingState,
  member: IncidentMember,
  config: TriageConfig,
): GroupingOutcome {
  state.watermark = Math.max(state.watermark, member.time);
  const candidates = new Set<string>();
  for (const entity of member.entities)
    for (const uid of state.entityIndex[entity] ?? []) candidates.add(uid);
  const linked = [...candidates]
    .map((uid) => state.incidents[uid])
    .filter(
      (record): record is IncidentRecord =>
        record !== undefined && record.status === 'open' && links(record, member, config),
    )
    .sort((left, right) => left.created - right.created);
  const index = (record: IncidentRecord, entities: readonly string[]): void => {
    for (const entity of entities) {
      const list = state.entityIndex[entity] ?? [];
      if (!list.includes(record.uid)) state.entityIndex[entity] = [...list, record.uid];
    }
  };
  if (linked.length === 0) {
    state.sequence += 1;
    const uid = `incident-${state.sequence.toString(36).padStart(6, '0')}-${member.findingUid.slice(0, 12)}`;
    const record = summarize({
      uid,
      status: 'open',
      created: state.sequence,
      firstTime: member.time,
      lastTime: member.time,
      members: [member],
      entities: [],
      tactics: [],
      priority: 0,
      severityId: 0,
    });
    state.incidents[uid] = record;
    index(record, record.entities);
    return { incidentUid: uid, created: true, merged: [] };
  }
  const [survivor, ...others] = linked as [IncidentRecord, ...IncidentRecord[]];
  if (others.length === 0) {
    const record = withMember(survivor, member);
    state.incidents[survivor.uid] = record;
    index(record, member.entities);
    return { incidentUid: survivor.uid, created: false, merged: [] };
  }
  const members = [
    ...survivor.members.filter((existing) => existing.findingUid !== member.findingUid),
    member,
  ];
  for (const other of others) {
    members.push(...other.members);
    state.incidents[other.uid] = {
      ...other,
      status: 'merged',
      mergedInto: survivor.uid,
      members: [],
    };
    state.redirects[other.uid] = survivor.uid;
    for (const entity of other.entities) {
      const list = (state.entityIndex[entity] ?? []).filter((uid) => uid !== other.uid);
      if (!list.includes(survivor.uid)) list.push(survivor.uid);
      state.entityIndex[entity] = list;
    }
  }
  const record = summarize({ ...survivor, members });
  state.incidents[survivor.uid] = record;
  index(record, member.entities);
  return { incidentUid: survivor.uid, created: false, merged: others.map((other) => other.uid) };
}

/**
 * Closes open incidents idle past the window plus the allowed lateness (by the event-time
 * watermark), removing them from the entity index. Returns their ids.
 */
export function closeIdleIncidents(state: GroupingState, config: TriageConfig): string[] {
  const limit = state.watermark - config.grouping.windowMs - config.grouping.allowedLatenessMs;
  const closed: string[] = [];
  for (const record of Object.values(state.incidents)) {
    if (record.status !== 'open' || record.lastTime >= limit) continue;
    state.incidents[record.uid] = { ...record, status: 'closed' };
    for (const entity of record.entities) {
      const list = (state.entityIndex[entity] ?? []).filter((uid) => uid !== record.uid);
      if (list.length === 0) delete state.entityIndex[entity];
      else state.entityIndex[entity] = list;
    }
    closed.push(record.uid);
  }
  return closed;
}

/** Removes merged and closed incidents from the state once reported (redirects stay). */
export function forgetFinishedIncidents(state: GroupingState): void {
  for (const record of Object.values(state.incidents))
    if (record.status !== 'open') delete state.incidents[record.uid];
  for (const [from, to] of Object.entries(state.redirects))
    if (state.incidents[resolveIncident(state, to)] === undefined) delete state.redirects[from];
}

/** A working copy of the state: top-level maps copied, records shared (they are replaced, never mutated). */
export function copyGroupingState(state: GroupingState): GroupingState {
  return {
    version: 1,
    sequence: state.sequence,
    watermark: state.watermark,
    incidents: { ...state.incidents },
    entityIndex: { ...state.entityIndex },
    redirects: { ...state.redirects },
  };
}
