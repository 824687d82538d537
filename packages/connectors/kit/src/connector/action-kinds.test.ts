import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import type { ActionRequestV1 } from '../contract/v1/action-request-v1.js';
import type { ConnectorManifestV1 } from '../contract/v1/manifest-v1.js';
import { ConnectorDefinitionError } from '../errors/connector-errors.js';
import { actionsByKind, buildActionInput } from './action-kinds.js';
import { ActionKindNotImplementedError, ActionRequestError } from './action-request-errors.js';
import { defineConnector } from './define-connector.js';
import { manifestToJson } from './manifest.js';
import { requireTarget } from './require-target.js';

const userInput = z.object({ userId: z.string().min(1) });

function manifest(actions: ConnectorManifestV1['actions']): ConnectorManifestV1 {
  return {
    id: 'toy-idp',
    vendor: 'Toy',
    product: 'IdP',
    category: 'identity',
    version: '1.0.0',
    auth: ['none'],
    regions: { us: { baseUrl: 'https://idp.toy.test' } },
    streams: {},
    actions,
    rateLimit: { requests: 10, perMs: 1_000 },
    docsUrl: 'https://openmdr.dev/docs/connectors/toy-idp',
  };
}

const userAction = (
  kinds: readonly ('disable_account' | 'enable_account' | 'revoke_sessions')[],
) => ({
  description: 'a user action',
  input: userInput,
  output: z.object({}),
  asynchronous: false,
  requiredPermissions: [],
  implements: Object.fromEntries(
    kinds.map((kind) => [
      kind,
      (request: ActionRequestV1) => ({ userId: requireTarget(request, 'account', 'uid', 'name') }),
    ]),
  ),
});

const toy = manifest({
  'revoke-all': userAction(['revoke_sessions']),
  suspend: userAction(['disable_account']),
  unsuspend: userAction(['enable_account']),
  'reset-password': {
    description: 'reset the password',
    input: userInput,
    output: z.object({}),
    asynchronous: false,
    requiredPermissions: [],
  },
});

/** The error `run` throws (undefined when it returns). */
function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  return undefined;
}

const request = (overrides: Partial<ActionRequestV1>): ActionRequestV1 => ({
  kind: 'disable_account',
  requestId: 'r1',
  target: {},
  ...overrides,
});

describe('action kinds', () => {
  it('lists the action implementing each kind, in vocabulary order', () => {
    expect(actionsByKind(toy)).toEqual({
      disable_account: 'suspend',
      enable_account: 'unsuspend',
      revoke_sessions: 'revoke-all',
    });
    expect(Object.keys(actionsByKind(toy))).toEqual([
      'disable_account',
      'enable_account',
      'revoke_sessions',
    ]);
  });

  it('builds the input of the implementing action, the uid first and the name as a fallback', () => {
    expect(
      buildActionInput(toy, request({ target: { account: { uid: '00u1', name: 'a@b.example' } } })),
    ).toEqual({ action: 'suspend', input: { userId: '00u1' } });
    expect(
      buildActionInput(
        toy,
        request({ kind: 'revoke_sessions', target: { account: { name: 'a@b.example' } } }),
      ),
    ).toEqual({ action: 'revoke-all', input: { userId: 'a@b.example' } });
  });

  it('throws ActionKindNotImplementedError for a kind no action implements', () => {
    const error = thrown(() =>
      buildActionInput(toy, request({ kind: 'contain_device', target: { device: { uid: 'd' } } })),
    );
    expect(ActionKindNotImplementedError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      code: 'CONNECTOR_ACTION_KIND',
      connector: 'toy-idp',
      kind: 'contain_device',
      isRetryable: false,
    });
  });

  it('throws ActionRequestError naming the missing target field', () => {
    expect(() => buildActionInput(toy, request({ target: { device: { uid: 'd' } } }))).toThrow(
      ActionRequestError,
    );
    const error = thrown(() =>
      buildActionInput(
        toy,
        request({ requestId: 'r9', target: { account: { email: 'a@b.example' } } }),
      ),
    );
    expect(ActionRequestError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      code: 'CONNECTOR_ACTION_REQUEST',
      field: 'target.account.uid or target.account.name',
      message: 'disable_account r9: target.account.uid or target.account.name is required',
      details: { field: 'target.account.uid or target.account.name', requestId: 'r9' },
    });
    expect(requireTarget(request({ kind: 'deny_ip', target: { ip: '10.0.0.0/8' } }), 'ip')).toBe(
      '10.0.0.0/8',
    );
    expect(() => requireTarget(request({ kind: 'deny_ip', target: { ip: '' } }), 'ip')).toThrow(
      /target\.ip is required/,
    );
  });

  it('renders the implemented kinds per action in the manifest JSON', () => {
    const json = manifestToJson(toy) as { actions: Record<string, { implements: string[] }> };
    expect(json.actions['suspend']?.implements).toEqual(['disable_account']);
    expect(json.actions['reset-password']?.implements).toEqual([]);
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
  });
});

describe('defineConnector and action kinds', () => {
  const definition = (actions: ConnectorManifestV1['actions']) => ({
    manifest: manifest(actions),
    config: z.object({}),
    createClient: () => null,
    check: async () => {},
    streams: {},
    actions: Object.fromEntries(
      Object.keys(actions).map((name) => [
        name,
        { run: async () => ({ status: 'completed' as const, output: {} }) },
      ]),
    ),
  });

  it('refuses a kind implemented by two actions', () => {
    expect(() =>
      defineConnector(
        definition({
          suspend: userAction(['disable_account']),
          block: userAction(['disable_account']),
        }),
      ),
    ).toThrow(/actions suspend and block both implement disable_account/);
  });

  it('refuses query_features and kinds outside the vocabulary', () => {
    const features = { ...userAction([]), implements: { query_features: () => ({}) } };
    expect(() => defineConnector(definition({ features }))).toThrow(ConnectorDefinitionError);
    const unknown = { ...userAction([]), implements: { reboot_device: () => ({}) } as never };
    expect(() => defineConnector(definition({ reboot: unknown }))).toThrow(/implements/);
    const notFunction = { ...userAction([]), implements: { notify: 'send' } as never };
    expect(() => defineConnector(definition({ send: notFunction }))).toThrow(/input builder/);
  });
});
