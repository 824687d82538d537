/**
 * `@openmdr/connector-panos/simulator`: a simulated PAN-OS XML API on 127.0.0.1 — key check
 * (`X-PAN-KEY` or `key`), keygen, version, User-ID register / unregister of IP tags with
 * timeouts, `show object registered-ip` — for demos, examples and tests. Needs no vitest.
 *
 * @packageDocumentation
 */
export {
  createPanosFirewall,
  PANOS_MAX_TAGS_PER_ADDRESS,
  type PanosFirewall,
  type PanosRegisteredIp,
  type PanosRegisteredTag,
} from './firewall.js';
export {
  PANOS_ADMIN,
  PANOS_API_KEY,
  PANOS_SIMULATED_VERSION,
  type PanosSimulatorData,
  panosErrorResponse,
  panosRoutes,
  panosSimulatorOptions,
  verifyPanosKey,
} from './routes.js';
export {
  type PanosSimulatorConfig,
  type StartedPanosSimulator,
  startPanosSimulator,
} from './start.js';
