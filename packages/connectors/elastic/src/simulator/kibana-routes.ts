import {
  liveRecords,
  type SimulatorRequest,
  type SimulatorResponse,
  type SimulatorRoute,
} from '@openmdr/connector-kit/simulator';

/** Kibana routes answer under the default space and under `/s/<space>`. */
function kibanaRoute(
  method: string,
  path: string,
  handle: (request: SimulatorRequest) => SimulatorResponse,
): SimulatorRoute[] {
  const guarded = (request: SimulatorRequest): SimulatorResponse =>
    method !== 'GET' && !request.headers['kbn-xsrf']
      ? {
          status: 400,
          body: {
            statusCode: 400,
            error: 'Bad Request',
            message: 'Request must contain a kbn-xsrf header.',
          },
        }
      : handle(request);
  return [
    { method, path, handle: guarded },
    { method, path: `/s/:space${path}`, handle: guarded },
  ];
}

/**
 * Kibana routes (under `/` and `/s/<space>`, 400 without `kbn-xsrf` on writes): detection alert
 * status over the alerts dataset `alertsPath`, case comments, and Elastic Defend isolate /
 * unisolate whose action completes after `pendingPolls` status polls.
 */
export function kibanaRoutes(alertsPath: string, pendingPolls = 1): SimulatorRoute[] {
  const responseActions = new Map<string, { polls: number }>();
  const isolation =
    (kind: string) =>
    (request: SimulatorRequest): SimulatorResponse => {
      const body = request.json as { endpoint_ids?: unknown } | undefined;
      if (!Array.isArray(body?.endpoint_ids) || body.endpoint_ids.length === 0) {
        return {
          status: 400,
          body: {
            statusCode: 400,
            error: 'Bad Request',
            message: '[request body.endpoint_ids]: array size is [0], but at least 1 is required',
          },
        };
      }
      const id = `${kind}-${responseActions.size + 1}`;
      responseActions.set(id, { polls: 0 });
      return {
        body: {
          action: id,
          data: {
            id,
            command: kind,
            agents: body.endpoint_ids,
            isCompleted: false,
            wasSuccessful: false,
            status: 'pending',
          },
        },
      };
    };
  return [
    ...kibanaRoute('POST', '/api/detection_engine/signals/status', (request) => {
      const body = request.json as { signal_ids?: unknown; status?: unknown } | undefined;
      if (!Array.isArray(body?.signal_ids) || typeof body?.status !== 'string') {
        return {
          status: 400,
          body: {
            statusCode: 400,
            error: 'Bad Request',
            message: 'signal_ids and status are required',
          },
        };
      }
      const ids = new Set(body.signal_ids.map(String));
      let updated = 0;
      for (const record of liveRecords(request, alertsPath)) {
        if (ids.has(String(record['_id']))) {
          (record as Record<string, unknown>)['kibana.alert.workflow_status'] = body.status;
          updated += 1;
        }
      }
      return {
        body: {
          took: 5,
          timed_out: false,
          total: updated,
          updated,
          deleted: 0,
          batches: 1,
          version_conflicts: 0,
          noops: 0,
          failures: [],
        },
      };
    }),
    ...kibanaRoute('POST', '/api/cases/:caseId/comments', (request) => {
      const body = request.json as
        | { type?: unknown; comment?: unknown; owner?: unknown }
        | undefined;
      if (
        body?.type !== 'user' ||
        typeof body.comment !== 'string' ||
        typeof body.owner !== 'string'
      ) {
        return {
          status: 400,
          body: {
            statusCode: 400,
            error: 'Bad Request',
            message: 'type, comment and owner are required',
          },
        };
      }
      return {
        body: {
          id: request.params['caseId'],
          version: 'WzEyLDFd',
          totalComment: 1,
          owner: body.owner,
        },
      };
    }),
    ...kibanaRoute('POST', '/api/endpoint/action/isolate', isolation('isolate')),
    ...kibanaRoute('POST', '/api/endpoint/action/unisolate', isolation('unisolate')),
    ...kibanaRoute('GET', '/api/endpoint/action/:actionId', (request) => {
      const id = request.params['actionId'] ?? '';
      const action = responseActions.get(id);
      if (!action)
        return {
          status: 404,
          body: { statusCode: 404, error: 'Not Found', message: `Action [${id}] not found` },
        };
      action.polls += 1;
      const done = action.polls > pendingPolls;
      return {
        body: {
          data: {
            id,
            isCompleted: done,
            wasSuccessful: done,
            status: done ? 'successful' : 'pending',
          },
        },
      };
    }),
  ];
}
