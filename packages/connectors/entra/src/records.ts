import * as z from 'zod';

// Lenient readers: a field of the wrong type reads as absent instead of failing the record.
const text = z.string().nullish().catch(undefined);
const number = z.number().nullish().catch(undefined);
const flag = z.boolean().nullish().catch(undefined);
const texts = z
  .array(z.string().nullable().catch(null))
  .nullish()
  .catch(undefined)
  .transform((items) => items?.filter((item): item is string => item !== null));
const lenient = <Shape extends z.ZodRawShape>(shape: Shape) =>
  z.looseObject(shape).nullish().catch(undefined);
const list = <Item extends z.ZodType>(item: Item) =>
  z
    .array(item.nullable().catch(null))
    .nullish()
    .catch(undefined)
    .transform((items) =>
      items?.filter((entry): entry is NonNullable<typeof entry> => entry != null),
    );

const location = lenient({
  city: text,
  state: text,
  countryOrRegion: text,
  geoCoordinates: lenient({ latitude: number, longitude: number, altitude: number }),
});

/**
 * A Microsoft Graph `signIn` (`GET /auditLogs/signIns`, v1.0 and beta fields), read leniently:
 * fields of an unexpected type are dropped, unknown fields kept.
 */
export const entraSignInSchema = z.looseObject({
  id: text,
  createdDateTime: text,
  userDisplayName: text,
  userPrincipalName: text,
  userId: text,
  userType: text,
  servicePrincipalId: text,
  servicePrincipalName: text,
  appId: text,
  appDisplayName: text,
  ipAddress: text,
  clientAppUsed: text,
  correlationId: text,
  conditionalAccessStatus: text,
  isInteractive: flag,
  riskDetail: text,
  riskLevelAggregated: text,
  riskLevelDuringSignIn: text,
  riskState: text,
  riskEventTypes_v2: texts,
  resourceDisplayName: text,
  resourceId: text,
  userAgent: text,
  authenticationRequirement: text,
  authenticationProtocol: text,
  autonomousSystemNumber: number,
  sessionId: text,
  status: lenient({ errorCode: number, failureReason: text, additionalDetails: text }),
  deviceDetail: lenient({
    deviceId: text,
    displayName: text,
    operatingSystem: text,
    browser: text,
    isCompliant: flag,
    isManaged: flag,
    trustType: text,
  }),
  location,
  appliedConditionalAccessPolicies: list(
    z.looseObject({ id: text, displayName: text, result: text, enforcedGrantControls: texts }),
  ),
  authenticationDetails: list(
    z.looseObject({
      authenticationMethod: text,
      authenticationMethodDetail: text,
      authenticationStepDateTime: text,
      authenticationStepRequirement: text,
      authenticationStepResultDetail: text,
      succeeded: flag,
    }),
  ),
  mfaDetail: lenient({ authMethod: text, authDetail: text }),
});

/** A Microsoft Graph `signIn` as the normaliser reads it. */
export type EntraSignIn = z.output<typeof entraSignInSchema>;

const identity = lenient({
  user: lenient({ id: text, displayName: text, userPrincipalName: text, ipAddress: text }),
  app: lenient({
    appId: text,
    displayName: text,
    servicePrincipalId: text,
    servicePrincipalName: text,
  }),
});

/** A Microsoft Graph `directoryAudit` (`GET /auditLogs/directoryAudits`), read leniently. */
export const entraDirectoryAuditSchema = z.looseObject({
  id: text,
  activityDateTime: text,
  activityDisplayName: text,
  category: text,
  correlationId: text,
  loggedByService: text,
  operationType: text,
  result: text,
  resultReason: text,
  initiatedBy: identity,
  targetResources: list(
    z.looseObject({
      id: text,
      displayName: text,
      type: text,
      userPrincipalName: text,
      groupType: text,
      modifiedProperties: list(
        z.looseObject({ displayName: text, oldValue: text, newValue: text }),
      ),
    }),
  ),
  additionalDetails: list(z.looseObject({ key: text, value: text })),
});

/** A Microsoft Graph `directoryAudit` as the normaliser reads it. */
export type EntraDirectoryAudit = z.output<typeof entraDirectoryAuditSchema>;

/** A Microsoft Graph `riskyUser` (`GET /identityProtection/riskyUsers`), read leniently. */
export const entraRiskyUserSchema = z.looseObject({
  id: text,
  isDeleted: flag,
  isProcessing: flag,
  riskLastUpdatedDateTime: text,
  riskLevel: text,
  riskState: text,
  riskDetail: text,
  userDisplayName: text,
  userPrincipalName: text,
});

/** A Microsoft Graph `riskyUser` as the normaliser reads it. */
export type EntraRiskyUser = z.output<typeof entraRiskyUserSchema>;

/** A Microsoft Graph `riskDetection` (`GET /identityProtection/riskDetections`), read leniently. */
export const entraRiskDetectionSchema = z.looseObject({
  id: text,
  requestId: text,
  correlationId: text,
  riskEventType: text,
  riskType: text,
  riskState: text,
  riskLevel: text,
  riskDetail: text,
  source: text,
  detectionTimingType: text,
  activity: text,
  tokenIssuerType: text,
  ipAddress: text,
  location,
  activityDateTime: text,
  detectedDateTime: text,
  lastUpdatedDateTime: text,
  userId: text,
  userDisplayName: text,
  userPrincipalName: text,
  additionalInfo: text,
});

/** A Microsoft Graph `riskDetection` as the normaliser reads it. */
export type EntraRiskDetection = z.output<typeof entraRiskDetectionSchema>;

/** True for a plain object. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
