/**
 * First-seen process per host: after a host's learning period, a process (by executable path,
 * else name) never seen on the host before raises a finding. Over OCSF Process Activity
 * (class 1007) Launch events. Late events only move first-seen times earlier.
 */
import type { DetectionFinding } from '@openmdr/core';
import { behaviourFinding, readString } from './behaviour-finding.js';

/** Per-host state. */
export interface FirstSeenProcessState {
  version: 1;
  /** Host → earliest event time and process → first-seen time. */
  hosts: Record<string, { since: number; processes: Record<string, number> }>;
}

/** Options of {@link detectFirstSeenProcess}. */
export interface FirstSeenProcessOptions {
  /** Baseline period per host before alerting. Default 7 days. */
  learningPeriodMs?: number;
  /** Processes remembered per host. Default 5000 (the oldest-seen are forgotten first). */
  maxProcessesPerHost?: number;
}

/** An empty state. */
export function emptyFirstSeenProcessState(): FirstSeenProcessState {
  return { version: 1, hosts: {} };
}

/** Processes one event; returns the new state and any finding. */
export function detectFirstSeenProcess(
  state: FirstSeenProcessState,
  event: Record<string, unknown>,
  options: FirstSeenProcessOptions = {},
): { state: FirstSeenProcessState; findings: DetectionFinding[] } {
  if (
    event['class_uid'] !== 1007 ||
    (event['activity_id'] !== undefined && event['activity_id'] !== 1)
  )
    return { state, findings: [] };
  const host = readString(event, 'device.hostname', 'device.name')?.toLowerCase();
  const process = readString(event, 'process.file.path', 'process.name')?.toLowerCase();
  const time = typeof event['time'] === 'number' ? (event['time'] as number) : undefined;
  if (host === undefined || process === undefined || time === undefined)
    return { state, findings: [] };
  const learning = options.learningPeriodMs ?? 7 * 86_400_000;
  const held = state.hosts[host];
  const since = Math.min(held?.since ?? time, time);
  const processes = { ...(held?.processes ?? {}) };
  const firstSeen = processes[process];
  const findings: DetectionFinding[] = [];
  if (firstSeen === undefined && held !== undefined && time - since >= learning) {
    findings.push(
      behaviourFinding({
        detection: 'behaviour.first-seen-process',
        title: 'First-seen process on host',
        message: `${process} ran on ${host} for the first time since ${new Date(since).toISOString()}`,
        severityId: 2,
        time,
        event,
        evidence: {
          process,
          host,
          baseline_since: since,
          known_processes: Object.keys(processes).length,
        },
        attack: { technique: 'T1204', techniqueName: 'User Execution', tactic: 'execution' },
        host,
        ...(readString(event, 'actor.user.name') === undefined
          ? {}
          : { user: readString(event, 'actor.user.name') as string }),
      }),
    );
  }
  processes[process] = Math.min(firstSeen ?? time, time);
  const limit = options.maxProcessesPerHost ?? 5000;
  const names = Object.keys(processes);
  if (names.length > limit) {
    names.sort((left, right) => (processes[left] as number) - (processes[right] as number));
    for (const name of names.slice(0, names.length - limit)) delete processes[name];
  }
  return {
    state: { version: 1, hosts: { ...state.hosts, [host]: { since, processes } } },
    findings,
  };
}
