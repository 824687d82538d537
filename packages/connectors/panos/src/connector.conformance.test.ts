import { describeConnectorConformance, type VendorSimulator } from '@openmdr/connector-kit/testing';
import { panosConnector } from './index.js';
import { PANOS_API_KEY, panosSimulatorOptions } from './simulator/routes.js';

const secrets = { 'panos.api_key': PANOS_API_KEY };
const config = (simulator: VendorSimulator) => ({ baseUrl: simulator.url });

// PAN-OS is action-only: the manifest declares no streams, so the suite runs the manifest,
// config, check() and action cases and reports every stream case as skipped, with the reason.
describeConnectorConformance({
  name: 'panos',
  create: () => panosConnector,
  simulator: () => panosSimulatorOptions(),
  config,
  secrets,
  badConfigs: (simulator) => [
    {
      name: 'wrong API key',
      config: config(simulator),
      secrets: { 'panos.api_key': 'sim-not-the-panos-api-key-0000' },
      code: 'CONNECTOR_AUTH',
    },
    { name: 'no base URL', config: { baseUrl: 'not a url' }, code: 'CONNECTOR_CONFIG' },
    {
      name: 'a Panorama target that is not a serial number',
      config: { ...config(simulator), target: 'fw1' },
      code: 'CONNECTOR_CONFIG',
    },
    {
      name: 'a timeout beyond 30 days',
      config: { ...config(simulator), defaultTimeoutSeconds: 2_592_001 },
      code: 'CONNECTOR_CONFIG',
    },
  ],
  streams: {},
  actions: [
    {
      name: 'register-ip-tag',
      input: { ip: '203.0.113.7', timeoutSeconds: 3600 },
      // the simulator's recording redacts every form body; panos.test.ts checks the uid-message
      expectedRequest: { method: 'POST', path: '/api/', body: '[REDACTED]' },
    },
    {
      name: 'unregister-ip-tag',
      input: { ip: '203.0.113.7' },
      expectedRequest: { method: 'POST', path: '/api/', body: '[REDACTED]' },
    },
  ],
  capabilities: { tokenRefresh: false },
});
