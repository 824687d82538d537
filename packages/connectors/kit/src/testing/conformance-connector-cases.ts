import { OpenMdrError } from '@openmdr/core';
import { expect } from 'vitest';
import { findSecretFields } from '../config/secret-field.js';
import { connectorManifestSchema } from '../connector/manifest.js';
import type { ConnectorConformanceCase } from './conformance-cases.js';
import { dataRequests, expectSecretFree } from './conformance-expectations.js';
import type { ConformanceContext } from './conformance-options.js';

/** The suite's body of each case run once per suite. */
export const connectorCaseBodies: {
  readonly [Case in ConnectorConformanceCase]: <Stream extends string>(
    context: ConformanceContext<Stream>,
  ) => Promise<void>;
} = {
  manifest: async ({ connector, options }) => {
    expect(connector.specificationVersion).toBe('v1');
    const parsed = connectorManifestSchema.safeParse(connector.manifest);
    expect(parsed.success, parsed.success ? '' : JSON.stringify(parsed.error.issues)).toBe(true);
    for (const stream of Object.keys(options.streams))
      expect(Object.keys(connector.manifest.streams)).toContain(stream);
    for (const action of options.actions ?? [])
      expect(Object.keys(connector.manifest.actions)).toContain(action.name);
  },

  'config-schema': async ({ connector, options, start }) => {
    const schema = connector.configJsonSchema();
    expect(schema['type'] ?? schema['anyOf'] ?? schema['oneOf']).toBeDefined();
    const secretsFound = findSecretFields(connector.configSchema);
    const text = JSON.stringify(schema);
    if (secretsFound.length > 0) expect(text).toContain('"x-openmdr-secret":true');
    const h = await start();
    const instanceConfig = options.config(h.simulator);
    const redacted = JSON.stringify(connector.redactConfig(instanceConfig as never));
    expectSecretFree(options.secrets, redacted);
  },

  'check-good': async ({ start }) => {
    const h = await start();
    const instance = await h.connect();
    await expect(instance.check()).resolves.toBeUndefined();
  },

  'check-bad': async ({ options, start }) => {
    const h = await start();
    const cases = options.badConfigs(h.simulator);
    expect(cases.length, 'declare at least one bad config').toBeGreaterThan(0);
    for (const bad of cases) {
      let caught: unknown;
      try {
        const instance = await h.connect({
          config: bad.config,
          ...(bad.secrets ? { secrets: bad.secrets } : {}),
        });
        await instance.check();
      } catch (error) {
        caught = error;
      }
      expect(OpenMdrError.isInstance(caught), `${bad.name}: a typed OpenMdrError`).toBe(true);
      const error = caught as OpenMdrError;
      expect(error.code, bad.name).toBe(bad.code);
      const texts = [error.message, JSON.stringify(error.toJSON()), String(error.stack)];
      for (const value of [
        ...Object.values(options.secrets),
        ...Object.values(bad.secrets ?? {}),
      ].filter((v) => v.length >= 6)) {
        for (const text of texts)
          expect(text.includes(value), `${bad.name}: secret in error`).toBe(false);
      }
    }
  },

  actions: async ({ connector, options, start }) => {
    const actions = options.actions ?? [];
    expect(actions.length, 'declare the actions to run (or override the case)').toBe(
      Object.keys(connector.manifest.actions).length,
    );
    const h = await start();
    const instance = await h.connect();
    await instance.check();
    for (const action of actions) {
      h.simulator.clearRecording();
      const output = await instance.runAction(action.name, action.input, {
        pollIntervalMs: 10,
        timeoutMs: 10_000,
      });
      const declared = connector.manifest.actions[action.name];
      expect(declared?.output.safeParse(output).success).toBe(true);
      const requests = dataRequests(h.simulator);
      const first = requests[0];
      expect(first && { method: first.method, path: first.path, body: first.body }).toEqual({
        method: action.expectedRequest.method,
        path: action.expectedRequest.path,
        body: action.expectedRequest.body,
      });
      if (declared?.asynchronous) {
        expect(requests.length, `${action.name}: asynchronous completion polled`).toBeGreaterThan(
          1,
        );
      }
    }
  },
};
