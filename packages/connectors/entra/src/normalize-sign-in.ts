import type { NormalizedEvent } from '@openmdr/connector-kit';
import { NormalizationError } from '@openmdr/connector-kit';
import {
  buildEvent,
  factorOf,
  locationPart,
  type NormalizeOptions,
  type OcsfPart,
  osPart,
  riskLevelAttributes,
  riskLevelOf,
  validIp,
} from '@openmdr/connector-kit/normalize';
import { checkGraphRecord, ENTRA_PRODUCT } from './record-parts.js';
import { type EntraSignIn, entraSignInSchema } from './records.js';

/** Options of the Entra normalisers: the kit's normaliser options. */
export type NormalizeEntraOptions = NormalizeOptions;

const PROTOCOLS: Readonly<Record<string, number>> = {
  oAuth2: 6,
  ropc: 6,
  deviceCode: 6,
  saml20: 5,
};

function factorsOf(signIn: EntraSignIn): Record<string, unknown>[] | undefined {
  const methods = (signIn.authenticationDetails ?? [])
    .filter((step) => step.succeeded !== false)
    .map((step) => step.authenticationMethod);
  if (methods.length === 0 && signIn.mfaDetail?.authMethod)
    methods.push(signIn.mfaDetail.authMethod);
  const factors = methods
    .filter((method): method is string => typeof method === 'string' && method.length > 0)
    .map((method) => factorOf(method))
    .filter((factor): factor is OcsfPart => factor !== undefined);
  const unique = new Map(factors.map((factor) => [JSON.stringify(factor), factor]));
  return unique.size > 0 ? [...unique.values()] : undefined;
}

function isMfa(
  signIn: EntraSignIn,
  factors: Record<string, unknown>[] | undefined,
): boolean | undefined {
  if (signIn.authenticationRequirement === 'multiFactorAuthentication') return true;
  if (signIn.mfaDetail?.authMethod) return true;
  if (factors?.some((factor) => factor['factor_type_id'] !== 11)) return true;
  if (signIn.authenticationRequirement === 'singleFactorAuthentication') return false;
  return undefined;
}

function severityOf(signIn: EntraSignIn, failed: boolean): number {
  const risk = riskLevelOf(signIn.riskLevelDuringSignIn);
  if (risk === 3) return 4;
  if (risk === 2) return 3;
  return failed ? 2 : 1;
}

/**
 * Normalises one Microsoft Graph `signIn` into an OCSF 1.8.0 Authentication (3002) Logon: the user,
 * the app as the service, the client IP with its geolocation (`src_endpoint.location`) and device,
 * the user agent (`http_request.user_agent`, beta), the factors (`auth_factors`, `is_mfa`), the
 * protocol, the risk level and details, the Conditional Access policy that blocked it, and the
 * result (`status_id`; `status_code` = Entra error code, `status_detail` = failure reason). Fields
 * OCSF has no place for stay in `unmapped`.
 *
 * A service principal or managed identity sign-in (no user, `servicePrincipalId` and
 * `servicePrincipalName` instead) names the service principal as the user, type Service.
 *
 * @throws {NormalizationError} (`NORMALIZE_FAILED`) naming the field when the record has no `id`,
 *   no valid `createdDateTime`, or names no user or service principal.
 */
export function normalizeEntraSignIn(
  record: unknown,
  options: NormalizeEntraOptions = {},
): NormalizedEvent {
  const { value: signIn, time } = checkGraphRecord(
    record,
    entraSignInSchema,
    'signIn',
    'createdDateTime',
  );
  const servicePrincipal =
    !signIn.userId && !signIn.userPrincipalName
      ? signIn.servicePrincipalId || signIn.servicePrincipalName
      : undefined;
  if (!signIn.userId && !signIn.userPrincipalName && !servicePrincipal) {
    throw new NormalizationError('Microsoft Graph signIn names no user or service principal', {
      path: 'userId',
    });
  }
  const errorCode = signIn.status?.errorCode;
  const failed = typeof errorCode === 'number' && errorCode !== 0;
  const device = signIn.deviceDetail ?? {};
  const factors = factorsOf(signIn);
  const blockedBy = (signIn.appliedConditionalAccessPolicies ?? []).find(
    (policy) => policy.result === 'failure',
  );
  const protocol = signIn.authenticationProtocol ?? undefined;
  const guest = signIn.userType?.toLowerCase() === 'guest';
  return buildEvent(
    'authentication',
    {
      activity_id: 1,
      time,
      severity_id: severityOf(signIn, failed),
      status_id: typeof errorCode === 'number' ? (failed ? 2 : 1) : 0,
      status_code: typeof errorCode === 'number' ? String(errorCode) : undefined,
      status_detail: failed
        ? [signIn.status?.failureReason, signIn.status?.additionalDetails].filter(Boolean).join(' ')
        : undefined,
      metadata: {
        product: ENTRA_PRODUCT,
        uid: signIn.id,
        correlation_uid: signIn.correlationId,
        log_name: 'signIns',
        log_provider: 'Microsoft Graph',
        original_time: signIn.createdDateTime,
      },
      user: servicePrincipal
        ? { uid: signIn.servicePrincipalId, name: signIn.servicePrincipalName, type_id: 4 }
        : {
            uid: signIn.userId,
            name: signIn.userPrincipalName,
            full_name: signIn.userDisplayName,
            type_id: guest ? 99 : signIn.userType ? 1 : undefined,
            type: guest ? 'Guest' : undefined,
          },
      service:
        signIn.appDisplayName || signIn.appId
          ? { name: signIn.appDisplayName ?? signIn.appId, uid: signIn.appId }
          : { name: signIn.resourceDisplayName ?? 'Microsoft Entra ID', uid: signIn.resourceId },
      src_endpoint: {
        ip: validIp(signIn.ipAddress),
        location: locationPart({
          city: signIn.location?.city,
          region: signIn.location?.state,
          country: signIn.location?.countryOrRegion,
          lat: signIn.location?.geoCoordinates?.latitude,
          long: signIn.location?.geoCoordinates?.longitude,
        }),
        autonomous_system:
          typeof signIn.autonomousSystemNumber === 'number'
            ? { number: signIn.autonomousSystemNumber }
            : undefined,
        uid: device.deviceId,
        name: device.displayName,
        os: osPart({ name: device.operatingSystem ?? undefined }),
      },
      http_request: signIn.userAgent ? { user_agent: signIn.userAgent } : undefined,
      session: signIn.sessionId ? { uid: signIn.sessionId } : undefined,
      auth_factors: factors,
      is_mfa: isMfa(signIn, factors),
      auth_protocol_id: protocol ? (PROTOCOLS[protocol] ?? 99) : undefined,
      auth_protocol: protocol && PROTOCOLS[protocol] === undefined ? protocol : undefined,
      ...riskLevelAttributes(signIn.riskLevelDuringSignIn),
      risk_details:
        signIn.riskDetail && signIn.riskDetail !== 'none' ? signIn.riskDetail : undefined,
      policy: blockedBy ? { uid: blockedBy.id, name: blockedBy.displayName } : undefined,
      unmapped: {
        userType: signIn.userType,
        clientAppUsed: signIn.clientAppUsed,
        isInteractive: signIn.isInteractive,
        conditionalAccessStatus: signIn.conditionalAccessStatus,
        appliedConditionalAccessPolicies: signIn.appliedConditionalAccessPolicies,
        authenticationRequirement: signIn.authenticationRequirement,
        authenticationDetails: signIn.authenticationDetails,
        mfaDetail: signIn.mfaDetail,
        riskState: signIn.riskState,
        riskLevelAggregated: signIn.riskLevelAggregated,
        riskEventTypes_v2: signIn.riskEventTypes_v2,
        resourceDisplayName: signIn.resourceDisplayName,
        resourceId: signIn.resourceId,
        deviceDetail: {
          browser: device.browser,
          isCompliant: device.isCompliant,
          isManaged: device.isManaged,
          trustType: device.trustType,
        },
      },
    },
    { source: 'Microsoft Entra signIn', record, options },
  );
}
