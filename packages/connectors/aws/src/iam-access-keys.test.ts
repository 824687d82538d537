import { buildActionInput } from '@openmdr/connector-kit';
import { afterEach, describe, expect, it } from 'vitest';
import { ACCOUNT_A, ACCOUNT_B, KEY_1, KEY_2, startTwoTenants } from './aws.test-helpers.js';
import { awsConnector, DEACTIVATED_KEYS_TAG } from './index.js';

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

async function start() {
  const started = await startTwoTenants();
  close = () => started.simulated.close();
  return started;
}

const keysOf = (state: Awaited<ReturnType<typeof start>>['state'], account: string, user: string) =>
  state
    .account(account)
    .users.get(user)
    ?.keys.map((key) => `${key.accessKeyId}:${key.status}`);

describe('deactivate-access-key / activate-access-key', () => {
  it('deactivates the active keys of a user, records them on the user, and the undo reactivates exactly those', async () => {
    const { connect, state } = await start();
    const aws = await connect('a');
    const result = await aws.runAction('deactivate-access-key', { userName: 'build-bot' });
    expect(result).toEqual({
      deactivated: [{ userName: 'build-bot', accessKeyId: KEY_1 }],
      alreadyInactive: [{ userName: 'build-bot', accessKeyId: KEY_2 }],
    });
    expect(keysOf(state, ACCOUNT_A, 'build-bot')).toEqual([
      `${KEY_1}:Inactive`,
      `${KEY_2}:Inactive`,
    ]);
    expect(state.account(ACCOUNT_A).users.get('build-bot')?.tags.get(DEACTIVATED_KEYS_TAG)).toBe(
      KEY_1,
    );
    // tenant B's account, same names, untouched
    expect(keysOf(state, ACCOUNT_B, 'build-bot')).toEqual([`${KEY_1}:Active`, `${KEY_2}:Inactive`]);

    // the undo by user name reads the record: KEY_2 (inactive before) stays inactive
    const undone = await aws.runAction('activate-access-key', { userName: 'build-bot' });
    expect(undone).toEqual({
      activated: [{ userName: 'build-bot', accessKeyId: KEY_1 }],
      skipped: [],
    });
    expect(keysOf(state, ACCOUNT_A, 'build-bot')).toEqual([`${KEY_1}:Active`, `${KEY_2}:Inactive`]);
    expect(state.account(ACCOUNT_A).users.get('build-bot')?.tags.has(DEACTIVATED_KEYS_TAG)).toBe(
      false,
    );
    // a second undo finds no record and changes nothing
    expect(await aws.runAction('activate-access-key', { userName: 'build-bot' })).toEqual({
      activated: [],
      skipped: [],
    });
    await aws.close();
  });

  it('is idempotent: a second run changes nothing and keeps the record', async () => {
    const { connect, state } = await start();
    const aws = await connect('a');
    await aws.runAction('deactivate-access-key', { accessKeyId: KEY_1 });
    const again = await aws.runAction('deactivate-access-key', { accessKeyId: KEY_1 });
    expect(again).toEqual({
      deactivated: [],
      alreadyInactive: [{ userName: 'build-bot', accessKeyId: KEY_1 }],
    });
    expect(state.account(ACCOUNT_A).users.get('build-bot')?.tags.get(DEACTIVATED_KEYS_TAG)).toBe(
      KEY_1,
    );
    const updates = state.calls.filter((call) => call.action === 'UpdateAccessKey');
    expect(updates).toHaveLength(1);
    // the key's owner was looked up (GetAccessKeyLastUsed), then the key updated for that user
    expect(updates[0]?.params).toMatchObject({
      UserName: 'build-bot',
      AccessKeyId: KEY_1,
      Status: 'Inactive',
    });
    await aws.close();
  });

  it('reactivates exactly the keys named', async () => {
    const { connect, state } = await start();
    const aws = await connect('a');
    await aws.runAction('deactivate-access-key', { userName: 'build-bot' });
    const undone = await aws.runAction('activate-access-key', { keys: [{ accessKeyId: KEY_1 }] });
    expect(undone).toEqual({
      activated: [{ userName: 'build-bot', accessKeyId: KEY_1 }],
      skipped: [],
    });
    expect(keysOf(state, ACCOUNT_A, 'build-bot')).toEqual([`${KEY_1}:Active`, `${KEY_2}:Inactive`]);
    await aws.close();
  });

  it('the enable_account undo by key id never reactivates a key OpenMDR did not deactivate', async () => {
    const { connect, state } = await start();
    const aws = await connect('a');
    await aws.runAction('deactivate-access-key', { userName: 'build-bot' });
    // KEY_2 was inactive before: named by key id, with onlyRecorded (as enable_account builds it)
    const undone = await aws.runAction('activate-access-key', {
      keys: [{ accessKeyId: KEY_2 }, { accessKeyId: KEY_1 }],
      onlyRecorded: true,
    });
    expect(undone).toEqual({
      activated: [{ userName: 'build-bot', accessKeyId: KEY_1 }],
      skipped: [{ userName: 'build-bot', accessKeyId: KEY_2 }],
    });
    expect(keysOf(state, ACCOUNT_A, 'build-bot')).toEqual([`${KEY_1}:Active`, `${KEY_2}:Inactive`]);
    await aws.close();
  });

  it('fails with a reason, and no change, for an unknown user or key', async () => {
    const { connect, state } = await start();
    const aws = await connect('a');
    expect(await aws.startAction('deactivate-access-key', { userName: 'nobody' })).toEqual({
      status: 'failed',
      reason: 'IAM user nobody not found',
    });
    const unknownKey = await aws.startAction('deactivate-access-key', {
      accessKeyId: 'AKIASIMUNKNOWNKEY99',
    });
    expect(unknownKey).toEqual({
      status: 'failed',
      reason: 'access key …EY99 not found in the account',
    });
    expect(state.calls.some((call) => call.action === 'UpdateAccessKey')).toBe(false);
    await aws.close();
  });

  it('retries IAM throttling and refreshes expired credentials mid-action', async () => {
    const { connect, state, sleeps } = await start();
    const aws = await connect('a');
    state.failNext('UpdateAccessKey', 'throttling', 2);
    state.failNext('ListAccessKeys', 'expired-token');
    const result = await aws.runAction('deactivate-access-key', { userName: 'jdoe' });
    expect(result.deactivated).toEqual([{ userName: 'jdoe', accessKeyId: 'AKIASIMJDOEKEY00001' }]);
    expect(sleeps.length).toBeGreaterThanOrEqual(2);
    expect(keysOf(state, ACCOUNT_A, 'jdoe')).toEqual(['AKIASIMJDOEKEY00001:Inactive']);
    await aws.close();
  });
});

describe('disable_account / enable_account requests', () => {
  const request = (
    kind: 'disable_account' | 'enable_account',
    account: Record<string, string>,
  ) => ({
    kind,
    requestId: 'req-1',
    target: { account },
  });

  it('builds the input from target.account.uid (a key) or target.account.name (a user)', () => {
    expect(
      buildActionInput(awsConnector.manifest, request('disable_account', { uid: KEY_1 })),
    ).toEqual({
      action: 'deactivate-access-key',
      input: { accessKeyId: KEY_1 },
    });
    expect(
      buildActionInput(awsConnector.manifest, request('disable_account', { name: 'jdoe' })),
    ).toEqual({
      action: 'deactivate-access-key',
      input: { userName: 'jdoe' },
    });
    expect(
      buildActionInput(awsConnector.manifest, request('enable_account', { uid: KEY_1 })),
    ).toEqual({
      action: 'activate-access-key',
      input: { keys: [{ accessKeyId: KEY_1 }], onlyRecorded: true },
    });
  });

  it('names the missing or malformed field', () => {
    expect(() => buildActionInput(awsConnector.manifest, request('disable_account', {}))).toThrow(
      expect.objectContaining({
        code: 'CONNECTOR_ACTION_REQUEST',
        field: 'target.account.uid or target.account.name',
      }),
    );
    expect(() =>
      buildActionInput(awsConnector.manifest, request('disable_account', { uid: 'not a key' })),
    ).toThrow(expect.objectContaining({ field: 'target.account.uid' }));
    expect(() =>
      buildActionInput(awsConnector.manifest, request('disable_account', { name: 'a b/c' })),
    ).toThrow(expect.objectContaining({ field: 'target.account.name' }));
  });
});
