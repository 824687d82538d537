import { connectorSources, isRecord, type NormalizeSource } from '@openmdr/connector-kit/normalize';
import { normalizeDarktraceIncident } from './normalize-incident.js';
import { normalizeDarktraceModelBreach } from './normalize-model-breach.js';

/**
 * The Darktrace sources of `openmdr normalize`: `darktrace/model-breaches` (records with a
 * `pbid` and a `model`), `darktrace/ai-analyst-incidents` (records with an `id` and an
 * `aiaScore`, `groupId` or `relatedBreaches`), and `darktrace` for either.
 */
export const darktraceNormalizeSources: readonly NormalizeSource[] = connectorSources(
  'darktrace',
  'Darktrace',
  [
    {
      id: 'darktrace/model-breaches',
      summary: 'Darktrace model breaches (GET /modelbreaches)',
      matches: (record) => isRecord(record) && 'pbid' in record && 'model' in record,
      normalize: (record, options) => normalizeDarktraceModelBreach(record, options),
    },
    {
      id: 'darktrace/ai-analyst-incidents',
      summary: 'Darktrace AI Analyst incident events (GET /aianalyst/incidentevents)',
      matches: (record) =>
        isRecord(record) &&
        'id' in record &&
        ('aiaScore' in record || 'groupId' in record || 'relatedBreaches' in record),
      normalize: (record, options) => normalizeDarktraceIncident(record, options),
    },
  ],
);
