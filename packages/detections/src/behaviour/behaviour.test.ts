import { validateOcsfEvent } from '@openmdr/core';
import { describe, expect, it } from 'vitest';
import { detectBruteForce, emptyBruteForceState } from './brute-force.js';
import { detectFirstSeenProcess, emptyFirstSeenProcessState } from './first-seen-process.js';
import { distanceKm } from './geo.js';
import { detectImpossibleTravel, emptyTravelState } from './impossible-travel.js';
import { detectMfaFatigue, emptyMfaFatigueState } from './mfa-fatigue.js';

const MINUTE = 60_000;
const DAY = 86_400_000;
const T0 = Date.parse('2026-01-01T00:00:00Z');

function fold<S>(
  detect: (state: S, event: Record<string, unknown>) => { state: S; findings: readonly object[] },
  state: S,
  events: Record<string, unknown>[],
) {
  const findings: Record<string, unknown>[] = [];
  let current = state;
  for (const event of events) {
    const result = detect(current, event);
    current = result.state;
    findings.push(...(result.findings as Record<string, unknown>[]));
  }
  for (const finding of findings)
    expect(validateOcsfEvent(finding, { mode: 'strict' }).ok).toBe(true);
  return { state: current, findings };
}

const process = (host: string, name: string, time: number) => ({
  class_uid: 1007,
  activity_id: 1,
  time,
  device: { hostname: host },
  process: { name },
  metadata: { uid: `${host}-${name}-${time}` },
});
const logon = (user: string, time: number, status: 1 | 2, extra: Record<string, unknown> = {}) => ({
  class_uid: 3002,
  activity_id: 1,
  time,
  status_id: status,
  user: { name: user },
  ...extra,
});
const located = (user: string, time: number, lat: number, long: number, country: string) =>
  logon(user, time, 1, { src_endpoint: { ip: '203.0.113.1', location: { lat, long, country } } });

describe('first-seen process', () => {
  it('alerts on a process new to the host after the learning period only', () => {
    const { findings, state } = fold(
      (s, e) => detectFirstSeenProcess(s, e, { learningPeriodMs: DAY }),
      emptyFirstSeenProcessState(),
      [
        process('ws1', 'explorer.exe', T0),
        process('ws1', 'cmd.exe', T0 + DAY / 2), // still learning
        process('ws1', 'explorer.exe', T0 + 2 * DAY),
        process('ws1', 'mimikatz.exe', T0 + 2 * DAY),
        process('ws2', 'mimikatz.exe', T0 + 2 * DAY), // new host: learning
        process('ws1', 'mimikatz.exe', T0 + 3 * DAY), // seen
      ],
    );
    expect(findings.map((finding) => finding['message'])).toEqual([
      expect.stringContaining('mimikatz.exe ran on ws1'),
    ]);
    expect(Object.keys(state.hosts.ws1?.processes ?? {}).sort()).toEqual([
      'cmd.exe',
      'explorer.exe',
      'mimikatz.exe',
    ]);
  });
});

describe('impossible travel and new country', () => {
  it('computes great-circle distances', () => {
    expect(distanceKm(48.8566, 2.3522, 40.7128, -74.006)).toBeCloseTo(5837, -1); // Paris – New York
  });

  it('alerts on implausible speed and on a new country, judging late sign-ins against their neighbours', () => {
    const { findings } = fold((s, e) => detectImpossibleTravel(s, e), emptyTravelState(), [
      located('alice', T0, 48.8566, 2.3522, 'FR'), // Paris
      located('alice', T0 + 10 * 3_600_000, 40.7128, -74.006, 'US'), // New York, 10 h later: plausible, new country
      located('alice', T0 + 11 * 3_600_000, 35.6762, 139.6503, 'JP'), // Tokyo 1 h after New York: impossible
      located('alice', T0 + 5 * MINUTE, 48.86, 2.35, 'FR'), // late, next to Paris: fine
    ]);
    expect(
      findings.map(
        (finding) => (finding['finding_info'] as { analytic: { uid: string } }).analytic.uid,
      ),
    ).toEqual([
      'behaviour.new-country-sign-in',
      'behaviour.impossible-travel',
      'behaviour.new-country-sign-in',
    ]);
    expect(findings[1]?.['message']).toMatch(/alice signed in 10\d\d\d km apart within 60 min/);
    const late = fold((s, e) => detectImpossibleTravel(s, e), emptyTravelState(), [
      located('bob', T0, 51.5074, -0.1278, 'GB'),
      located('bob', T0 + 2 * 3_600_000, 51.5, -0.12, 'GB'),
      located('bob', T0 + 30 * MINUTE, -33.8688, 151.2093, 'AU'), // late: Sydney between two London sign-ins
    ]);
    expect(
      late.findings.map(
        (finding) => (finding['finding_info'] as { analytic: { uid: string } }).analytic.uid,
      ),
    ).toEqual(['behaviour.impossible-travel', 'behaviour.new-country-sign-in']);
  });
});

describe('brute force then success', () => {
  it('alerts when a success follows the failure threshold within the window, including late failures', () => {
    const failures = Array.from({ length: 5 }, (_, index) =>
      logon('carol', T0 + index * MINUTE, 2),
    );
    const options = { threshold: 5, windowMs: 10 * MINUTE };
    const inOrder = fold((s, e) => detectBruteForce(s, e, options), emptyBruteForceState(), [
      ...failures,
      logon('carol', T0 + 6 * MINUTE, 1),
    ]);
    expect(inOrder.findings).toHaveLength(1);
    expect(inOrder.findings[0]?.['message']).toBe(
      '5 failed logons for carol within 10 min, then a success',
    );
    const tooFew = fold((s, e) => detectBruteForce(s, e, options), emptyBruteForceState(), [
      ...failures.slice(1),
      logon('carol', T0 + 6 * MINUTE, 1),
    ]);
    expect(tooFew.findings).toHaveLength(0);
    const tooSlow = fold((s, e) => detectBruteForce(s, e, options), emptyBruteForceState(), [
      ...failures,
      logon('carol', T0 + 30 * MINUTE, 1),
    ]);
    expect(tooSlow.findings).toHaveLength(0);
    const late = fold((s, e) => detectBruteForce(s, e, options), emptyBruteForceState(), [
      logon('carol', T0 + 6 * MINUTE, 1),
      ...failures,
    ]);
    expect(late.findings).toHaveLength(1);
    const again = detectBruteForce(late.state, logon('carol', T0 + 4 * MINUTE, 2), options);
    expect(again.findings).toHaveLength(0); // one alert per success
  });
});

describe('MFA fatigue', () => {
  it('alerts on an accepted push after repeated denials, not on ordinary failures', () => {
    const push = (time: number, status: 1 | 2) => logon('dave', time, status, { is_mfa: true });
    const { findings } = fold((s, e) => detectMfaFatigue(s, e), emptyMfaFatigueState(), [
      ...Array.from({ length: 6 }, (_, index) => push(T0 + index * MINUTE, 2)),
      push(T0 + 7 * MINUTE, 1),
    ]);
    expect(findings).toHaveLength(1);
    expect(findings[0]?.['finding_info']).toMatchObject({
      attacks: [{ technique: { uid: 'T1621' }, tactic: { uid: 'TA0006' } }],
    });
    const plain = fold((s, e) => detectMfaFatigue(s, e), emptyMfaFatigueState(), [
      ...Array.from({ length: 6 }, (_, index) => logon('dave', T0 + index * MINUTE, 2)),
      logon('dave', T0 + 7 * MINUTE, 1),
    ]);
    expect(plain.findings).toHaveLength(0);
  });
});
