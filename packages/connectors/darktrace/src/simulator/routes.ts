import type {
  SimulatorRecord,
  SimulatorRequest,
  SimulatorRoute,
  VendorSimulatorOptions,
} from '@openmdr/connector-kit/simulator';
import { darktraceSignature } from '../auth.js';
import { antigenaRoutes } from './antigena-routes.js';

/** Paths of the simulated Darktrace API. */
export const DARKTRACE_PATHS = {
  modelBreaches: '/modelbreaches',
  incidents: '/aianalyst/incidentevents',
  acknowledge: '/modelbreaches/:pbid/acknowledge',
  unacknowledge: '/modelbreaches/:pbid/unacknowledge',
  comments: '/modelbreaches/:pbid/comments',
  devices: '/devices',
  antigena: '/antigena',
  antigenaManual: '/antigena/manual',
  antigenaSummary: '/antigena/summary',
} as const;

/** The simulator's public API token (a placeholder). */
export const DARKTRACE_PUBLIC_TOKEN = 'sim-darktrace-public-token';
/** The simulator's private API token (a placeholder, never a real secret). */
export const DARKTRACE_PRIVATE_TOKEN = 'sim-darktrace-private-token-0123456789';

/** How far `DTAPI-Date` may be from the appliance's clock: 15 minutes. */
export const DARKTRACE_DATE_TOLERANCE_MS = 15 * 60_000;

/** Epoch ms of a `YYYYMMDDTHHMMSS` UTC date, NaN when malformed. */
function parseDarktraceDate(value: string): number {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})$/.exec(value);
  if (!match) return Number.NaN;
  const [, y, mo, d, h, mi, s] = match;
  return Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
}

/**
 * True when a request carries the simulator's `DTAPI-Token`, a `DTAPI-Date` within
 * {@link DARKTRACE_DATE_TOLERANCE_MS} of `nowMs`, and the exact `DTAPI-Signature` of its path,
 * query, body parameters, token and date.
 */
export function verifyDarktraceRequest(
  request: SimulatorRequest & { url: URL },
  nowMs: number,
): boolean {
  const token = request.headers['dtapi-token'];
  const date = request.headers['dtapi-date'] ?? '';
  const signature = request.headers['dtapi-signature'];
  if (token !== DARKTRACE_PUBLIC_TOKEN || !signature) return false;
  const dateMs = parseDarktraceDate(date);
  if (Number.isNaN(dateMs) || Math.abs(dateMs - nowMs) > DARKTRACE_DATE_TOLERANCE_MS) return false;
  const expected = darktraceSignature(
    DARKTRACE_PRIVATE_TOKEN,
    `${request.url.pathname}${request.url.search}`,
    request.body || undefined,
    token,
    date,
  );
  return expected === signature;
}

/** What the simulated appliance remembers of a breach beside the list. */
interface BreachState {
  acknowledged: boolean;
  comments: { message: string; time: number }[];
}

/** The form or JSON parameter `name` of a POST. */
function parameter(request: SimulatorRequest, name: string): unknown {
  if (request.json && typeof request.json === 'object') {
    return (request.json as Record<string, unknown>)[name];
  }
  return new URLSearchParams(request.body).get(name) ?? undefined;
}

/**
 * The action routes of the simulated Darktrace API: acknowledge / unacknowledge (the form
 * parameter must be `true`) and comments (a non-empty `message`), on breaches of `pbids`; an
 * unknown `pbid` is a 404. `GET /modelbreaches/{pbid}/comments` lists the comments made.
 */
export function darktraceRoutes(pbids: ReadonlySet<string> | undefined): SimulatorRoute[] {
  const state = new Map<string, BreachState>();
  const breach = (request: SimulatorRequest): BreachState | undefined => {
    const pbid = request.params['pbid'] ?? '';
    if (pbids && !pbids.has(pbid)) return undefined;
    let found = state.get(pbid);
    if (!found) {
      found = { acknowledged: false, comments: [] };
      state.set(pbid, found);
    }
    return found;
  };
  const notFound = { status: 404, body: { error: 'Model breach not found' } };
  const acknowledgement = (path: string, verb: string, value: boolean): SimulatorRoute => ({
    method: 'POST',
    path,
    handle: (request) => {
      const found = breach(request);
      if (!found) return notFound;
      if (String(parameter(request, verb)) !== 'true') {
        return { status: 400, body: { error: `${verb}=true is required` } };
      }
      found.acknowledged = value;
      return { body: { response: 'SUCCESS' } };
    },
  });
  return [
    acknowledgement(DARKTRACE_PATHS.acknowledge, 'acknowledge', true),
    acknowledgement(DARKTRACE_PATHS.unacknowledge, 'unacknowledge', false),
    {
      method: 'POST',
      path: DARKTRACE_PATHS.comments,
      handle: (request) => {
        const found = breach(request);
        if (!found) return notFound;
        const message = parameter(request, 'message');
        if (typeof message !== 'string' || message === '') {
          return { status: 400, body: { error: 'message is required' } };
        }
        found.comments.push({ message, time: Date.now() });
        return { body: { response: 'SUCCESS' } };
      },
    },
    {
      method: 'GET',
      path: DARKTRACE_PATHS.comments,
      handle: (request) => {
        const found = breach(request);
        if (!found) return notFound;
        return {
          body: found.comments.map((comment) => ({ ...comment, pbid: request.params['pbid'] })),
        };
      },
    },
    {
      method: 'GET',
      path: '/modelbreaches/:pbid/acknowledgement',
      handle: (request) => {
        const found = breach(request);
        return found ? { body: { acknowledged: found.acknowledged } } : notFound;
      },
    },
  ];
}

/** What a simulated Darktrace tenant serves. */
export interface DarktraceSimulatorData {
  /** Model breaches as `GET /modelbreaches` returns them, served by `time` (epoch ms). */
  modelBreaches?: readonly SimulatorRecord[];
  /** AI Analyst incident events as `GET /aianalyst/incidentevents` returns them, by `createdAt`. */
  incidents?: readonly SimulatorRecord[];
  /**
   * The breaches the actions accept; others are 404. Default: any `pbid` (the conformance suite
   * acts on breaches it never listed).
   */
  actionablePbids?: readonly (string | number)[];
  /**
   * The devices the appliance knows, as `GET /devices` returns them (`did`, `ip`, `hostname`, …).
   * Default: the `device` of every model breach.
   */
  devices?: readonly SimulatorRecord[];
  /**
   * RESPOND actions present at start, as `GET /antigena` lists them (`codeid`, `did`, `action`,
   * `active`, `cleared`, `start`, `expires`, …): model actions pending confirmation or active.
   */
  antigenaActions?: readonly SimulatorRecord[];
  /** The appliance's "Audit Antigena" setting: every RESPOND POST then needs a `reason`. */
  auditAntigena?: boolean;
}

/** The devices of the breaches' `device` objects, first occurrence of each `did`. */
function breachDevices(breaches: readonly SimulatorRecord[]): SimulatorRecord[] {
  return breaches
    .map((breach) => breach['device'])
    .filter((device): device is SimulatorRecord => typeof device === 'object' && device !== null);
}

/**
 * Options of a simulated Darktrace API for `createVendorSimulator`: the `DTAPI-*` signature
 * checked exactly against {@link DARKTRACE_PUBLIC_TOKEN} / {@link DARKTRACE_PRIVATE_TOKEN} with a
 * 15-minute date tolerance (a failure is a 401 as the appliance answers it), both lists served
 * by time window (`?starttime=&endtime=` in epoch ms → a bare array), the breach actions, and
 * the devices and RESPOND/Network actions of `antigenaRoutes` (state kept per device).
 */
export function darktraceSimulatorOptions(
  data: DarktraceSimulatorData = {},
): VendorSimulatorOptions {
  const window = { startParam: 'starttime', endParam: 'endtime', envelope: 'bare' } as const;
  return {
    auth: {
      type: 'custom',
      verify: verifyDarktraceRequest,
      rejection: { status: 401, body: { error: 'API SIGNATURE ERROR' } },
    },
    datasets: [
      {
        path: DARKTRACE_PATHS.modelBreaches,
        cursor: 'time-window',
        records: data.modelBreaches ?? [],
        idField: 'pbid',
        timeField: 'time',
        window,
      },
      {
        path: DARKTRACE_PATHS.incidents,
        cursor: 'time-window',
        records: data.incidents ?? [],
        idField: 'id',
        timeField: 'createdAt',
        window,
      },
    ],
    routes: [
      ...darktraceRoutes(
        data.actionablePbids ? new Set(data.actionablePbids.map(String)) : undefined,
      ),
      ...antigenaRoutes({
        devices: data.devices ?? breachDevices(data.modelBreaches ?? []),
        actions: data.antigenaActions ?? [],
        auditAntigena: data.auditAntigena ?? false,
        now: () => Date.now(),
      }),
    ],
  };
}
