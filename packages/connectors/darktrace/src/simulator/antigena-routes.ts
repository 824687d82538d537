import type {
  SimulatorRecord,
  SimulatorRequest,
  SimulatorResponse,
  SimulatorRoute,
} from '@openmdr/connector-kit/simulator';

/** The manual inhibitors `POST /antigena/manual` accepts, with the label the appliance shows. */
export const DARKTRACE_MANUAL_ACTIONS: Readonly<Record<string, string>> = {
  connection: 'Block matching connections',
  pol: 'Enforce pattern of life',
  gpol: 'Enforce group pattern of life',
  quarantine: 'Quarantine device',
  quarantineOutgoing: 'Block all outgoing traffic',
  quarantineIncoming: 'Block all incoming traffic',
};

/** The user the simulator's API token belongs to, written as `triggerer.username`. */
export const DARKTRACE_SIMULATOR_USERNAME = 'openmdr-api';

/** How long a model action activated without a duration lasts: one hour (the model default). */
const MODEL_DEFAULT_DURATION_S = 3_600;
/** Historic actions are listed for 14 days after they expire. */
const HISTORY_MS = 14 * 86_400_000;

/** What the simulated appliance's RESPOND routes work on. */
export interface AntigenaRoutesOptions {
  /** The devices the appliance knows (`did`, `ip`, `hostname`, …). */
  devices: readonly SimulatorRecord[];
  /** RESPOND actions present at start (model actions, pending or active), in `/antigena` shape. */
  actions: readonly SimulatorRecord[];
  /** "Audit Antigena": every POST needs a `reason`. */
  auditAntigena: boolean;
  /** The appliance's clock, epoch ms. */
  now: () => number;
}

/** A RESPOND action as the simulator keeps it: the `/antigena` record and its blocked pairs. */
interface StoredAction {
  record: SimulatorRecord;
  connections: SimulatorRecord[];
}

const bad = (error: string): SimulatorResponse => ({ status: 400, body: { error } });
const flag = (value: string | null): boolean | undefined =>
  value === null ? undefined : value === 'true';
const positiveInt = (value: unknown): number | undefined => {
  const number = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  return typeof number === 'number' && Number.isSafeInteger(number) && number > 0
    ? number
    : undefined;
};

/** Whether an action is active now (activated, not cleared, not expired). */
const isActive = (record: SimulatorRecord, now: number): boolean =>
  record['active'] === true && record['cleared'] !== true && Number(record['expires']) > now;
/** Whether an action awaits confirmation (never activated, not cleared). */
const isPending = (record: SimulatorRecord): boolean =>
  record['active'] !== true && record['cleared'] !== true;

/**
 * The RESPOND/Network routes of the simulated appliance, keeping each device's actions:
 * `GET /devices` (`?did=` / `?ip=` answer one device or `{}`), `GET /antigena` (a bare array;
 * `did`, `pbid`, `codeid`, `needconfirming`, `includecleared` filters; cleared actions hidden by
 * default, history kept 14 days after expiry; `includeconnections=true` answers `{ actions,
 * connections }`), `GET /antigena/summary`, `POST /antigena` (`codeid` with `activate`,
 * `clear`, `duration`, `reason` — activating a pending action, extending an active one,
 * clearing, reactivating a cleared or expired one, which needs a `duration`) and
 * `POST /antigena/manual` (`did`, `action`, `duration`, `reason`, `connections` → `{ code }`).
 * A malformed request or an action in the wrong state is a 400 with `{ error }`; an unknown
 * `codeid` a 404.
 */
export function antigenaRoutes(options: AntigenaRoutesOptions): SimulatorRoute[] {
  const devices = new Map<number, SimulatorRecord>();
  for (const device of options.devices) {
    const did = positiveInt(device['did']);
    if (did !== undefined && !devices.has(did)) devices.set(did, device);
  }
  const actions = new Map<number, StoredAction>();
  for (const action of options.actions) {
    const codeid = positiveInt(action['codeid']);
    if (codeid !== undefined) actions.set(codeid, { record: { ...action }, connections: [] });
  }
  let nextCode = Math.max(10_000, ...actions.keys()) + 1;

  const deviceBy = (query: URLSearchParams): SimulatorRecord | undefined => {
    const did = positiveInt(query.get('did'));
    if (did !== undefined) return devices.get(did);
    const ip = query.get('ip');
    return [...devices.values()].find((device) => device['ip'] === ip);
  };

  const listed = (query: URLSearchParams): SimulatorRecord[] => {
    const now = options.now();
    const did = positiveInt(query.get('did'));
    const pbid = positiveInt(query.get('pbid'));
    const codeid = positiveInt(query.get('codeid'));
    const needconfirming = flag(query.get('needconfirming'));
    const includecleared = flag(query.get('includecleared')) === true;
    return [...actions.values()]
      .map(({ record }) => record)
      .filter(
        (record) =>
          (did === undefined || record['did'] === did) &&
          (pbid === undefined || record['pbid'] === pbid) &&
          (codeid === undefined || record['codeid'] === codeid) &&
          (needconfirming === undefined || isPending(record) === needconfirming) &&
          (includecleared || record['cleared'] !== true) &&
          (isPending(record) || Number(record['expires']) > now - HISTORY_MS),
      );
  };

  const change = (request: SimulatorRequest): SimulatorResponse => {
    const body = request.json;
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      return bad('a JSON object body is required');
    }
    const fields = body as Record<string, unknown>;
    const codeid = positiveInt(fields['codeid']);
    if (codeid === undefined) return bad('codeid is required');
    const reason = fields['reason'];
    if (reason !== undefined && typeof reason !== 'string') return bad('reason must be a string');
    if (options.auditAntigena && !reason) return bad('reason is required (Audit Antigena)');
    const duration = fields['duration'];
    if (duration !== undefined && positiveInt(duration) === undefined) {
      return bad('duration must be a positive number of seconds');
    }
    const activate = fields['activate'] === true;
    const clear = fields['clear'] === true;
    if (activate && clear) return bad('activate and clear cannot be combined');
    const stored = actions.get(codeid);
    if (!stored)
      return { status: 404, body: { error: `No Antigena action with codeid ${codeid}` } };
    const record = stored.record;
    const now = options.now();
    const seconds = positiveInt(duration);
    let state: string;
    if (clear) {
      if (record['cleared'] === true) return bad('action is already cleared');
      record['cleared'] = true;
      record['active'] = false;
      state = 'cleared';
    } else if (activate) {
      if (isActive(record, now)) return bad('action is already active');
      if (isPending(record)) {
        state = 'activated';
      } else if (seconds === undefined) {
        return bad('a duration is required to reactivate a cleared or expired action');
      } else {
        state = record['cleared'] === true ? 'reactivated (cleared)' : 'reactivated (expired)';
      }
      record['active'] = true;
      record['cleared'] = false;
      record['start'] = now;
      record['expires'] = now + (seconds ?? MODEL_DEFAULT_DURATION_S) * 1_000;
    } else if (seconds !== undefined) {
      if (!isActive(record, now)) return bad('only an active action can be extended');
      record['expires'] = now + seconds * 1_000;
      state = 'extended';
    } else {
      return bad('one of activate, clear or duration is required');
    }
    record['updated'] = now;
    const history = Array.isArray(record['history']) ? (record['history'] as unknown[]) : [];
    record['history'] = [
      ...history,
      { action: state, time: now, username: DARKTRACE_SIMULATOR_USERNAME, reason: reason ?? '' },
    ];
    return { body: { response: 'SUCCESS' } };
  };

  const manual = (request: SimulatorRequest): SimulatorResponse => {
    const body = request.json;
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      return bad('a JSON object body is required');
    }
    const fields = body as Record<string, unknown>;
    const did = positiveInt(fields['did']);
    if (did === undefined) return bad('did is required');
    const device = devices.get(did);
    if (!device) return bad(`Invalid did ${did}`);
    const action = fields['action'];
    if (typeof action !== 'string' || !(action in DARKTRACE_MANUAL_ACTIONS)) {
      return bad(`action must be one of ${Object.keys(DARKTRACE_MANUAL_ACTIONS).join(', ')}`);
    }
    const duration = positiveInt(fields['duration']);
    if (duration === undefined) return bad('duration is required');
    const reason = fields['reason'] ?? '';
    if (typeof reason !== 'string') return bad('reason must be a string');
    if (options.auditAntigena && !reason) return bad('reason is required (Audit Antigena)');
    const connections = fields['connections'];
    if (action !== 'connection' && connections !== undefined) {
      return bad('connections are only valid for the connection action');
    }
    const pairs: SimulatorRecord[] = [];
    if (action === 'connection') {
      if (!Array.isArray(connections) || connections.length === 0) {
        return bad('connections are required for the connection action');
      }
      for (const pair of connections) {
        const { src, dst, port } = (pair ?? {}) as Record<string, unknown>;
        if (typeof src !== 'string' || typeof dst !== 'string' || !src || !dst) {
          return bad('each connection needs src and dst');
        }
        if (port !== undefined && (positiveInt(port) === undefined || Number(port) > 65_535)) {
          return bad('port must be a port number');
        }
        pairs.push({ src, dst, ...(port !== undefined ? { port: Number(port) } : {}) });
      }
    }
    const now = options.now();
    const codeid = nextCode++;
    actions.set(codeid, {
      connections: pairs,
      record: {
        codeid,
        did,
        ip: device['ip'] ?? '',
        action,
        manual: true,
        triggerer: { username: DARKTRACE_SIMULATOR_USERNAME, reason },
        label: DARKTRACE_MANUAL_ACTIONS[action],
        detail: pairs
          .map((pair) => `${pair['src']} → ${pair['dst']}${pair['port'] ? `:${pair['port']}` : ''}`)
          .join(', '),
        score: 0,
        pbid: 0,
        model: '',
        modeluuid: '',
        start: now,
        expires: now + duration * 1_000,
        updated: now,
        blocked: true,
        agemail: false,
        aghost: false,
        active: true,
        cleared: false,
        history: [{ action: 'created', time: now, username: DARKTRACE_SIMULATOR_USERNAME, reason }],
      },
    });
    return { body: { code: codeid } };
  };

  return [
    {
      method: 'GET',
      path: '/devices',
      handle: (request) => {
        if (request.query.has('did') || request.query.has('ip')) {
          return { body: deviceBy(request.query) ?? {} };
        }
        return { body: [...devices.values()] };
      },
    },
    {
      method: 'GET',
      path: '/antigena',
      handle: (request) => {
        const list = listed(request.query);
        if (flag(request.query.get('includeconnections')) !== true) return { body: list };
        const now = options.now();
        const connections = list.flatMap((record) => {
          const stored = actions.get(Number(record['codeid']));
          if (!stored || !isActive(record, now)) return [];
          return stored.connections.map((pair) => ({
            action: record['action'],
            label: record['label'],
            did: record['did'],
            direction: 'outgoing',
            ip: pair['dst'],
            port: pair['port'] ?? 0,
            timems: record['start'],
          }));
        });
        return { body: { actions: list, connections } };
      },
    },
    {
      method: 'GET',
      path: '/antigena/summary',
      handle: () => {
        const now = options.now();
        const records = [...actions.values()].map(({ record }) => record);
        const pending = records.filter(isPending);
        const active = records.filter((record) => isActive(record, now));
        const dids = (list: SimulatorRecord[]) => [...new Set(list.map((record) => record['did']))];
        return {
          body: {
            pendingCount: pending.length,
            activeCount: active.length,
            pendingActionDevices: dids(pending),
            activeActionDevices: dids(active),
          },
        };
      },
    },
    { method: 'POST', path: '/antigena', handle: change },
    { method: 'POST', path: '/antigena/manual', handle: manual },
  ];
}
