import { registerSimulator } from '@openmdr/connector-kit/simulator';
import { describeConnectorConformance, type VendorSimulator } from '@openmdr/connector-kit/testing';
import { REDACTED } from '@openmdr/core';
import { awsConnector } from './index.js';
import {
  AWS_SIM_REGION,
  awsContainmentSimulation,
  awsContainmentSimulatorSecrets,
} from './simulator/index.js';

const secrets = awsContainmentSimulatorSecrets();
const INSTANCE = 'i-0a1b2c3d4e5f67890';

function config(simulator: VendorSimulator) {
  registerSimulator(simulator);
  return {
    region: AWS_SIM_REGION,
    endpoint: { iam: simulator.url, ec2: simulator.url },
    credentials: { type: 'keys' },
  };
}

// The framework records a form body as [REDACTED] (only JSON bodies are kept, secrets redacted):
// the suite checks each action's first request by method and path; the forms themselves are
// checked against the simulator's own call log in the action tests.

// An action-only connector: no streams (AWS's detections come through the GuardDuty, Security
// Hub and CloudTrail connectors), so the suite runs the manifest, config, check and action cases
// and reports the stream cases skipped.
describeConnectorConformance({
  name: 'aws',
  create: () => awsConnector,
  simulator: () => awsContainmentSimulation().options,
  config,
  secrets,
  badConfigs: (simulator) => [
    {
      name: 'wrong secret access key',
      config: config(simulator),
      secrets: { ...secrets, 'aws.secret_access_key': 'sim-wrong-secret-access-key-42' },
      code: 'CONNECTOR_AUTH',
    },
    {
      name: 'unknown access key',
      config: config(simulator),
      secrets: { ...secrets, 'aws.access_key_id': 'AKIASIMUNKNOWN0009' },
      code: 'CONNECTOR_AUTH',
    },
    {
      name: 'not a region',
      config: { ...config(simulator), region: 'mars' },
      code: 'CONNECTOR_CONFIG',
    },
    {
      name: 'isolation group named like a group id',
      config: { ...config(simulator), isolationGroupName: 'sg-quarantine' },
      code: 'CONNECTOR_CONFIG',
    },
  ],
  streams: {},
  actions: [
    {
      name: 'deactivate-access-key',
      input: { userName: 'build-bot' },
      expectedRequest: {
        method: 'POST',
        path: '/',
        body: REDACTED,
      },
    },
    {
      name: 'activate-access-key',
      input: { keys: [{ userName: 'jdoe', accessKeyId: 'AKIASIMJDOEKEY00001' }] },
      expectedRequest: {
        method: 'POST',
        path: '/',
        body: REDACTED,
      },
    },
    {
      name: 'revoke-role-sessions',
      input: { role: 'web-app' },
      expectedRequest: { method: 'POST', path: '/', body: REDACTED },
    },
    {
      name: 'restore-role-sessions',
      input: { role: 'web-app' },
      expectedRequest: {
        method: 'POST',
        path: '/',
        body: REDACTED,
      },
    },
    {
      name: 'snapshot-instance-volumes',
      input: { instanceId: INSTANCE, requestId: 'req-1' },
      expectedRequest: {
        method: 'POST',
        path: '/',
        body: REDACTED,
      },
    },
    {
      name: 'quarantine-instance',
      input: { instanceId: INSTANCE },
      expectedRequest: {
        method: 'POST',
        path: '/',
        body: REDACTED,
      },
    },
    {
      name: 'release-instance',
      input: { instanceId: INSTANCE },
      expectedRequest: {
        method: 'POST',
        path: '/',
        body: REDACTED,
      },
    },
  ],
  capabilities: { tokenRefresh: false },
});
