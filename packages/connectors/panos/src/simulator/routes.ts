import type {
  SimulatorRequest,
  SimulatorResponse,
  SimulatorRoute,
  VendorSimulatorOptions,
} from '@openmdr/connector-kit/simulator';
import {
  escapeXml,
  type PanosEntryMessage,
  parseUidEntries,
  unescapeXml,
  xmlAttribute,
  xmlElement,
} from '../xml.js';
import { createPanosFirewall, type PanosFirewall } from './firewall.js';

/** The simulator's XML API key (a placeholder, never a real key). */
export const PANOS_API_KEY = 'sim-panos-api-key-placeholder-0123456789';
/** The administrator `type=keygen` accepts (placeholders). */
export const PANOS_ADMIN = { username: 'openmdr-api', password: 'sim-panos-admin-password' };

/** What a simulated firewall reports of itself (`type=version`). */
export const PANOS_SIMULATED_VERSION = {
  swVersion: '10.2.9',
  model: 'PA-VM',
  serial: '007951000123456',
} as const;

const XML_HEADERS = { 'content-type': 'application/xml; charset=utf-8' };

/** A `<response status="success">` around `result`. */
function success(result: string): SimulatorResponse {
  return {
    headers: XML_HEADERS,
    body: `<response status="success"><result>${result}</result></response>`,
  };
}

/** A `<response status="error" code="…">` with `message`, answered with HTTP `status`. */
export function panosErrorResponse(
  status: number,
  code: number,
  message: string,
): SimulatorResponse {
  return {
    status,
    headers: XML_HEADERS,
    body: `<response status="error" code="${code}"><result><msg>${escapeXml(message)}</msg></result></response>`,
  };
}

/** The query and (for a POST) form parameters of a request, the form winning. */
function parametersOf(request: SimulatorRequest): URLSearchParams {
  const parameters = new URLSearchParams(request.query);
  const type = request.headers['content-type'] ?? '';
  if (request.method === 'POST' && !type.startsWith('multipart/')) {
    for (const [name, value] of new URLSearchParams(request.body)) parameters.set(name, value);
  }
  return parameters;
}

/**
 * True when a request carries the simulator's key as `key` (query or form) or in `X-PAN-KEY`,
 * the ways the XML API accepts it; `type=keygen` needs no key (it checks user and password).
 */
export function verifyPanosKey(request: SimulatorRequest, apiKey = PANOS_API_KEY): boolean {
  const parameters = parametersOf(request);
  if (parameters.get('type') === 'keygen') return true;
  return (parameters.get('key') ?? request.headers['x-pan-key']) === apiKey;
}

/** The `<uid-response>` error answer listing the entries PAN-OS did not apply. */
function uidError(operation: string, messages: readonly PanosEntryMessage[]): SimulatorResponse {
  const entries = messages
    .map((entry) => `<entry ip="${escapeXml(entry.ip)}" message="${escapeXml(entry.message)}"/>`)
    .join('');
  return {
    headers: XML_HEADERS,
    body: `<response status="error"><msg><line><uid-response><version>2.0</version><message>Ok</message><payload><${operation}>${entries}</${operation}></payload></uid-response></line></msg></response>`,
  };
}

function userId(firewall: PanosFirewall, cmd: string | null, vsys: string): SimulatorResponse {
  if (cmd === null || cmd.trim() === '') {
    return panosErrorResponse(400, 400, 'Missing value for parameter "cmd"');
  }
  const message = cmd.trim();
  const type = xmlElement(message, 'type');
  if (!/^<uid-message>[\s\S]*<\/uid-message>$/.test(message) || type?.trim() !== 'update') {
    return panosErrorResponse(200, 18, 'Malformed uid-message: expected <type>update</type>');
  }
  const payload = xmlElement(message, 'payload') ?? '';
  const known = /^(?:\s*<(register|unregister)>[\s\S]*?<\/\1>\s*)*$/;
  if (!known.test(payload)) {
    return panosErrorResponse(200, 17, 'Invalid uid-message payload: register and unregister only');
  }
  const registered = firewall.register(parseUidEntries(message, 'register'), vsys);
  const unregistered = firewall.unregister(parseUidEntries(message, 'unregister'), vsys);
  if (registered.length > 0) return uidError('register', [...registered, ...unregistered]);
  if (unregistered.length > 0) return uidError('unregister', unregistered);
  return success(
    '<uid-response><version>2.0</version><message>Ok</message><payload></payload></uid-response>',
  );
}

/** `show object registered-ip` (with an optional `<ip>` and `<tag><entry name>` filter). */
function showRegistered(firewall: PanosFirewall, cmd: string, vsys: string): SimulatorResponse {
  const filter = xmlElement(cmd, 'registered-ip') ?? '';
  const ip = xmlElement(filter, 'ip')?.trim();
  const tagEntry = /<entry\b([^>]*)\/?>/.exec(xmlElement(filter, 'tag') ?? '');
  const tag = tagEntry ? xmlAttribute(tagEntry[1] ?? '', 'name') : undefined;
  const entries = firewall
    .registered(vsys)
    .filter((entry) => ip === undefined || entry.ip === unescapeXml(ip))
    .filter((entry) => tag === undefined || entry.tags.some((item) => item.tag === tag))
    .map(
      (entry) =>
        `<entry ip="${escapeXml(entry.ip)}" from_agent="0" persistent="${entry.persistent ? 1 : 0}"><tag>${entry.tags
          .map((item) => `<member>${escapeXml(item.tag)}</member>`)
          .join('')}</tag></entry>`,
    );
  return success(`${entries.join('')}<count>${entries.length}</count>`);
}

/** Options of {@link panosRoutes} and {@link panosSimulatorOptions}. */
export interface PanosSimulatorData {
  /** The registered-ip table (default a new one on the wall clock). */
  firewall?: PanosFirewall;
  /** The API key accepted. Default {@link PANOS_API_KEY}. */
  apiKey?: string;
  /** The administrator `type=keygen` accepts. Default {@link PANOS_ADMIN}. */
  admin?: { username: string; password: string };
}

/**
 * The routes of the simulated XML API, `GET` and `POST` `/api/`: `type=keygen` (user and
 * password → the key, else 403 `Invalid Credential`), `type=version`, `type=user-id` (the
 * uid-message parsed: `<register>` / `<unregister>` applied to the firewall's table, per-entry
 * errors in a `<uid-response>`, code 400 for a missing `cmd`, 18 for a malformed message, 17 for
 * another payload), `type=op` `show object registered-ip` (code 1 for other commands), and code
 * 400 for any other `type`.
 */
export function panosRoutes(data: PanosSimulatorData = {}): SimulatorRoute[] {
  const firewall = data.firewall ?? createPanosFirewall();
  const apiKey = data.apiKey ?? PANOS_API_KEY;
  const admin = data.admin ?? PANOS_ADMIN;
  const handle = (request: SimulatorRequest): SimulatorResponse => {
    const parameters = parametersOf(request);
    const vsys = parameters.get('vsys') ?? 'vsys1';
    const type = parameters.get('type');
    switch (type) {
      case 'keygen':
        if (
          parameters.get('user') === admin.username &&
          parameters.get('password') === admin.password
        ) {
          return success(`<key>${escapeXml(apiKey)}</key>`);
        }
        return panosErrorResponse(403, 403, 'Invalid Credential');
      case 'version':
        return success(
          `<sw-version>${PANOS_SIMULATED_VERSION.swVersion}</sw-version><multi-vsys>off</multi-vsys><model>${PANOS_SIMULATED_VERSION.model}</model><serial>${PANOS_SIMULATED_VERSION.serial}</serial>`,
        );
      case 'user-id':
        return userId(firewall, parameters.get('cmd'), vsys);
      case 'op': {
        const cmd = parameters.get('cmd') ?? '';
        if (/^<show>\s*<object>\s*<registered-ip>/.test(cmd.trim())) {
          return showRegistered(firewall, cmd, vsys);
        }
        return panosErrorResponse(200, 1, 'Unknown command');
      }
      default:
        return panosErrorResponse(400, 400, `Illegal value for parameter "type" [${type ?? ''}]`);
    }
  };
  return ['GET', 'POST'].flatMap((method) =>
    ['/api/', '/api'].map((path) => ({ method, path, handle })),
  );
}

/**
 * Options of a simulated PAN-OS XML API for `createVendorSimulator`: the key checked as the
 * firewall checks it (a wrong or missing key is HTTP 403 `<response status="error" code="403">`
 * `Invalid Credential`) and the {@link panosRoutes}. The kit injects 429s, 5xx and slow answers
 * (`faults`) before either.
 */
export function panosSimulatorOptions(data: PanosSimulatorData = {}): VendorSimulatorOptions {
  const apiKey = data.apiKey ?? PANOS_API_KEY;
  return {
    auth: {
      type: 'custom',
      verify: (request) => verifyPanosKey(request, apiKey),
      rejection: panosErrorResponse(403, 403, 'Invalid Credential'),
    },
    routes: panosRoutes(data),
  };
}
