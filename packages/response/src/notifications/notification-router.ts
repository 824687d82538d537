import { type Clock, type OpenMdrBus, OpenMdrError, systemClock } from '@openmdr/core';
import * as z from 'zod';
import {
  NOTIFIED_BUS_EVENTS,
  type NotifiedBusEvent,
  notificationFromBusEvent,
} from './bus-notifications.js';
import {
  NOTIFICATION_SEVERITIES,
  type Notification,
  type NotificationReceipt,
  type NotificationSeverity,
  type Notifier,
  severityAtLeast,
} from './notification.js';
import { NotificationConfigError, NotificationDeliveryError } from './notification-errors.js';
import { parseNotifierConfig } from './notifier-config.js';

const ruleSchema = z.object({
  /** Names the rule in outcomes. */
  id: z.string().min(1),
  /** Tenants it applies to; absent: every tenant. */
  tenants: z.array(z.string().min(1)).min(1).optional(),
  /** Events (`incident.created`) or prefixes (`sla.*`); absent: every event. */
  events: z.array(z.string().min(1)).min(1).optional(),
  /** Lowest severity sent. Default `info`. */
  minSeverity: z.enum(NOTIFICATION_SEVERITIES).default('info'),
  /** Notifier ids to send to. */
  notifiers: z.array(z.string().min(1)).min(1),
  /** Rule-specific throttle window (ms) per dedup key; default the router's. */
  throttleMs: z.int().min(0).optional(),
});

/** A routing rule (see {@link NotificationRouter}). */
export interface NotificationRule {
  /** Names the rule in outcomes. */
  id: string;
  /** Tenants it applies to; absent: every tenant. */
  tenants?: string[];
  /** Events (`incident.created`) or prefixes (`sla.*`); absent: every event. */
  events?: string[];
  /** Lowest severity sent. Default `info`. */
  minSeverity?: NotificationSeverity;
  /** Notifier ids to send to. */
  notifiers: string[];
  /** Rule-specific throttle window (ms) per dedup key; default the router's. */
  throttleMs?: number;
}

/** Options of {@link NotificationRouter}. */
export interface NotificationRouterOptions {
  /** Every destination, by id. */
  notifiers: readonly Notifier[];
  /** Routing rules, in order. */
  rules: readonly NotificationRule[];
  /**
   * `all` (default): every matching rule sends (a notifier reached by two rules is sent to once);
   * `first`: only the first matching rule.
   */
  match?: 'all' | 'first';
  /**
   * A notification with the same event and dedup key is sent to a notifier at most once in this
   * window (ms). Default 300 000. Lifecycle changes (acknowledge, resolve) are never throttled.
   */
  throttleMs?: number;
  /** Clock. */
  clock?: Clock;
}

/** What happened to one notification at one notifier. */
export type DeliveryOutcome =
  | { notifier: string; rule: string; status: 'sent'; receipt: NotificationReceipt }
  | { notifier: string; rule: string; status: 'throttled' }
  | { notifier: string; rule: string; status: 'failed'; error: OpenMdrError };

/** A notification that could not be delivered, kept with the reason (the dead-letter list). */
export interface NotificationDeadLetter {
  notification: Notification;
  notifier: string;
  rule: string;
  error: { code: string; message: string; retryable: boolean };
  at: number;
}

/**
 * Routes notifications to notifiers by tenant, event and severity, throttles repeats per dedup
 * key, and isolates failures: one notifier failing never stops the others; failures are
 * returned and kept in {@link NotificationRouter.deadLetters}.
 *
 * @example
 * ```ts
 * const router = new NotificationRouter({
 *   notifiers: [slack, pagerDuty, webhook],
 *   rules: [
 *     { id: 'page-critical', minSeverity: 'critical', notifiers: ['pagerduty'] },
 *     { id: 'acme-chat', tenants: ['acme'], events: ['incident.created', 'sla.*'], notifiers: ['slack'] },
 *   ],
 * });
 * const stop = router.subscribe(bus);   // incidents, approvals, actions, SLA and regulatory clocks
 * await router.dispatch(notification);  // or send your own (case.status-changed, …)
 * ```
 */
export class NotificationRouter {
  readonly #notifiers = new Map<string, Notifier>();
  readonly #rules: z.output<typeof ruleSchema>[];
  readonly #match: 'all' | 'first';
  readonly #throttleMs: number;
  readonly #clock: Clock;
  readonly #lastSent = new Map<string, number>();
  readonly #inFlight = new Set<Promise<unknown>>();
  readonly #deadLetters: NotificationDeadLetter[] = [];

  constructor(options: NotificationRouterOptions) {
    for (const notifier of options.notifiers) {
      if (this.#notifiers.has(notifier.id)) {
        throw new NotificationConfigError('router', [
          { path: 'router.notifiers', message: `duplicate notifier id ${notifier.id}` },
        ]);
      }
      this.#notifiers.set(notifier.id, notifier);
    }
    this.#rules = options.rules.map((rule, index) =>
      parseNotifierConfig(ruleSchema, rule, `router.rules.${index}`),
    );
    const unknown = this.#rules.flatMap((rule, index) =>
      rule.notifiers
        .filter((id) => !this.#notifiers.has(id))
        .map((id) => ({
          path: `router.rules.${index}.notifiers`,
          message: `unknown notifier ${id}`,
        })),
    );
    if (unknown.length > 0) throw new NotificationConfigError('router', unknown);
    this.#match = options.match ?? 'all';
    this.#throttleMs = options.throttleMs ?? 300_000;
    this.#clock = options.clock ?? systemClock;
  }

  /** Notifications that could not be delivered, oldest first. */
  get deadLetters(): readonly NotificationDeadLetter[] {
    return this.#deadLetters;
  }

  /** The rules that match a notification, in order (one with `match: 'first'`). */
  matchingRules(notification: Notification): string[] {
    const matching = this.#rules.filter(
      (rule) =>
        (rule.tenants === undefined || rule.tenants.includes(notification.tenant)) &&
        severityAtLeast(notification.severity, rule.minSeverity) &&
        (rule.events === undefined ||
          rule.events.some((pattern) =>
            pattern.endsWith('.*')
              ? notification.event.startsWith(pattern.slice(0, -1))
              : pattern === notification.event,
          )),
    );
    return (this.#match === 'first' ? matching.slice(0, 1) : matching).map((rule) => rule.id);
  }

  /** Sends a notification to the notifiers of every matching rule; never throws for a delivery. */
  async dispatch(notification: Notification): Promise<DeliveryOutcome[]> {
    const ids = new Set(this.matchingRules(notification));
    const targets = new Map<string, { rule: string; throttleMs: number }>();
    for (const rule of this.#rules) {
      if (!ids.has(rule.id)) continue;
      for (const notifier of rule.notifiers)
        if (!targets.has(notifier))
          targets.set(notifier, { rule: rule.id, throttleMs: rule.throttleMs ?? this.#throttleMs });
    }
    const now = this.#clock.now();
    return Promise.all(
      [...targets].map(async ([id, { rule, throttleMs }]): Promise<DeliveryOutcome> => {
        const key = `${id}\u0000${notification.event}\u0000${notification.lifecycle ?? 'trigger'}\u0000${notification.dedupKey}`;
        const last = this.#lastSent.get(key);
        if (
          (notification.lifecycle ?? 'trigger') === 'trigger' &&
          last !== undefined &&
          now - last < throttleMs
        )
          return { notifier: id, rule, status: 'throttled' };
        this.#lastSent.set(key, now);
        const notifier = this.#notifiers.get(id) as Notifier;
        try {
          return { notifier: id, rule, status: 'sent', receipt: await notifier.send(notification) };
        } catch (cause) {
          this.#lastSent.delete(key);
          const error = OpenMdrError.isInstance(cause)
            ? cause
            : new NotificationDeliveryError(id, (cause as Error).message ?? String(cause), {
                cause,
              });
          this.#deadLetters.push({
            notification,
            notifier: id,
            rule,
            error: { code: error.code, message: error.message, retryable: error.isRetryable },
            at: this.#clock.now(),
          });
          return { notifier: id, rule, status: 'failed', error };
        }
      }),
    );
  }

  /**
   * Sends the bus events OpenMDR emits ({@link NOTIFIED_BUS_EVENTS}: incidents, findings,
   * approvals, actions, SLA and regulatory clocks) through {@link dispatch}. Returns the
   * unsubscribe function; {@link settle} waits for deliveries in flight.
   */
  subscribe(
    bus: OpenMdrBus,
    events: readonly NotifiedBusEvent[] = NOTIFIED_BUS_EVENTS,
  ): () => void {
    const listeners = events.map((name) => {
      const listener = (payload: unknown) => {
        const delivery = this.dispatch(
          notificationFromBusEvent(name, payload as never, this.#clock.now()),
        );
        this.#inFlight.add(delivery);
        void delivery.finally(() => this.#inFlight.delete(delivery));
      };
      bus.on(name, listener as never);
      return () => bus.off(name, listener as never);
    });
    return () => {
      for (const off of listeners) off();
    };
  }

  /** Waits until every delivery started by the bus subscription has finished. */
  async settle(): Promise<void> {
    while (this.#inFlight.size > 0) await Promise.allSettled([...this.#inFlight]);
  }

  /** Closes every notifier. */
  async close(): Promise<void> {
    await Promise.all([...this.#notifiers.values()].map((notifier) => notifier.close?.()));
  }
}
