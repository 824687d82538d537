import * as z from 'zod';

// Lenient readers: a field of the wrong type reads as absent instead of failing the record.
const text = z.string().nullish().catch(undefined);
const number = z.number().nullish().catch(undefined);
const flag = z.boolean().nullish().catch(undefined);
const dictionary = z.record(z.string(), z.unknown()).nullish().catch(undefined);
const lenient = <Shape extends z.ZodRawShape>(shape: Shape) =>
  z.looseObject(shape).nullish().catch(undefined);

const entity = z.looseObject({
  id: text,
  type: text,
  alternateId: text,
  displayName: text,
  detailEntry: dictionary,
});

/**
 * The lenient schema of an Okta System Log `LogEvent` (System Log API,
 * developer.okta.com/docs/reference/api/system-log): the fields the normaliser reads, each
 * dropped when it has an unexpected type; unknown fields are kept.
 */
export const oktaLogEventSchema = z.looseObject({
  uuid: text,
  published: text,
  eventType: text,
  version: text,
  severity: text,
  legacyEventType: text,
  displayMessage: text,
  actor: entity.nullish().catch(undefined),
  client: lenient({
    userAgent: lenient({ rawUserAgent: text, os: text, browser: text }),
    zone: text,
    device: text,
    id: text,
    ipAddress: text,
    geographicalContext: lenient({
      city: text,
      state: text,
      country: text,
      postalCode: text,
      geolocation: lenient({ lat: number, lon: number }),
    }),
  }),
  device: dictionary,
  authenticationContext: lenient({
    authenticationProvider: text,
    credentialProvider: text,
    credentialType: text,
    issuer: lenient({ id: text, type: text }),
    interface: text,
    authenticationStep: number,
    externalSessionId: text,
    rootSessionId: text,
  }),
  outcome: lenient({ result: text, reason: text }),
  target: z
    .array(entity.nullable().catch(null))
    .nullish()
    .catch(undefined)
    .transform((targets) => targets?.filter((target) => target !== null)),
  transaction: lenient({ type: text, id: text, detail: dictionary }),
  debugContext: lenient({ debugData: dictionary }),
  securityContext: lenient({
    asNumber: number,
    asOrg: text,
    isp: text,
    domain: text,
    isProxy: flag,
  }),
  request: lenient({
    ipChain: z.array(z.record(z.string(), z.unknown())).nullish().catch(undefined),
  }),
});

/** An Okta System Log `LogEvent` as the normaliser reads it. */
export type OktaLogEvent = z.output<typeof oktaLogEventSchema>;

/** An actor or target of a System Log event: a user, an app instance, a group, a factor. */
export type OktaLogActor = z.output<typeof entity>;

/** A System Log event checked to have what every OCSF event needs: id, type and time. */
export type CheckedOktaLogEvent = OktaLogEvent & {
  uuid: string;
  eventType: string;
  published: string;
};

/** True for a plain object. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The System Log event inside a delivery wrapper, or the record itself: Okta Log Streaming to
 * Amazon EventBridge delivers each event as the `detail` of an EventBridge event whose `source`
 * is `aws.partner/okta.com/…`.
 */
export function unwrapOktaRecord(record: unknown): unknown {
  if (
    isRecord(record) &&
    isRecord(record['detail']) &&
    typeof record['detail-type'] === 'string' &&
    String(record['source'] ?? '').startsWith('aws.partner/okta.com')
  ) {
    return record['detail'];
  }
  return record;
}

/**
 * The events of an Okta event hook delivery (`{ eventType: "com.okta.event_hook", data: { events:
 * [LogEvent…] } }`, developer.okta.com/docs/concepts/event-hooks), or `undefined` for any other
 * value.
 */
export function oktaEventHookEvents(payload: unknown): unknown[] | undefined {
  if (!isRecord(payload) || !isRecord(payload['data'])) return undefined;
  const events = payload['data']['events'];
  return Array.isArray(events) && String(payload['eventType'] ?? '').startsWith('com.okta.')
    ? events
    : undefined;
}
