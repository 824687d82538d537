import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Authenticate, Principal } from '../src/access/principal.js';
import { DashboardError } from '../src/errors.js';
import type { DashboardHandler } from '../src/http/handler.js';
import type { LiveEvent, SocOperations, TenantSelector } from '../src/operations/types.js';

/** An operation call the fake saw: its name, the principal's id and the input. */
export interface RecordedCall {
  readonly op: string;
  readonly principal: string;
  readonly input: unknown;
}

/** A live subscription of the fake. */
export interface FakeSubscription {
  readonly principal: string;
  readonly tenant: string | undefined;
  readonly listener: (event: LiveEvent) => void;
  /** Resolves when the subscription is stopped. */
  readonly stopped: Promise<void>;
  isStopped: boolean;
}

const PRINCIPALS: Readonly<Record<string, Principal>> = {
  'analyst-token': { id: 'ana', name: 'Ana', tenants: ['acme'], roles: ['viewer', 'analyst'] },
  'multi-token': { id: 'max', tenants: ['acme', 'globex'], roles: ['viewer'] },
  'mssp-token': { id: 'mo', tenants: '*', roles: ['viewer', 'mssp'], groups: ['soc'] },
};

/** Bearer tokens of the test principals, by principal id. */
export const TOKENS = { ana: 'analyst-token', max: 'multi-token', mo: 'mssp-token' } as const;

/**
 * A bearer-token authenticator over {@link PRINCIPALS}; the token `throw` makes it throw with the
 * token in the message (which must not reach the client).
 */
export const authenticate: Authenticate = (request) => {
  const header = request.headers['authorization'];
  const token = typeof header === 'string' ? header.replace(/^Bearer /, '') : '';
  if (token === 'throw') throw new Error('identity provider down; token=throw');
  return PRINCIPALS[token] ?? null;
};

/** The tenant an input selects for `principal`, with the contract's refusals. */
function checkTenant(principal: Principal, tenant: string | undefined): void {
  if (tenant === '*') {
    if (!principal.roles.includes('mssp'))
      throw new DashboardError('DASHBOARD_FORBIDDEN', 'cross-tenant view needs the mssp role');
    return;
  }
  if (tenant === undefined) {
    if (principal.tenants === '*' || principal.tenants.length !== 1)
      throw new DashboardError('DASHBOARD_TENANT_REQUIRED', 'choose a tenant');
    return;
  }
  if (principal.tenants !== '*' && !principal.tenants.includes(tenant))
    throw new DashboardError('DASHBOARD_FORBIDDEN', `tenant ${tenant} is not yours`);
}

/**
 * An in-memory {@link SocOperations} that records every call, checks the principal's tenants like
 * the real operations, answers `{op: <name>}` and delivers {@link emit}ted events to subscribers
 * of the event's tenant. Special ids: `missing` (404), `boom` (an internal error with a secret in
 * its message).
 */
export function fakeOperations() {
  const calls: RecordedCall[] = [];
  const subscriptions: FakeSubscription[] = [];
  const record = (op: string, principal: Principal, input: unknown): void => {
    calls.push({ op, principal: principal.id, input });
    const selector = input as (TenantSelector & { id?: string; findingId?: string }) | undefined;
    checkTenant(principal, selector?.tenant);
    const id = selector?.id ?? selector?.findingId;
    if (id === 'missing') throw new DashboardError('DASHBOARD_NOT_FOUND', `no ${id}`);
    if (id === 'boom') throw new Error('database password=hunter2 unreachable at /srv/db');
  };
  // every operation answers its own name, cast to the operation's result type
  const answer =
    <R>(op: string) =>
    async (principal: Principal, input?: unknown): Promise<R> => {
      record(op, principal, input);
      return { op } as R;
    };
  const operations: SocOperations = {
    tenantsOf: async (principal) =>
      principal.tenants === '*' ? ['acme', 'globex', 'initech'] : principal.tenants,
    overview: answer('overview'),
    listCases: answer('listCases'),
    getCase: answer('getCase'),
    slaClocks: answer('slaClocks'),
    metricTrends: answer('metricTrends'),
    findingsPerHour: answer('findingsPerHour'),
    searchFindings: answer('searchFindings'),
    explainScore: answer('explainScore'),
    connectorHealth: answer('connectorHealth'),
    playbookRuns: answer('playbookRuns'),
    pendingApprovals: answer('pendingApprovals'),
    decideApproval: answer('decideApproval'),
    addCaseComment: answer('addCaseComment'),
    proposeAction: answer('proposeAction'),
    runHunt: answer('runHunt'),
    subscribe: async (principal, input, listener) => {
      record('subscribe', principal, input);
      let resolveStopped = (): void => {};
      const subscription: FakeSubscription = {
        principal: principal.id,
        tenant: input.tenant,
        listener,
        stopped: new Promise<void>((resolve) => {
          resolveStopped = resolve;
        }),
        isStopped: false,
      };
      subscriptions.push(subscription);
      return () => {
        subscription.isStopped = true;
        resolveStopped();
      };
    },
  };
  /** Delivers `event` to every running subscription that selected its tenant (or `*`). */
  const emit = (event: LiveEvent): void => {
    for (const subscription of subscriptions) {
      if (subscription.isStopped) continue;
      if (subscription.tenant === '*' || subscription.tenant === event.tenant)
        subscription.listener(event);
    }
  };
  return { operations, calls, subscriptions, emit };
}

/** A Node HTTP server on a free loopback port running `handler`. */
export async function listen(
  handler: DashboardHandler,
): Promise<{ url: string; server: Server; close(): Promise<void> }> {
  const server = createServer((req, res) => handler(req, res));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    close: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}

/** One Server-Sent Events message. */
export interface SseMessage {
  readonly event: string | undefined;
  readonly data: string | undefined;
  /** A comment line (`: keep-alive`), when the message is one. */
  readonly comment: string | undefined;
}

/** Reads the messages of an event-stream response one at a time. */
export function sseReader(body: ReadableStream<Uint8Array>) {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  return {
    /** The next message; throws when the stream ends first. */
    async next(): Promise<SseMessage> {
      for (;;) {
        const end = buffer.indexOf('\n\n');
        if (end !== -1) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          let event: string | undefined;
          let data: string | undefined;
          let comment: string | undefined;
          for (const line of block.split('\n')) {
            if (line.startsWith('event: ')) event = line.slice(7);
            else if (line.startsWith('data: ')) data = line.slice(6);
            else if (line.startsWith(': ')) comment = line.slice(2);
          }
          return { event, data, comment };
        }
        const { value, done } = await reader.read();
        if (done) throw new Error('event stream ended');
        buffer += decoder.decode(value, { stream: true });
      }
    },
    /** The next message that is not a comment. */
    async nextEvent(): Promise<SseMessage> {
      for (;;) {
        const message = await this.next();
        if (message.comment === undefined) return message;
      }
    },
    cancel: () => reader.cancel(),
  };
}
