import type { NormalizedEvent } from '@openmdr/connector-kit';
import {
  buildEvent,
  compact,
  type JsonRecord,
  type NormalizeOptions,
  type OcsfPart,
  RecordReader,
  validIp,
} from '@openmdr/connector-kit/normalize';
import type { BaseEvent } from '@openmdr/core';
import { CIM_FIELDS } from './cim-fields.js';
import { SPLUNK_PRODUCT } from './normalize-notable.js';
import {
  fieldValues,
  firstValue,
  requireSplunkTime,
  splunkSeverityId,
  splunkTime,
} from './splunk-values.js';

/** Observables kept per multi-valued field: enough to pivot, not a copy of the field. */
const MAX_OBSERVABLES_PER_FIELD = 10;

/** CIM `action` values → OCSF `action_id`: 1 Allowed, 2 Denied. */
const ACTIONS: Readonly<Record<string, 1 | 2>> = {
  allowed: 1,
  success: 1,
  blocked: 2,
  denied: 2,
  dropped: 2,
  failure: 2,
};

/** The first value of a single- or multi-valued result field. */
const first = firstValue;

/**
 * Fields that time a result without `_time`, in order: the `lastTime` and `firstTime` of the
 * `tstats … min(_time) as firstTime max(_time) as lastTime` searches of Splunk's security
 * content, then the search window's end and the search's own time (`addinfo`).
 */
const ROW_TIME_FIELDS = ['lastTime', 'firstTime', 'info_max_time', 'info_search_time'] as const;

/** Options of {@link normalizeSplunkSearchResult}. */
export interface SplunkSearchOptions extends NormalizeOptions {
  /**
   * When the search ran (epoch milliseconds): the time of a reporting row (`stats`, `table`)
   * that has neither `_time` nor one of the time fields the search can add.
   */
  searchTime?: number;
}

/**
 * Normalises one result of any search (the `search` stream) into an OCSF 1.8.0 Base Event
 * (class 0): `_time` (ISO 8601, epoch seconds or a date with a zone name) is the time, the CIM
 * fields of {@link CIM_FIELDS} fill the device, the actor, the message, the action, the severity
 * and `observables`; every field of the result is kept in `unmapped`, so nothing the search
 * returned is lost.
 *
 * A reporting row (`stats`, `table`) without `_time` is timed by its `lastTime`, `firstTime`,
 * `info_max_time` or `info_search_time`, else by `options.searchTime`.
 *
 * @throws {NormalizationError} naming `_time` when the result has no time at all, or naming the
 *   time field that is not a date-time, or when it does not make a valid event.
 */
export function normalizeSplunkSearchResult(
  record: unknown,
  options: SplunkSearchOptions = {},
): BaseEvent & NormalizedEvent {
  const result = new RecordReader(record);
  const raw: JsonRecord = result.record;
  const timeFields = ['_time', ...ROW_TIME_FIELDS];
  const time =
    options.searchTime === undefined
      ? requireSplunkTime(raw, timeFields)
      : (splunkTime(raw, timeFields) ?? Math.trunc(options.searchTime));
  const device: Record<string, unknown> = {};
  const observables: OcsfPart[] = [];
  let userName: string | undefined;
  let message: string | undefined;
  let action: string | undefined;
  let severity: string | undefined;
  for (const [field, target] of Object.entries(CIM_FIELDS)) {
    if ('observable' in target) {
      for (const item of fieldValues(raw, field).slice(0, MAX_OBSERVABLES_PER_FIELD)) {
        const ip = validIp(item);
        // an IP field whose value is no address (`-`, a masked one) stays in unmapped only
        if (target.observable === 2 && !ip) continue;
        const type = target.observable === 1 && ip ? 2 : target.observable;
        observables.push({ name: target.name, type_id: type, value: item });
      }
      continue;
    }
    const value = first(raw, field);
    if (value === undefined) continue;
    switch (target.attribute) {
      case 'device.hostname':
        device['hostname'] = value;
        break;
      case 'device.ip':
        if (validIp(value)) device['ip'] = value;
        break;
      case 'actor.user.name':
        userName = value;
        break;
      case 'message':
        message = value;
        break;
      case 'action':
        action = value;
        break;
      case 'severity':
        severity = value;
        break;
    }
  }
  const actionId = action ? (ACTIONS[action.toLowerCase()] ?? 99) : undefined;
  const severityId = splunkSeverityId(severity);
  return buildEvent(
    'base_event',
    {
      activity_id: 0,
      severity_id: severityId,
      ...(severityId === 99 && severity ? { severity } : {}),
      time,
      message: message ?? first(raw, '_raw')?.slice(0, 1_000),
      ...(actionId === undefined
        ? {}
        : { action_id: actionId, ...(actionId === 99 ? { action } : {}) }),
      device: Object.keys(device).length > 0 ? { ...device, type_id: 0 } : undefined,
      actor: userName ? { user: { name: userName } } : undefined,
      observables: observables.length > 0 ? observables : undefined,
      metadata: compact({
        product: SPLUNK_PRODUCT,
        uid: first(raw, '_cd'),
        original_time: first(raw, '_time'),
        log_name: first(raw, 'index'),
        log_provider: first(raw, 'sourcetype'),
      }),
      unmapped: result.rest(new Set()),
    },
    { source: 'Splunk search result', record, options },
  );
}
