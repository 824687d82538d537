import type { NormalizedEvent } from '@openmdr/connector-kit';
import {
  buildEvent,
  compact,
  type JsonRecord,
  type NormalizeOptions,
  type OcsfPart,
  RecordReader,
  severityIdOf,
  validIp,
} from '@openmdr/connector-kit/normalize';
import type { BaseEvent } from '@openmdr/core';
import { CIM_FIELDS } from './cim-fields.js';
import { SPLUNK_PRODUCT } from './normalize-notable.js';

/** CIM `action` values → OCSF `action_id`: 1 Allowed, 2 Denied. */
const ACTIONS: Readonly<Record<string, 1 | 2>> = {
  allowed: 1,
  success: 1,
  blocked: 2,
  denied: 2,
  dropped: 2,
  failure: 2,
};

/** The first string value of a single- or multi-valued result field. */
function first(record: JsonRecord, key: string): string | undefined {
  const value = record[key];
  const item = Array.isArray(value) ? value[0] : value;
  return typeof item === 'string' && item.length > 0 ? item : undefined;
}

/**
 * Normalises one result of any search (the `search` stream) into an OCSF 1.8.0 Base Event
 * (class 0): `_time` is the time, the CIM fields of {@link CIM_FIELDS} fill the device, the
 * actor, the message, the action, the severity and `observables`; every field of the result is
 * kept in `unmapped`, so nothing the search returned is lost.
 *
 * @throws {NormalizationError} when the result has no `_time`, or does not make a valid event.
 */
export function normalizeSplunkSearchResult(
  record: unknown,
  options: NormalizeOptions = {},
): BaseEvent & NormalizedEvent {
  const result = new RecordReader(record);
  const time = result.requireTime('_time');
  const raw = record as JsonRecord;
  const device: Record<string, unknown> = {};
  const observables: OcsfPart[] = [];
  let userName: string | undefined;
  let message: string | undefined;
  let action: string | undefined;
  let severity: string | undefined;
  for (const [field, target] of Object.entries(CIM_FIELDS)) {
    const value = first(raw, field);
    if (value === undefined) continue;
    if ('observable' in target) {
      const type = target.observable === 1 && validIp(value) ? 2 : target.observable;
      observables.push({ name: target.name, type_id: type, value });
      continue;
    }
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
  const severityId = severityIdOf(severity);
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
