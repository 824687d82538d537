import { buildActionInput } from '@openmdr/connector-kit';
import { afterEach, describe, expect, it } from 'vitest';
import { ACCOUNT_A, ACCOUNT_B, startTwoTenants } from './aws.test-helpers.js';
import { awsConnector, REVOKE_POLICY_NAME } from './index.js';

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

describe('revoke-role-sessions / restore-role-sessions', () => {
  it('writes AWS’s AWSRevokeOlderSessions policy with the current time, and the undo deletes it', async () => {
    const { simulated, connect, state } = await startTwoTenants();
    close = () => simulated.close();
    const aws = await connect('a');
    const before = Date.now();
    const result = await aws.runAction('revoke-role-sessions', {
      role: 'arn:aws:iam::111111111111:role/web-app',
    });
    expect(result.roleName).toBe('web-app');
    expect(result.policyName).toBe(REVOKE_POLICY_NAME);
    expect(Date.parse(result.issuedBefore)).toBeGreaterThanOrEqual(before - 1_000);
    const document = state
      .account(ACCOUNT_A)
      .roles.get('web-app')
      ?.policies.get(REVOKE_POLICY_NAME);
    expect(JSON.parse(document ?? '{}')).toEqual({
      Version: '2012-10-17',
      Statement: {
        Effect: 'Deny',
        Action: ['*'],
        Resource: ['*'],
        Condition: { DateLessThan: { 'aws:TokenIssueTime': result.issuedBefore } },
      },
    });
    expect(state.account(ACCOUNT_B).roles.get('web-app')?.policies.size).toBe(0);

    expect(await aws.runAction('restore-role-sessions', { role: 'web-app' })).toEqual({
      roleName: 'web-app',
      policyName: REVOKE_POLICY_NAME,
      removed: true,
    });
    expect(state.account(ACCOUNT_A).roles.get('web-app')?.policies.size).toBe(0);
    // undo again: nothing to remove, still completed
    expect((await aws.runAction('restore-role-sessions', { role: 'web-app' })).removed).toBe(false);
    await aws.close();
  });

  it('fails for an unknown role, retries throttling, and builds revoke_sessions from target.account.name', async () => {
    const { simulated, connect, state, sleeps } = await startTwoTenants();
    close = () => simulated.close();
    const aws = await connect('a');
    expect(await aws.startAction('revoke-role-sessions', { role: 'ghost' })).toEqual({
      status: 'failed',
      reason: 'IAM role ghost not found',
    });
    state.failNext('PutRolePolicy', 'throttling');
    await aws.runAction('revoke-role-sessions', { role: 'web-app' });
    expect(sleeps).toHaveLength(1);
    expect(
      buildActionInput(awsConnector.manifest, {
        kind: 'revoke_sessions',
        requestId: 'r',
        target: { account: { name: 'web-app' } },
      }),
    ).toEqual({ action: 'revoke-role-sessions', input: { role: 'web-app' } });
    expect(() =>
      buildActionInput(awsConnector.manifest, {
        kind: 'revoke_sessions',
        requestId: 'r',
        target: {},
      }),
    ).toThrow(expect.objectContaining({ field: 'target.account.name' }));
    await aws.close();
  });
});
