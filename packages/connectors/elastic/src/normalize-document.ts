import type { NormalizedEvent } from '@openmdr/connector-kit';
import { NormalizationError } from '@openmdr/connector-kit';
import {
  buildEvent,
  compact,
  hasProcessIdentity,
  type JsonRecord,
  type NormalizeOptions,
  type OcsfPart,
  part,
  severityIdOf,
} from '@openmdr/connector-kit/normalize';
import { deriveObservables } from '@openmdr/core';
import { EcsReader, unmappedFields } from './ecs.js';
import { ECS_DOCUMENT_OBSERVABLES, ECS_DOCUMENT_TO_OCSF } from './ecs-mapping.js';
import {
  alertDocumentOf,
  deviceOf,
  ELASTIC_PRODUCT,
  normalizeElasticAlert,
  processOf,
} from './normalize-alert.js';

/** OCSF `status_id` by ECS `event.outcome`. */
const OUTCOME_STATUS: Readonly<Record<string, number>> = { success: 1, failure: 2, unknown: 0 };

/** True for a Kibana alert document (detection alert), which becomes a Detection Finding. */
export function isAlertDocument(record: unknown): boolean {
  try {
    const doc = new EcsReader(alertDocumentOf(record));
    return (
      doc.string('kibana.alert.uuid') !== undefined ||
      doc.string('kibana.alert.rule.uuid') !== undefined ||
      doc.string('signal.rule.id') !== undefined
    );
  } catch {
    return false;
  }
}

/**
 * OCSF `severity_id` of ECS `event.severity` when it is a severity name (`high`); a number is
 * the source's own scale (Suricata's 1 is its highest, Elastic Defend's 73 a risk score), so it
 * stays in `unmapped` and the severity is Unknown (0).
 */
function severityNameOf(doc: EcsReader): string | undefined {
  return doc.number('event.severity') === undefined ? doc.string('event.severity') : undefined;
}

function actorOf(doc: EcsReader): { actor?: OcsfPart; user: boolean; process: boolean } {
  const user = part({
    name: doc.string('user.name'),
    uid: doc.string('user.id'),
    domain: doc.string('user.domain'),
    email_addr: doc.string('user.email'),
  });
  const candidate = processOf(doc, 'process');
  const parent = processOf(doc, 'process.parent');
  // Windows logs name no process as pid 0: no identity of a process
  const identified =
    hasProcessIdentity(candidate) && (candidate['pid'] !== 0 || Object.keys(candidate).length > 1);
  const process = identified
    ? compact({
        ...candidate,
        working_directory: doc.string('process.working_directory'),
        parent_process: hasProcessIdentity(parent) ? parent : undefined,
      })
    : undefined;
  const hasUser = user !== undefined && (user['name'] !== undefined || user['uid'] !== undefined);
  const actor = part({ user: hasUser ? user : undefined, process });
  return { ...(actor ? { actor } : {}), user: hasUser, process: process !== undefined };
}

function cloudOf(doc: EcsReader): OcsfPart | undefined {
  const provider = doc.string('cloud.provider');
  if (!provider) return undefined;
  return compact({
    provider,
    region: doc.string('cloud.region'),
    zone: doc.string('cloud.availability_zone'),
    account: part({ uid: doc.string('cloud.account.id'), name: doc.string('cloud.account.name') }),
    project_uid: doc.string('cloud.project.id'),
  });
}

/** The fields of the table mapped for this document (conditional rows only when used). */
function mappedFieldsOf(used: {
  user: boolean;
  process: boolean;
  cloud: boolean;
  severity: boolean;
}): Set<string> {
  return new Set(
    ECS_DOCUMENT_TO_OCSF.map(([ecs]) => ecs).filter(
      (ecs) =>
        (used.severity || ecs !== 'event.severity') &&
        (used.user || !ecs.startsWith('user.')) &&
        (used.process || !ecs.startsWith('process.')) &&
        (used.cloud || !ecs.startsWith('cloud.')),
    ),
  );
}

/** `event.duration` (nanoseconds) in whole milliseconds. */
function durationOf(doc: EcsReader): number | undefined {
  const nanos = doc.number('event.duration');
  return nanos === undefined || nanos < 0 ? undefined : Math.round(nanos / 1e6);
}

function observablesOf(event: JsonRecord, doc: EcsReader): OcsfPart[] {
  const derived: OcsfPart[] = deriveObservables({ ...event, class_uid: 0 }).map((observable) => ({
    ...observable,
  }));
  for (const [ecs, typeId] of ECS_DOCUMENT_OBSERVABLES) {
    for (const value of doc.strings(ecs)) {
      derived.push({ name: `unmapped.${ecs}`, type_id: typeId, value });
    }
  }
  return derived;
}

/**
 * Normalises one document of the `search` stream (a hit with `_source` or `fields`, or
 * `{ _id, _index, ...fields }`, ECS fields nested, dotted or mixed): an alert document becomes
 * a Detection Finding ({@link normalizeElasticAlert}); any other document an OCSF Base Event
 * (class 0) by the table `ECS_DOCUMENT_TO_OCSF`: its time, message, severity, outcome as status,
 * start, end and duration, `event.original` as `raw_data`, host as `device`, user and process as
 * `actor`, cloud as `cloud`, `_id` / `_index` / event code, provider and dataset in `metadata`,
 * `observables` of what it names, and every other field in `unmapped` under its dotted ECS name.
 *
 * @throws {NormalizationError} (`NORMALIZE_FAILED`) when the record is not an object, has no
 *   valid `@timestamp`, or does not make a valid event.
 */
export function normalizeElasticDocument(
  record: unknown,
  kibanaUrl?: string,
  options: NormalizeOptions = {},
): NormalizedEvent {
  if (isAlertDocument(record)) {
    return normalizeElasticAlert(record, { ...options, ...(kibanaUrl ? { kibanaUrl } : {}) });
  }
  const document = alertDocumentOf(record);
  const doc = new EcsReader(document);
  const time = doc.time('@timestamp');
  if (time === undefined) {
    throw new NormalizationError('Elasticsearch document has no valid @timestamp', {
      path: '@timestamp',
    });
  }
  const outcome = doc.string('event.outcome')?.toLowerCase();
  const statusId = outcome === undefined ? undefined : (OUTCOME_STATUS[outcome] ?? 99);
  const { actor, user, process } = actorOf(doc);
  const cloud = cloudOf(doc);
  const severityName = severityNameOf(doc);
  const event: JsonRecord = compact({
    activity_id: 0,
    severity_id: severityName === undefined ? 0 : severityIdOf(severityName),
    severity:
      severityName !== undefined && severityIdOf(severityName) === 99 ? severityName : undefined,
    time,
    start_time: doc.time('event.start'),
    end_time: doc.time('event.end'),
    duration: durationOf(doc),
    status_id: statusId,
    status: statusId === 99 ? outcome : undefined,
    message: doc.string('message'),
    raw_data: doc.string('event.original'),
    device: deviceOf(doc),
    actor,
    cloud,
    metadata: compact({
      product: ELASTIC_PRODUCT,
      uid: doc.string('_id'),
      log_name: doc.string('_index'),
      log_provider: doc.string('event.provider'),
      log_source: doc.string('event.dataset'),
      event_code: doc.string('event.code'),
      logged_time: doc.time('event.ingested'),
      original_time: doc.string('@timestamp'),
    }),
  }) as JsonRecord;
  const observables = observablesOf(event, doc);
  return buildEvent(
    'base_event',
    {
      ...(event as { activity_id: number; metadata: OcsfPart }),
      observables: observables.length > 0 ? observables : undefined,
      unmapped: unmappedFields(
        document,
        mappedFieldsOf({
          user,
          process,
          cloud: cloud !== undefined,
          severity: severityName !== undefined,
        }),
      ),
    },
    { source: 'Elasticsearch document', record, options },
  );
}
