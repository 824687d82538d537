import type { SimulatorResponse, SimulatorRoute } from '@openmdr/connector-kit/simulator';
import { esError } from './es-common.js';

/** What the simulated deployment received through the write APIs. */
export interface ElasticWrites {
  /** Documents by data stream, then by `_id`. */
  readonly documents: Map<string, Map<string, Record<string, unknown>>>;
  /** Index templates by name. */
  readonly templates: Map<string, unknown>;
}

/** An empty {@link ElasticWrites}. */
export function elasticWrites(): ElasticWrites {
  return { documents: new Map(), templates: new Map() };
}

/**
 * `_bulk` of NDJSON `create` actions (with `_id`) and documents: 201 per created item, 409
 * `version_conflict_engine_exception` for an id the stream holds, 400 for other actions or a
 * document without `@timestamp` (data streams need it); `rejectItems` item ordinals answer 429.
 */
function bulk(
  writes: ElasticWrites,
  target: string,
  body: string,
  rejectItem: () => boolean,
): SimulatorResponse {
  const lines = body.split('\n').filter((line) => line.trim() !== '');
  if (lines.length % 2 !== 0) {
    return esError(
      400,
      'illegal_argument_exception',
      'The bulk request must be terminated by a newline [\\n]',
    );
  }
  const stream = writes.documents.get(target) ?? new Map<string, Record<string, unknown>>();
  writes.documents.set(target, stream);
  const items: unknown[] = [];
  let errors = false;
  for (let index = 0; index < lines.length; index += 2) {
    let action: Record<string, { _id?: string; _index?: string }>;
    let document: Record<string, unknown>;
    try {
      action = JSON.parse(lines[index] as string);
      document = JSON.parse(lines[index + 1] as string);
    } catch {
      return esError(400, 'x_content_parse_exception', 'malformed action/metadata line');
    }
    const create = action['create'];
    const id = create?._id ?? `auto-${stream.size + 1}`;
    const item = (status: number, error?: { type: string; reason: string }) => {
      if (error) errors = true;
      items.push({
        create: {
          _index: `.ds-${target}-000001`,
          _id: id,
          status,
          ...(error ? { error } : { result: 'created', _version: 1 }),
        },
      });
    };
    if (!create)
      item(400, {
        type: 'illegal_argument_exception',
        reason: 'only write ops with an op_type of create are allowed in data streams',
      });
    else if (rejectItem())
      item(429, {
        type: 'es_rejected_execution_exception',
        reason: 'rejected execution of primary operation',
      });
    else if (stream.has(id))
      item(409, {
        type: 'version_conflict_engine_exception',
        reason: `[${id}]: version conflict, document already exists (current version [1])`,
      });
    else if (typeof document['@timestamp'] !== 'string')
      item(400, {
        type: 'document_parsing_exception',
        reason: 'data stream timestamp field [@timestamp] is missing',
      });
    else {
      stream.set(id, document);
      item(201);
    }
  }
  return { body: { took: 3, errors, items } };
}

/** Options of {@link writeRoutes}. */
export interface WriteRoutesOptions {
  /** Where written documents and templates are kept (read them in tests). */
  writes?: ElasticWrites;
  /** Ordinals (1-based, over all bulk items) of bulk items answered 429. */
  rejectBulkItems?: readonly number[];
}

/** Elasticsearch write routes: `POST /<target>/_bulk` and `PUT /_index_template/<name>`. */
export function writeRoutes(options: WriteRoutesOptions): SimulatorRoute[] {
  let bulkItems = 0;
  const writes = options.writes ?? elasticWrites();
  const rejectItem = () => {
    bulkItems += 1;
    return options.rejectBulkItems?.includes(bulkItems) ?? false;
  };
  return [
    {
      method: 'POST',
      path: '/:target/_bulk',
      handle: (request) =>
        request.headers['content-type']?.startsWith('application/x-ndjson')
          ? bulk(
              writes,
              decodeURIComponent(request.params['target'] ?? ''),
              request.body,
              rejectItem,
            )
          : esError(
              406,
              'media_type_header_exception',
              'Content-Type must be application/x-ndjson',
            ),
    },
    {
      method: 'PUT',
      path: '/_index_template/:name',
      handle: (request) => {
        const body = request.json as { index_patterns?: unknown; template?: unknown } | undefined;
        if (!Array.isArray(body?.index_patterns)) {
          return esError(400, 'action_request_validation_exception', 'index patterns are missing');
        }
        writes.templates.set(request.params['name'] ?? '', body);
        return { body: { acknowledged: true } };
      },
    },
  ];
}
