import type { ActionDefinition, ActionResult } from '@openmdr/connector-kit';
import { ConnectorActionError, readPath } from '@openmdr/connector-kit';
import * as z from 'zod';
import type { RestClient } from './client.js';
import type { ResolvedRestConnectorSpec, RestConfig } from './config.js';

/** Input of every REST action: the target (host id, user id…) and extra parameters. */
export const restActionInputSchema = z.object({
  target: z.string().min(1),
  parameters: z.record(z.string(), z.string()).default({}),
});

/** Output of a completed REST action. */
export const restActionOutputSchema = z.object({
  status: z.string(),
  handle: z.string().optional(),
  response: z.unknown().optional(),
});

type ActionInput = z.output<typeof restActionInputSchema>;

function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{([A-Za-z0-9_]+)\}/g, (whole, name: string) => {
    const value = values[name];
    return value === undefined ? whole : encodeURIComponent(value);
  });
}

function fillBody(template: unknown, values: Record<string, string>): unknown {
  if (typeof template === 'string') {
    const whole = /^\{([A-Za-z0-9_]+)\}$/.exec(template);
    if (whole?.[1] !== undefined && values[whole[1]] !== undefined) return values[whole[1]];
    return template.replace(/\{([A-Za-z0-9_]+)\}/g, (match, name: string) => values[name] ?? match);
  }
  if (Array.isArray(template)) return template.map((item) => fillBody(item, values));
  if (template !== null && typeof template === 'object') {
    return Object.fromEntries(
      Object.entries(template).map(([key, value]) => [key, fillBody(value, values)]),
    );
  }
  return template;
}

/** Builds the action implementations of a REST spec. */
export function createRestActions(
  spec: ResolvedRestConnectorSpec,
): Record<string, ActionDefinition<RestConfig, RestClient>> {
  const actions: Record<string, ActionDefinition<RestConfig, RestClient>> = {};
  for (const [name, action] of Object.entries(spec.actions)) {
    actions[name] = {
      run: async (input, { client }): Promise<ActionResult> => {
        const { target, parameters } = input as ActionInput;
        const values = { ...parameters, target };
        const response = await client.http.request({
          method: action.method,
          path: fill(action.path, values),
          ...(action.body ? { json: fillBody(action.body, values) } : {}),
        });
        if (!action.polling) {
          return { status: 'completed', output: { status: 'completed', response: response.data } };
        }
        const handle = readPath(response.data, action.polling.handlePath);
        if (typeof handle !== 'string' && typeof handle !== 'number') {
          throw new ConnectorActionError(
            `${spec.id}.${name}: response has no action id at ${action.polling.handlePath}`,
          );
        }
        return { status: 'pending', handle: String(handle) };
      },
      ...(action.polling
        ? {
            poll: async (handle: string, { client }): Promise<ActionResult> => {
              const polling = action.polling;
              if (!polling)
                throw new ConnectorActionError(`${spec.id}.${name} is not asynchronous`);
              const response = await client.http.request({
                path: fill(polling.statusPath, { handle }),
              });
              const status = String(readPath(response.data, polling.statusField));
              if (polling.completed.includes(status)) {
                return { status: 'completed', output: { status, handle, response: response.data } };
              }
              if (polling.failed.includes(status))
                return { status: 'failed', reason: `vendor status ${status}` };
              return { status: 'pending', handle };
            },
          }
        : {}),
    };
  }
  return actions;
}
