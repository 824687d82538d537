import type { NormalizedEvent } from '@openmdr/connector-kit';
import {
  buildEvent,
  type EventSource,
  isRecord,
  type JsonRecord,
  type OcsfPart,
} from '@openmdr/connector-kit/normalize';
import {
  cloudOf,
  eventTimeOf,
  metadataOf,
  objectAt,
  text,
  unmappedOf,
} from './cloudtrail-parts.js';

/** Readable names of the CloudTrail Insights types. */
const INSIGHT_TITLES: Readonly<Record<string, string>> = {
  ApiCallRateInsight: 'Unusual API call rate',
  ApiErrorRateInsight: 'Unusual API error rate',
};

/** The `average` of a statistics entry, when it is a number. */
function averageOf(statistics: JsonRecord | undefined, key: string): number | undefined {
  const value = objectAt(statistics, key)?.['average'];
  return typeof value === 'number' && Number.isFinite(value)
    ? Number(value.toPrecision(3))
    : undefined;
}

/** The users (`userIdentityArn` attribution values) the unusual activity comes from. */
function attributedUsers(context: JsonRecord | undefined): OcsfPart[] | undefined {
  const attributions = context?.['attributions'];
  if (!Array.isArray(attributions)) return undefined;
  const evidences: OcsfPart[] = [];
  for (const attribution of attributions) {
    if (!isRecord(attribution) || attribution['attribute'] !== 'userIdentityArn') continue;
    const values = attribution['insight'];
    if (!Array.isArray(values)) continue;
    for (const item of values) {
      const uid = isRecord(item) ? text(item['value']) : undefined;
      if (uid !== undefined) evidences.push({ actor: { user: { uid } } });
    }
  }
  return evidences.length === 0 ? undefined : evidences;
}

/**
 * Normalises a CloudTrail Insights event (`eventCategory: Insight`, `eventType:
 * AwsCloudTrailInsight`) into an OCSF Detection Finding (2004): the unusual API call or error
 * rate of one operation, opened by its `Start` event (Create, status New) and closed by its
 * `End` event (Close, status Resolved), the two sharing `sharedEventID` (`finding_info.uid`);
 * the operation and error code in `api`, the users it is attributed to in `evidences`, the
 * statistics and attributions in `unmapped`.
 *
 * @throws {NormalizationError} naming the field when the event has no `eventTime`.
 */
export function normalizeCloudTrailInsight(record: JsonRecord, from: EventSource): NormalizedEvent {
  const time = eventTimeOf(record);
  const details = objectAt(record, 'insightDetails');
  const context = objectAt(details, 'insightContext');
  const statistics = objectAt(context, 'statistics');
  const state = text(details?.['state']);
  const type = text(details?.['insightType']);
  const eventName = text(details?.['eventName']);
  const eventSource = text(details?.['eventSource']);
  const errorCode = text(details?.['errorCode']);
  const uid = text(record['sharedEventID']) ?? text(record['eventID']) ?? `${time}`;
  const operation = [eventSource, eventName].filter((part) => part !== undefined).join(' ');
  const title = `${(type !== undefined && INSIGHT_TITLES[type]) || 'CloudTrail Insight'}${operation ? `: ${operation}` : ''}${errorCode ? ` (${errorCode})` : ''}`;
  const baseline = averageOf(statistics, 'baseline');
  const insight = averageOf(statistics, 'insight');
  const desc =
    baseline === undefined || insight === undefined
      ? undefined
      : `${insight} per minute against a baseline of ${baseline} per minute`;
  const ended = state === 'End';
  const unmapped = unmappedOf(record, false) ?? {};
  if (details !== undefined) delete unmapped['insightDetails'];
  return buildEvent(
    'detection_finding',
    {
      activity_id: ended ? 3 : state === 'Start' ? 1 : 99,
      activity_name: ended || state === 'Start' ? undefined : state,
      time,
      severity_id: 1,
      status_id: ended ? 4 : 1,
      message: desc === undefined ? title : `${title}: ${desc}`,
      finding_info: {
        uid,
        title,
        desc,
        types: type === undefined ? undefined : [type],
        first_seen_time: ended ? undefined : time,
        last_seen_time: ended ? time : undefined,
      },
      api:
        eventName === undefined
          ? undefined
          : {
              operation: eventName,
              service: { name: eventSource },
              response: { error: errorCode },
            },
      evidences: attributedUsers(context),
      cloud: cloudOf(record),
      metadata: metadataOf(record),
      unmapped: {
        ...unmapped,
        insightDetails:
          details === undefined
            ? undefined
            : { state: details['state'], insightContext: details['insightContext'] },
      },
    },
    from,
  );
}
