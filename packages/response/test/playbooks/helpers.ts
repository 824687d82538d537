import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CommandExecutor, CommandRequest } from '../../src/playbooks/index.js';

const here = dirname(fileURLToPath(import.meta.url));

/** Reads a fixture playbook as JSON. */
export function fixture(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(here, 'fixtures', `${name}.json`), 'utf8')) as Record<
    string,
    unknown
  >;
}

/** An OpenC2 executor that records what it is asked to do, and can be told to fail. */
export function recordingExecutor(
  options: {
    fail?: (request: CommandRequest, call: number) => Error | undefined;
    delayMs?: number;
    variables?: (request: CommandRequest) => Record<string, string> | undefined;
  } = {},
): CommandExecutor & { calls: CommandRequest[] } {
  const calls: CommandRequest[] = [];
  return {
    calls,
    async execute(request, signal) {
      calls.push(request);
      if (options.delayMs !== undefined) {
        await new Promise<void>((resolve, reject) => {
          const timer = setTimeout(resolve, options.delayMs);
          signal.addEventListener('abort', () => {
            clearTimeout(timer);
            reject(new Error('aborted'));
          });
        });
      }
      const failure = options.fail?.(request, calls.length);
      if (failure !== undefined) throw failure;
      const variables = options.variables?.(request);
      return variables === undefined ? undefined : { variables };
    },
    undo(request) {
      const action = request.openc2?.action;
      if (action !== 'contain' && action !== 'deny') return null;
      return {
        ...request,
        requestId: `${request.requestId}:undo`,
        openc2: { ...request.openc2, action: action === 'contain' ? 'allow' : 'allow' },
      };
    },
  };
}
