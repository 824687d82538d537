import { attacks, factorOf, locationPart, osPart, validIp } from '@openmdr/connector-kit/normalize';
import type { OktaLogActor, OktaLogEvent } from './log-event.js';

const DEVICE_TYPES: Readonly<Record<string, number>> = {
  computer: 2,
  mobile: 5,
  tablet: 4,
};

/** The OCSF `src_endpoint` of an event: client IP, geolocation, AS, ISP, OS and device type. */
export function sourceEndpoint(event: OktaLogEvent): Record<string, unknown> | undefined {
  const client = event.client ?? {};
  const geo = client.geographicalContext ?? {};
  const security = event.securityContext ?? {};
  const endpoint = {
    ip: validIp(client.ipAddress),
    location: locationPart({
      city: geo.city,
      region: geo.state,
      country: geo.country,
      postalCode: geo.postalCode,
      lat: geo.geolocation?.lat,
      long: geo.geolocation?.lon,
    }),
    autonomous_system:
      security.asNumber != null || security.asOrg
        ? { number: security.asNumber ?? undefined, name: security.asOrg ?? undefined }
        : undefined,
    isp: security.isp,
    domain: security.domain,
    os: osPart({ name: client.userAgent?.os ?? undefined }),
    type_id: client.device ? DEVICE_TYPES[client.device.toLowerCase()] : undefined,
    intermediate_ips: (event.request?.ipChain ?? [])
      .map((hop) => validIp(hop['ip']))
      .filter((ip): ip is string => ip !== undefined && ip !== client.ipAddress),
  };
  return endpoint.ip || endpoint.location ? endpoint : undefined;
}

/** OCSF `user` of an Okta actor or target of type `User` (or the Okta system principal). */
export function userOf(
  entity: OktaLogActor | null | undefined,
): Record<string, unknown> | undefined {
  if (!entity) return undefined;
  const type = entity.type ?? '';
  if (type !== 'User' && type !== 'SystemPrincipal') return undefined;
  // ThreatInsight reports requests of no known user with an actor whose every field is "unknown".
  if ((entity.id ?? 'unknown') === 'unknown' && (entity.alternateId ?? 'unknown') === 'unknown') {
    return undefined;
  }
  return {
    uid: entity.id,
    name: entity.alternateId && entity.alternateId !== 'unknown' ? entity.alternateId : undefined,
    full_name: entity.displayName,
    type_id: type === 'SystemPrincipal' ? 3 : 1,
  };
}

/** OCSF `actor`: the user (or app) who did it, and the Okta session. */
export function actorOf(event: OktaLogEvent): Record<string, unknown> | undefined {
  const actor = event.actor;
  const session = event.authenticationContext?.externalSessionId;
  const user = userOf(actor);
  const isApp = actor && !user && actor.type !== undefined;
  return {
    user,
    app_name: isApp ? (actor.displayName ?? actor.alternateId) : undefined,
    app_uid: isApp ? actor.id : undefined,
    session: session && session !== 'unknown' ? { uid: session } : undefined,
  };
}

/** Targets of one type (`User`, `AppInstance`, `UserGroup`, `AuthenticatorEnrollment`, …). */
export function targetsOf(event: OktaLogEvent, type: string): OktaLogActor[] {
  return (event.target ?? []).filter((target) => target?.type === type);
}

/** OCSF `status_id`/`status`/`action_id` from `outcome.result`. */
export function outcomeOf(event: OktaLogEvent): Record<string, unknown> {
  const result = event.outcome?.result ?? undefined;
  const reason = event.outcome?.reason ?? undefined;
  switch (result) {
    case 'SUCCESS':
      return { status_id: 1, status_detail: reason };
    case 'ALLOW':
      return { status_id: 1, action_id: 1, status_detail: reason };
    case 'FAILURE':
      return { status_id: 2, status_detail: reason };
    case 'DENY':
      return { status_id: 2, action_id: 2, status_detail: reason };
    case undefined:
      return { status_id: 0, status_detail: reason };
    default:
      return { status_id: 99, status: result, status_detail: reason };
  }
}

/** OCSF `severity_id` from the System Log severity. */
export function severityOf(severity: string | null | undefined): number {
  switch (severity) {
    case 'DEBUG':
    case 'INFO':
      return 1;
    case 'WARN':
      return 3;
    case 'ERROR':
      return 4;
    default:
      return 0;
  }
}

/**
 * The factors an event shows: `debugData.factor`, the `AuthenticatorEnrollment` targets (with the
 * method used) and the credential type. `is_mfa` is true when a factor other than a password was
 * used, or the event is an MFA verification; otherwise it is left out (not claimed false).
 */
export function factorsOf(event: OktaLogEvent): {
  auth_factors: Record<string, unknown>[] | undefined;
  is_mfa: boolean | undefined;
} {
  const factors: Record<string, unknown>[] = [];
  const debugFactor = event.debugContext?.debugData?.['factor'];
  for (const enrollment of targetsOf(event, 'AuthenticatorEnrollment')) {
    const method = enrollment.detailEntry?.['methodTypeUsed'];
    const name = typeof method === 'string' ? method : (enrollment.displayName ?? '');
    const factor = name ? factorOf(name, enrollment.displayName) : undefined;
    if (factor) factors.push(factor);
  }
  const debugFactorPart =
    typeof debugFactor === 'string' && debugFactor.length > 0 ? factorOf(debugFactor) : undefined;
  if (factors.length === 0 && debugFactorPart) factors.push(debugFactorPart);
  const credential = event.authenticationContext?.credentialType;
  if (
    factors.length === 0 &&
    typeof credential === 'string' &&
    /^(PASSWORD|OTP|SMS|EMAIL)$/.test(credential)
  ) {
    const factor = factorOf(credential);
    if (factor) factors.push(factor);
  }
  const nonPassword = factors.some((factor) => factor['factor_type_id'] !== 11);
  const mfaEvent = event.eventType === 'user.authentication.auth_via_mfa';
  return {
    auth_factors: factors.length > 0 ? factors : undefined,
    is_mfa: nonPassword || mfaEvent ? true : undefined,
  };
}

/** OCSF `auth_protocol_id` from `authenticationContext.credentialType`. */
export function authProtocolOf(event: OktaLogEvent): number | undefined {
  switch (event.authenticationContext?.credentialType) {
    case 'ASSERTION':
      return 5;
    case 'OAUTH2':
    case 'JWT':
      return 6;
    case 'IWA':
      return 2;
    default:
      return undefined;
  }
}

const THREAT_TECHNIQUES: ReadonlyArray<readonly [RegExp, string, string]> = [
  [/password spray/i, 'T1110.003', 'Password Spraying'],
  [/credential stuffing/i, 'T1110.004', 'Credential Stuffing'],
  [/brute force|login failures/i, 'T1110', 'Brute Force'],
];

/**
 * MITRE ATT&CK entries for the threats ThreatInsight names (`debugData.threatDetections`,
 * `outcome.reason`): password spraying, credential stuffing and brute force (Credential Access).
 */
export function attacksOf(event: OktaLogEvent): Record<string, unknown>[] | undefined {
  const named = [event.debugContext?.debugData?.['threatDetections'], event.outcome?.reason]
    .filter((value): value is string => typeof value === 'string')
    .join(' ');
  const found = THREAT_TECHNIQUES.filter(([pattern]) => pattern.test(named));
  if (found.length === 0) return undefined;
  return attacks(
    found.map(([, uid, name]) => ({
      techniqueUid: uid,
      techniqueName: name,
      tacticUid: 'TA0006',
      tacticName: 'Credential Access',
      version: '16.1',
    })),
  );
}
