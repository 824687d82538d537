import { buildActionInput } from '@openmdr/connector-kit';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ACCOUNT_A,
  ACCOUNT_B,
  ENI_1,
  ENI_2,
  INSTANCE,
  SG_SSH,
  SG_WEB,
  startTwoTenants,
} from './aws.test-helpers.js';
import {
  awsConnector,
  FORENSICS_TAG,
  PREVIOUS_GROUPS_TAG_PREFIX,
  QUARANTINE_TAG,
  REQUEST_ID_TAG,
} from './index.js';

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

type State = Awaited<ReturnType<typeof start>>['state'];
const groupsOf = (state: State, account: string) =>
  state
    .account(account)
    .instances.get(INSTANCE)
    ?.networkInterfaces.map((eni) => eni.groupIds);

describe('quarantine-instance / release-instance', () => {
  it('snapshots, records the groups, isolates every interface, and the undo restores them', async () => {
    const { connect, state } = await start();
    const aws = await connect('a');
    const result = await aws.runAction('quarantine-instance', {
      instanceId: INSTANCE,
      requestId: 'req-42',
      incidentId: 'inc-7',
    });
    const account = state.account(ACCOUNT_A);
    const isolation = account.securityGroups.get(result.isolationGroupId);
    expect(isolation?.groupName).toBe('openmdr-quarantine');
    // no inbound rule, the default all-outbound rule revoked
    expect(isolation?.ingress).toEqual([]);
    expect(isolation?.egress).toEqual([]);
    expect(result).toMatchObject({
      instanceId: INSTANCE,
      isolationGroupCreated: true,
      alreadyQuarantined: false,
      terminationProtection: true,
      networkInterfaces: [
        { networkInterfaceId: ENI_1, groupIds: [SG_WEB], changed: true },
        { networkInterfaceId: ENI_2, groupIds: [SG_WEB, SG_SSH], changed: true },
      ],
    });
    expect(groupsOf(state, ACCOUNT_A)).toEqual([
      [result.isolationGroupId],
      [result.isolationGroupId],
    ]);
    // forensic snapshots of both volumes, tagged
    expect(result.snapshots.map((snapshot) => snapshot.volumeId)).toEqual([
      'vol-0a1b2c3d4e5f60031',
      'vol-0a1b2c3d4e5f60032',
    ]);
    for (const snapshot of result.snapshots) {
      const tags = account.snapshots.get(snapshot.snapshotId)?.tags;
      expect(tags?.get(FORENSICS_TAG)).toBe('true');
      expect(tags?.get(REQUEST_ID_TAG)).toBe('req-42');
      expect(tags?.get('openmdr:incident-id')).toBe('inc-7');
    }
    // the record on the instance, and the protection against termination
    const instance = account.instances.get(INSTANCE);
    expect(instance?.tags.get(QUARANTINE_TAG)).toBe('req-42');
    expect(instance?.tags.get(`${PREVIOUS_GROUPS_TAG_PREFIX}${ENI_2}`)).toBe(`${SG_WEB} ${SG_SSH}`);
    expect(instance?.disableApiTermination).toBe(true);
    // the snapshots were taken before any interface changed
    const order = state.calls.map((call) => call.action);
    expect(order.lastIndexOf('CreateSnapshot')).toBeLessThan(
      order.indexOf('ModifyNetworkInterfaceAttribute'),
    );
    // tenant B's identical instance is untouched
    expect(groupsOf(state, ACCOUNT_B)).toEqual([[SG_WEB], [SG_WEB, SG_SSH]]);

    // the undo, from the instance's tags alone
    const released = await aws.runAction('release-instance', { instanceId: INSTANCE });
    expect(released).toEqual({
      instanceId: INSTANCE,
      released: true,
      networkInterfaces: [
        { networkInterfaceId: ENI_1, groupIds: [SG_WEB], changed: true },
        { networkInterfaceId: ENI_2, groupIds: [SG_WEB, SG_SSH], changed: true },
      ],
    });
    expect(groupsOf(state, ACCOUNT_A)).toEqual([[SG_WEB], [SG_WEB, SG_SSH]]);
    expect([...(instance?.tags.keys() ?? [])]).toEqual(['Name']);
    // released twice: nothing recorded, nothing changed
    expect(await aws.runAction('release-instance', { instanceId: INSTANCE })).toEqual({
      instanceId: INSTANCE,
      released: false,
      networkInterfaces: [],
    });
    await aws.close();
  });

  it('is idempotent: a second quarantine keeps the recorded groups and the snapshots', async () => {
    const { connect, state } = await start();
    const aws = await connect('a');
    const first = await aws.runAction('quarantine-instance', {
      instanceId: INSTANCE,
      requestId: 'req-1',
    });
    const second = await aws.runAction('quarantine-instance', {
      instanceId: INSTANCE,
      requestId: 'req-1',
    });
    expect(second.alreadyQuarantined).toBe(true);
    expect(second.isolationGroupCreated).toBe(false);
    expect(second.isolationGroupId).toBe(first.isolationGroupId);
    expect(second.networkInterfaces).toEqual([
      { networkInterfaceId: ENI_1, groupIds: [SG_WEB], changed: false },
      { networkInterfaceId: ENI_2, groupIds: [SG_WEB, SG_SSH], changed: false },
    ]);
    expect(second.snapshots.map((snapshot) => snapshot.created)).toEqual([false, false]);
    expect(second.snapshots.map((snapshot) => snapshot.snapshotId)).toEqual(
      first.snapshots.map((snapshot) => snapshot.snapshotId),
    );
    const instance = state.account(ACCOUNT_A).instances.get(INSTANCE);
    expect(instance?.tags.get(`${PREVIOUS_GROUPS_TAG_PREFIX}${ENI_1}`)).toBe(SG_WEB);
    expect(state.account(ACCOUNT_A).snapshots.size).toBe(2);
    // a different request on the same instance reuses the isolation group, without snapshots
    await aws.runAction('quarantine-instance', {
      instanceId: INSTANCE,
      snapshot: false,
      requestId: 'req-2',
    });
    expect(
      [...state.account(ACCOUNT_A).securityGroups.values()].filter(
        (group) => group.groupName === 'openmdr-quarantine',
      ),
    ).toHaveLength(1);
    await aws.runAction('release-instance', { instanceId: INSTANCE });
    expect(groupsOf(state, ACCOUNT_A)).toEqual([[SG_WEB], [SG_WEB, SG_SSH]]);
    await aws.close();
  });

  it('releases to the groups given in the input, without the tags', async () => {
    const { connect, state } = await start();
    const aws = await connect('a');
    await aws.runAction('quarantine-instance', { instanceId: INSTANCE, snapshot: false });
    state.account(ACCOUNT_A).instances.get(INSTANCE)?.tags.clear();
    const released = await aws.runAction('release-instance', {
      instanceId: INSTANCE,
      networkInterfaces: [{ networkInterfaceId: ENI_1, groupIds: [SG_SSH] }],
    });
    expect(released.networkInterfaces).toEqual([
      { networkInterfaceId: ENI_1, groupIds: [SG_SSH], changed: true },
    ]);
    expect(groupsOf(state, ACCOUNT_A)?.[0]).toEqual([SG_SSH]);
    await aws.close();
  });

  it('fails for an unknown instance, and survives EC2 throttling (503) and expired credentials mid-action', async () => {
    const { connect, state, sleeps } = await start();
    const aws = await connect('a');
    expect(
      await aws.startAction('quarantine-instance', { instanceId: 'i-0123456789abcdef0' }),
    ).toEqual({
      status: 'failed',
      reason: 'EC2 instance i-0123456789abcdef0 not found',
    });
    state.failNext('CreateSnapshot', 'throttling', 2);
    state.failNext('ModifyNetworkInterfaceAttribute', 'expired-token');
    const result = await aws.runAction('quarantine-instance', { instanceId: INSTANCE });
    expect(result.networkInterfaces.every((eni) => eni.changed)).toBe(true);
    expect(sleeps.length).toBeGreaterThanOrEqual(2);
    expect(groupsOf(state, ACCOUNT_A)).toEqual([
      [result.isolationGroupId],
      [result.isolationGroupId],
    ]);
    await aws.close();
  });

  it('refuses an isolation group that has inbound rules, before touching an interface', async () => {
    const { connect, state } = await start();
    const aws = await connect('a');
    await aws.runAction('quarantine-instance', { instanceId: INSTANCE, snapshot: false });
    await aws.runAction('release-instance', { instanceId: INSTANCE });
    const isolation = [...state.account(ACCOUNT_A).securityGroups.values()].find(
      (group) => group.groupName === 'openmdr-quarantine',
    );
    isolation?.ingress.push({
      ipProtocol: 'tcp',
      fromPort: 22,
      toPort: 22,
      cidrIps: ['0.0.0.0/0'],
      cidrIpv6s: [],
    });
    await expect(
      aws.runAction('quarantine-instance', { instanceId: INSTANCE, snapshot: false }),
    ).rejects.toMatchObject({
      code: 'CONNECTOR_ACTION',
    });
    expect(groupsOf(state, ACCOUNT_A)).toEqual([[SG_WEB], [SG_WEB, SG_SSH]]);
    await aws.close();
  });
});

describe('snapshot-instance-volumes', () => {
  it('snapshots every attached volume once per request id', async () => {
    const { connect, state } = await start();
    const aws = await connect('b');
    const first = await aws.runAction('snapshot-instance-volumes', {
      instanceId: INSTANCE,
      requestId: 'r-1',
    });
    expect(first.snapshots).toHaveLength(2);
    expect(first.snapshots.every((snapshot) => snapshot.created)).toBe(true);
    const again = await aws.runAction('snapshot-instance-volumes', {
      instanceId: INSTANCE,
      requestId: 'r-1',
    });
    expect(again.snapshots.every((snapshot) => !snapshot.created)).toBe(true);
    expect(state.account(ACCOUNT_B).snapshots.size).toBe(2);
    expect(state.account(ACCOUNT_A).snapshots.size).toBe(0);
    const description = state
      .account(ACCOUNT_B)
      .snapshots.get(first.snapshots[0]?.snapshotId ?? '')?.description;
    expect(description).toContain(INSTANCE);
    await aws.close();
  });
});

describe('contain_device / allow_device requests', () => {
  it('builds the input from target.device.uid and names it when missing or not an instance id', () => {
    expect(
      buildActionInput(awsConnector.manifest, {
        kind: 'contain_device',
        requestId: 'req-9',
        incidentId: 'inc-1',
        target: { device: { uid: INSTANCE, hostname: 'web-1' } },
      }),
    ).toEqual({
      action: 'quarantine-instance',
      input: { instanceId: INSTANCE, requestId: 'req-9', incidentId: 'inc-1' },
    });
    expect(
      buildActionInput(awsConnector.manifest, {
        kind: 'allow_device',
        requestId: 'r',
        target: { device: { uid: INSTANCE } },
      }),
    ).toEqual({ action: 'release-instance', input: { instanceId: INSTANCE } });
    expect(() =>
      buildActionInput(awsConnector.manifest, {
        kind: 'contain_device',
        requestId: 'r',
        target: { device: { hostname: 'web-1' } },
      }),
    ).toThrow(
      expect.objectContaining({ code: 'CONNECTOR_ACTION_REQUEST', field: 'target.device.uid' }),
    );
    expect(() =>
      buildActionInput(awsConnector.manifest, {
        kind: 'contain_device',
        requestId: 'r',
        target: { device: { uid: 'web-1' } },
      }),
    ).toThrow(expect.objectContaining({ field: 'target.device.uid' }));
  });
});
