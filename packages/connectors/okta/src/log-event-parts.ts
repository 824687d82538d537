import { isIP } from 'node:net';
import type { OktaLogActor, OktaLogEvent } from './log-event.js';

/** OCSF `os.type_id` from an Okta user-agent OS name (`Mac OS X`, `Windows 10`, `iOS`). */
export function osTypeId(name: string): number {
  const lower = name.toLowerCase();
  if (lower.startsWith('windows')) return 100;
  if (lower.startsWith('android')) return 201;
  if (lower.includes('mac os') || lower.startsWith('macos')) return 300;
  if (lower.startsWith('ios')) return 301;
  if (lower.startsWith('ipados')) return 302;
  if (lower.includes('linux') || lower.includes('ubuntu') || lower.includes('chrome os'))
    return 200;
  return 99;
}

const DEVICE_TYPES: Readonly<Record<string, number>> = {
  computer: 2,
  mobile: 5,
  tablet: 4,
};

/** A valid IP address, or undefined. */
export function validIp(value: unknown): string | undefined {
  return typeof value === 'string' && isIP(value) !== 0 ? value : undefined;
}

/** The OCSF `src_endpoint` of an event: client IP, geolocation, AS, ISP, OS and device type. */
export function sourceEndpoint(event: OktaLogEvent): Record<string, unknown> | undefined {
  const client = event.client ?? {};
  const geo = client.geographicalContext ?? {};
  const security = event.securityContext ?? {};
  const os = client.userAgent?.os;
  const location = {
    city: geo.city,
    region: geo.state,
    country: geo.country,
    postal_code: geo.postalCode,
    lat: geo.geolocation?.lat,
    long: geo.geolocation?.lon,
  };
  const hasPlace = [location.city, location.region, location.country, location.postal_code].some(
    (part) => typeof part === 'string' && part.length > 0,
  );
  const endpoint = {
    ip: validIp(client.ipAddress),
    location: hasPlace ? location : undefined,
    autonomous_system:
      security.asNumber != null || security.asOrg
        ? { number: security.asNumber ?? undefined, name: security.asOrg ?? undefined }
        : undefined,
    isp: security.isp,
    domain: security.domain,
    os: os && os !== 'Unknown' ? { name: os, type_id: osTypeId(os) } : undefined,
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

/** OCSF `risk_level_id` from Okta's `debugData.risk` (`{reasons=…, level=HIGH}`) or a level. */
export function riskLevelOf(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const level = /level=(\w+)/i.exec(value)?.[1] ?? value;
  switch (level.toUpperCase()) {
    case 'LOW':
      return 1;
    case 'MEDIUM':
      return 2;
    case 'HIGH':
      return 3;
    default:
      return undefined;
  }
}

/** An authentication factor name (`OKTA_VERIFY_PUSH`, `Okta Verify`, `SMS`) as an OCSF factor. */
export function factorOf(name: string, provider?: string | null): Record<string, unknown> {
  const upper = name.toUpperCase();
  const typed = (factor_type_id: number, factor_type?: string) => ({
    factor_type_id,
    factor_type,
    provider: factor_type_id === 11 ? undefined : provider,
    is_totp:
      factor_type_id === 7 && /TOTP|AUTHENTICATOR|ENTER A CODE/.test(upper) ? true : undefined,
  });
  if (/SIGNED_NONCE|FASTPASS/.test(upper)) return typed(99, 'Okta FastPass');
  if (/PUSH/.test(upper)) return typed(5);
  if (/SMS/.test(upper)) return typed(1);
  if (/CALL|VOICE/.test(upper)) return typed(3);
  if (/EMAIL/.test(upper)) return typed(8);
  if (/WEBAUTHN|FIDO|SECURITY KEY|BIOMETRIC AUTHENTICATOR/.test(upper)) return typed(10);
  if (/U2F/.test(upper)) return typed(9);
  if (/QUESTION/.test(upper)) return typed(2);
  if (/PASSWORD/.test(upper)) return typed(11);
  if (/HARDWARE|YUBIKEY|RSA_TOKEN|SYMANTEC/.test(upper)) return typed(6);
  if (/OTP|CODE|AUTHENTICATOR/.test(upper)) return typed(7);
  return typed(99, name);
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
    if (name) factors.push(factorOf(name, enrollment.displayName));
  }
  if (factors.length === 0 && typeof debugFactor === 'string' && debugFactor.length > 0) {
    factors.push(factorOf(debugFactor));
  }
  const credential = event.authenticationContext?.credentialType;
  if (
    factors.length === 0 &&
    typeof credential === 'string' &&
    /^(PASSWORD|OTP|SMS|EMAIL)$/.test(credential)
  ) {
    factors.push(factorOf(credential));
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
  return found.map(([, uid, name]) => ({
    technique: { uid, name },
    tactic: { uid: 'TA0006', name: 'Credential Access' },
    version: '16.1',
  }));
}
