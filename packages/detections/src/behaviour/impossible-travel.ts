/**
 * Impossible travel and new-country sign-ins over OCSF Authentication (class 3002) successful
 * logons with `src_endpoint.location` (`lat`, `long`, `country`). A sign-in is compared with the
 * user's previous and next sign-ins in time (so late events are judged where they belong): a
 * speed above the plausible maximum over more than the minimum distance raises a finding. A
 * country the user never signed in from raises another.
 */
import type { DetectionFinding } from '@openmdr/core';
import { behaviourFinding, read, readString } from './behaviour-finding.js';
import { distanceKm } from './geo.js';

/** One remembered sign-in. */
export interface SignIn {
  time: number;
  lat: number;
  long: number;
  country?: string;
  ip?: string;
}

/** Per-user state. */
export interface TravelState {
  version: 1;
  users: Record<string, { signIns: SignIn[]; countries: Record<string, number> }>;
}

/** Options of {@link detectImpossibleTravel}. */
export interface TravelOptions {
  /** Plausible maximum speed, km/h. Default 900 (airliner). */
  maxSpeedKmh?: number;
  /** Shorter jumps are ignored (geo-IP noise). Default 500 km. */
  minDistanceKm?: number;
  /** Sign-ins remembered per user. Default 50. */
  maxSignIns?: number;
  /** Raise new-country findings. Default true. */
  newCountry?: boolean;
}

/** An empty state. */
export function emptyTravelState(): TravelState {
  return { version: 1, users: {} };
}

function isSuccessfulLogon(event: Record<string, unknown>): boolean {
  return (
    event['class_uid'] === 3002 &&
    (event['activity_id'] === undefined || event['activity_id'] === 1) &&
    event['status_id'] === 1
  );
}

/** Processes one event; returns the new state and any findings. */
export function detectImpossibleTravel(
  state: TravelState,
  event: Record<string, unknown>,
  options: TravelOptions = {},
): { state: TravelState; findings: DetectionFinding[] } {
  if (!isSuccessfulLogon(event)) return { state, findings: [] };
  const user = readString(event, 'user.name', 'actor.user.name', 'user.uid')?.toLowerCase();
  const lat = read(event, 'src_endpoint.location.lat');
  const long = read(event, 'src_endpoint.location.long');
  const time = event['time'];
  if (
    user === undefined ||
    typeof lat !== 'number' ||
    typeof long !== 'number' ||
    typeof time !== 'number'
  )
    return { state, findings: [] };
  const country = readString(event, 'src_endpoint.location.country')?.toUpperCase();
  const ip = readString(event, 'src_endpoint.ip');
  const signIn: SignIn = {
    time,
    lat,
    long,
    ...(country === undefined ? {} : { country }),
    ...(ip === undefined ? {} : { ip }),
  };
  const held = state.users[user] ?? { signIns: [], countries: {} };
  const findings: DetectionFinding[] = [];
  const maxSpeed = options.maxSpeedKmh ?? 900;
  const minDistance = options.minDistanceKm ?? 500;
  const previous = [...held.signIns].reverse().find((other) => other.time <= time);
  const next = held.signIns.find((other) => other.time > time);
  for (const other of [previous, next]) {
    if (other === undefined) continue;
    const distance = distanceKm(other.lat, other.long, lat, long);
    const hours = Math.abs(time - other.time) / 3_600_000;
    const speed = hours === 0 ? Number.POSITIVE_INFINITY : distance / hours;
    if (distance <= minDistance || speed <= maxSpeed) continue;
    const [from, to] = other.time <= time ? [other, signIn] : [signIn, other];
    findings.push(
      behaviourFinding({
        detection: 'behaviour.impossible-travel',
        title: 'Impossible travel',
        message: `${user} signed in ${Math.round(distance)} km apart within ${(hours * 60).toFixed(0)} min (${Number.isFinite(speed) ? Math.round(speed) : '∞'} km/h)`,
        severityId: 4,
        time,
        event,
        evidence: {
          from,
          to,
          distance_km: Math.round(distance),
          speed_kmh: Number.isFinite(speed) ? Math.round(speed) : null,
          max_speed_kmh: maxSpeed,
        },
        attack: { technique: 'T1078', techniqueName: 'Valid Accounts', tactic: 'initial-access' },
        user,
      }),
    );
    break;
  }
  const countries = { ...held.countries };
  if (country !== undefined) {
    if ((options.newCountry ?? true) && countries[country] === undefined && held.signIns.length > 0)
      findings.push(
        behaviourFinding({
          detection: 'behaviour.new-country-sign-in',
          title: 'Sign-in from a new country',
          message: `${user} signed in from ${country} for the first time (known: ${Object.keys(countries).sort().join(', ') || 'none'})`,
          severityId: 3,
          time,
          event,
          evidence: { country, known_countries: Object.keys(countries).sort(), ip: ip ?? null },
          attack: { technique: 'T1078', techniqueName: 'Valid Accounts', tactic: 'initial-access' },
          user,
        }),
      );
    countries[country] = Math.min(countries[country] ?? time, time);
  }
  const signIns = [...held.signIns, signIn]
    .sort((left, right) => left.time - right.time)
    .slice(-(options.maxSignIns ?? 50));
  return {
    state: { version: 1, users: { ...state.users, [user]: { signIns, countries } } },
    findings,
  };
}
