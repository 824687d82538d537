import { type Clock, OpenMdrError, systemClock, type TenantStore } from '@openmdr/core';
import type { Command, CommandResponse, Results } from '../actions/command.js';
import type { OpenC2StatusCode } from '../actions/openc2.js';
import { ACTION_DEFINITIONS, type ActionKind } from '../actions/vocabulary.js';
import type { Actuator } from '../actuators/actuator.js';
import { featuresResults } from '../actuators/connector-actuator.js';
import { BlocklistEntryError } from './blocklist-errors.js';
import { updateBlocklist } from './blocklist-store.js';
import type { BlocklistEntry } from './blocklist-types.js';
import { blocklistTargetOf } from './normalize-entry.js';

/** The kinds a blocklist actuator carries, in vocabulary order. */
export const BLOCKLIST_KINDS = [
  'deny_ip',
  'allow_ip',
  'deny_domain',
  'allow_domain',
  'deny_url',
  'allow_url',
  'query_features',
] as const satisfies readonly ActionKind[];

/** Options of {@link createBlocklistActuator}. */
export interface BlocklistActuatorOptions {
  /** The tenant's store: the lists live in its state under `blocklist:ip|domain|url`. */
  store: TenantStore;
  /** The actuator id (route commands to it with `actuator['x-openmdr'].connector`). Default `blocklist`. */
  id?: string;
  /**
   * How long a deny lasts when the command gives neither `args.duration` nor `args.stop_time`, in
   * ms; `null` for never. Default 86 400 000 (24 h).
   */
  defaultTtlMs?: number | null;
  /** The time source (inject a manual clock in tests). Default the wall clock. */
  clock?: Clock;
}

function reply(
  command: Command,
  id: string,
  status: OpenC2StatusCode,
  text: string,
  extra: NonNullable<Results['x-openmdr']> = {},
): CommandResponse {
  return {
    request_id: command.request_id,
    status,
    status_text: text,
    results: { 'x-openmdr': { connector: id, ...extra } },
  };
}

/**
 * An {@link Actuator} that blocks IP addresses and networks, domains and URLs by keeping the
 * tenant's published blocklists (served to firewalls by {@link createEdlHandler}). `deny_*` adds
 * (or renews) an entry with an expiry from `args.duration`, `args.stop_time` or the default TTL;
 * `allow_*` removes it, so the dispatcher's compensation undoes a deny. Acts at once (200), never
 * 102; both are idempotent in effect. Register it in the tenant's {@link ActuatorRegistry} so every
 * change goes through the {@link CommandDispatcher} and its audit log.
 *
 * @example
 * ```ts
 * const registry = new ActuatorRegistry([createBlocklistActuator({ store: tenant })]);
 * await dispatcher.dispatch(createCommand('deny_ip', { ipv4_net: '203.0.113.7' }, { requestId, args: { duration: 3_600_000 } }));
 * ```
 */
export function createBlocklistActuator(options: BlocklistActuatorOptions): Actuator {
  const id = options.id ?? 'blocklist';
  const clock = options.clock ?? systemClock;
  const defaultTtlMs = options.defaultTtlMs === undefined ? 86_400_000 : options.defaultTtlMs;
  const kinds: readonly ActionKind[] = BLOCKLIST_KINDS;

  const expiryOf = (command: Command, now: number): number | null => {
    const args = command.args ?? {};
    if (args.duration !== undefined) return now + args.duration;
    if (args.stop_time !== undefined) {
      if (args.stop_time <= now) {
        throw new BlocklistEntryError(`stop_time ${args.stop_time} is already past`, {
          details: { stop_time: args.stop_time, now },
        });
      }
      return args.stop_time;
    }
    return defaultTtlMs === null ? null : now + defaultTtlMs;
  };

  const start = async (command: Command, kind: ActionKind): Promise<CommandResponse> => {
    if (kind === 'query_features') {
      return {
        request_id: command.request_id,
        status: 200,
        status_text: 'OK',
        results: featuresResults(kinds),
      };
    }
    if (!kinds.includes(kind))
      return reply(command, id, 501, `the blocklist does not carry ${kind}`);
    try {
      const target = blocklistTargetOf(command.target);
      if (
        target === undefined ||
        !ACTION_DEFINITIONS[kind].targets.some((type) => type in command.target)
      ) {
        return reply(command, id, 400, `${kind} needs an IP, domain or URL target`);
      }
      const now = clock.now();
      const action = ACTION_DEFINITIONS[kind].action;
      if (action === 'deny') {
        const expiresAt = expiryOf(command, now);
        const reason = command.args?.['x-openmdr']?.reason;
        const entry: BlocklistEntry = {
          value: target.value,
          addedAt: now,
          expiresAt,
          requestId: command.request_id,
          ...(reason === undefined ? {} : { reason }),
        };
        await updateBlocklist(options.store, target.list, now, (entries) => {
          entries[target.value] = entry;
          return true;
        });
        return reply(command, id, 200, 'OK', {
          connector_action: 'deny',
          output: { list: target.list, entry: target.value, expiresAt },
        });
      }
      const removed = await updateBlocklist(options.store, target.list, now, (entries) => {
        if (entries[target.value] === undefined) return false;
        delete entries[target.value];
        return true;
      });
      return reply(command, id, 200, 'OK', {
        connector_action: 'allow',
        output: { list: target.list, entry: target.value, removed },
      });
    } catch (error) {
      const code = OpenMdrError.isInstance(error) ? error.code : 'RESPONSE_BLOCKLIST_FAILED';
      const message = error instanceof Error ? error.message : String(error);
      return reply(command, id, error instanceof BlocklistEntryError ? 400 : 500, message, {
        error_code: code,
      });
    }
  };

  return {
    id,
    kinds,
    accepts(command, kind) {
      if (!kinds.includes(kind)) return false;
      // A malformed value is accepted here and refused by start with 400 naming it.
      return ACTION_DEFINITIONS[kind].targets.some((type) => type in command.target);
    },
    start,
    async poll(command) {
      return reply(
        command,
        id,
        404,
        'blocklist actions complete at once: there is nothing to poll',
      );
    },
    async execute(command, kind) {
      return start(command, kind);
    },
  };
}
