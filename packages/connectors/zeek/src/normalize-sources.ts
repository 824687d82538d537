import { connectorSources, type NormalizeSource } from '@openmdr/connector-kit/normalize';
import { normalizeZeek } from './normalize.js';
import { readZeekInput } from './zeek-input.js';
import { ZEEK_LOGS, zeekLogOfPath, zeekLogOfShape } from './zeek-log.js';

function logOf(record: unknown) {
  try {
    return readZeekInput(record).log;
  } catch {
    return undefined;
  }
}

/**
 * The Zeek sources of `openmdr normalize`: `zeek/<log>` for each log (a record of that log: its
 * `_path` names it, or it has no `_path` and has the log's shape), and `zeek` for any, told by
 * `_path`, the TSV `#path`, the file name or the shape.
 */
export const zeekNormalizeSources: readonly NormalizeSource[] = connectorSources(
  'zeek',
  'Zeek',
  ZEEK_LOGS.map(
    (log): NormalizeSource => ({
      id: `zeek/${log}`,
      summary: `Zeek ${log}.log records (JSON, Corelight JSON or TSV lines)`,
      matches: (record) => {
        const path =
          typeof record === 'object' && record !== null
            ? (record as Record<string, unknown>)['_path']
            : undefined;
        if (path !== undefined) return zeekLogOfPath(path) === log;
        return logOf(record) === log || zeekLogOfShape(record) === log;
      },
      normalize: (record, options) => normalizeZeek(record, log, options),
    }),
  ),
);
