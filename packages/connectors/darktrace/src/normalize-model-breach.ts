import type { NormalizedEvent } from '@openmdr/connector-kit';
import {
  attacks,
  buildEvent,
  compact,
  type NormalizeOptions,
  type OcsfPart,
  RecordReader,
} from '@openmdr/connector-kit/normalize';
import type { DetectionFinding } from '@openmdr/core';
import {
  DARKTRACE_PRODUCT,
  darktraceAttacks,
  darktraceDevice,
  darktraceSeverity,
} from './normalize-common.js';

/** Breach fields the normaliser maps; the others go to `unmapped`. */
const MAPPED = new Set([
  'pbid',
  'time',
  'creationTime',
  'score',
  'model',
  'device',
  'acknowledged',
  'commentCount',
  'triggeredComponents',
]);

/** Model fields the normaliser maps; the others go to `unmapped.model`. */
const MODEL_MAPPED = new Set([
  'name',
  'uuid',
  'pid',
  'phid',
  'description',
  'tags',
  'category',
  'mitre',
]);

/** The model of a breach: the historic (`then`) version, else the flat model of older APIs. */
function modelOf(breach: RecordReader): RecordReader | undefined {
  return breach.object('model.then') ?? breach.object('model');
}

/** The metric names and triggered filter values of the breach, as OCSF `observables`-free text. */
function componentSummary(breach: RecordReader): string[] {
  return breach
    .objects('triggeredComponents')
    .map((component) => component.string('metric.label') ?? component.string('metric.name'))
    .filter((label): label is string => label !== undefined);
}

/**
 * Normalises one Darktrace model breach (`GET /modelbreaches`) into an OCSF 1.8.0 Detection
 * Finding (class 2004).
 *
 * `pbid` is `finding_info.uid` and `metadata.uid`; the model (`model.then`, or the flat model of
 * `historicmodelonly=true` and older APIs) gives the title (`name`), `desc`, `types` (its
 * `category` and tags), `product.uid` (the model `uuid`) and ATT&CK (technique ids among its tags
 * or in `mitre`); `score` (0–1) the severity by the bands of {@link darktraceSeverity} and
 * `risk_score` (0–100); the breaching device becomes `device` and an evidence; `acknowledged`
 * makes the status Resolved (4), otherwise New (1). Other fields go to `unmapped`.
 *
 * @throws {NormalizationError} naming the field when the record has no `pbid` or no `time`.
 */
export function normalizeDarktraceModelBreach(
  record: unknown,
  options: NormalizeOptions = {},
): DetectionFinding & NormalizedEvent {
  const breach = new RecordReader(record);
  const pbidValue = breach.value('pbid');
  const uid = typeof pbidValue === 'number' ? String(pbidValue) : breach.requireString('pbid');
  const time = breach.requireTime('time');
  const created = breach.time('creationTime');
  const model = modelOf(breach);
  const title = model?.string('name') ?? `Darktrace model breach ${uid}`;
  const score = breach.number('score');
  const acknowledged = breach.boolean('acknowledged') === true;
  const device = darktraceDevice(breach.object('device'));
  const tags = model?.strings('tags') ?? [];
  const category = model?.string('category');
  const metrics = componentSummary(breach);
  const evidences: OcsfPart[] = device ? [compact({ device, data: { metrics } })] : [];
  const modelRest = model?.rest(MODEL_MAPPED);
  const unmapped = compact({
    ...(breach.rest(MAPPED) ?? {}),
    model: modelRest,
    modelNow: breach.object('model.now') ? breach.value('model.now') : undefined,
    triggeredComponents: breach.value('triggeredComponents'),
    commentCount: breach.number('commentCount'),
    score,
  });
  return buildEvent(
    'detection_finding',
    {
      activity_id: 1,
      severity_id: darktraceSeverity(score),
      status_id: acknowledged ? 4 : 1,
      risk_score: score === undefined ? undefined : Math.round(score * 100),
      time,
      is_alert: true,
      message: device?.['hostname'] ? `${title} on ${String(device['hostname'])}` : title,
      finding_info: {
        uid,
        title,
        desc: model?.string('description'),
        created_time: created ?? time,
        first_seen_time: time,
        types: [category, ...tags.filter((tag) => !/^T\d{4}/i.test(tag))].filter(
          (type): type is string => type !== undefined,
        ),
        product: compact({ uid: model?.string('uuid'), name: title }),
        attacks: attacks(
          darktraceAttacks(
            tags,
            model?.strings('mitre.techniques') ?? [],
            model?.strings('mitre.tactics') ?? [],
          ),
        ),
        analytic: compact({
          uid: model?.value('pid') === undefined ? undefined : String(model.value('pid')),
          name: title,
          type_id: 2,
          version: model?.value('phid') === undefined ? undefined : String(model.value('phid')),
          category,
        }),
      },
      device,
      evidences,
      metadata: {
        product: DARKTRACE_PRODUCT,
        uid,
        profiles: ['security_control'],
        original_time: String(breach.value('time')),
      },
      unmapped,
    },
    { source: 'Darktrace model breach', record, options },
  );
}
