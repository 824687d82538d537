import { randomUUID } from 'node:crypto';
import {
  CreateTagsCommand,
  DeleteTagsCommand,
  type Instance,
  ModifyInstanceAttributeCommand,
  ModifyNetworkInterfaceAttributeCommand,
} from '@aws-sdk/client-ec2';
import type { ActionDefinition, ActionResult } from '@openmdr/connector-kit';
import { defineAction } from '@openmdr/connector-kit';
import * as z from 'zod';
import type { AwsClient } from './client.js';
import type { AwsConfig } from './config.js';
import { ensureIsolationGroup, type IsolationGroup } from './ec2-isolation-group.js';
import {
  describeInstance,
  instanceIdSchema,
  SNAPSHOT_PERMISSIONS,
  takeForensicSnapshots,
} from './ec2-snapshots.js';
import { instanceTarget } from './targets.js';

/** The instance tag marking a quarantine (value: the request id). */
export const QUARANTINE_TAG = 'openmdr:quarantine';
/**
 * The prefix of the instance tags recording each network interface's groups before the
 * quarantine: `openmdr:quarantine:previous-sgs:<eni-id>` = group ids separated by spaces (one
 * tag per interface: a tag value holds 256 characters).
 */
export const PREVIOUS_GROUPS_TAG_PREFIX = 'openmdr:quarantine:previous-sgs:';

const groupId = z.string().regex(/^sg-[0-9a-f]{8,17}$/, 'a security group id (sg-…)');
const interfaceGroups = z.object({
  /** The network interface. */
  networkInterfaceId: z.string().regex(/^eni-[0-9a-f]{8,17}$/, 'a network interface id (eni-…)'),
  /** Its security groups. */
  groupIds: z.array(groupId).min(1).max(16),
});

/** Input of `quarantine-instance`. */
export const quarantineInstanceInputSchema = z.object({
  /** The instance. */
  instanceId: instanceIdSchema,
  /** Snapshot the attached EBS volumes first (forensics). Default true. */
  snapshot: z.boolean().default(true),
  /** Turn on termination protection, so that the evidence is not terminated. Default true. */
  disableTermination: z.boolean().default(true),
  /**
   * The request (tags the snapshots and the quarantine; a retry with the same id reuses its
   * snapshots). Default: a new id. The response layer passes the command's request id.
   */
  requestId: z.string().min(1).max(200).optional(),
  /** The incident (tags the snapshots). */
  incidentId: z.string().min(1).max(200).optional(),
});

const interfaceResult = interfaceGroups.extend({
  /** False when the interface was already on the isolation group. */
  changed: z.boolean(),
});

/** Output of `quarantine-instance`. */
export const quarantineInstanceOutputSchema = z.object({
  /** The instance. */
  instanceId: z.string(),
  /** The isolation group of its VPC. */
  isolationGroupId: z.string(),
  /** True when this run created the isolation group. */
  isolationGroupCreated: z.boolean(),
  /** Each interface with the groups it had before the quarantine (what the undo restores). */
  networkInterfaces: z.array(interfaceResult),
  /** The forensic snapshots (empty with `snapshot: false`). */
  snapshots: z.array(
    z.object({
      volumeId: z.string(),
      deviceName: z.string(),
      snapshotId: z.string(),
      created: z.boolean(),
    }),
  ),
  /** Termination protection was turned on. */
  terminationProtection: z.boolean(),
  /** The instance was quarantined already: the groups recorded then were kept. */
  alreadyQuarantined: z.boolean(),
});

/** Input of `release-instance`. */
export const releaseInstanceInputSchema = z.object({
  /** The instance. */
  instanceId: instanceIdSchema,
  /**
   * The groups to restore per interface (as `quarantine-instance` returned them). Default: those
   * recorded on the instance's tags.
   */
  networkInterfaces: z.array(interfaceGroups).min(1).max(32).optional(),
});

/** Output of `release-instance`. */
export const releaseInstanceOutputSchema = z.object({
  /** The instance. */
  instanceId: z.string(),
  /** Each interface restored, with the groups it has now. */
  networkInterfaces: z.array(interfaceResult),
  /** False when nothing was recorded or given to restore (not quarantined). */
  released: z.boolean(),
});

type QuarantineInput = z.output<typeof quarantineInstanceInputSchema>;
type QuarantineOutput = z.input<typeof quarantineInstanceOutputSchema>;
type ReleaseInput = z.output<typeof releaseInstanceInputSchema>;
type ReleaseOutput = z.input<typeof releaseInstanceOutputSchema>;
type Session = Parameters<ActionDefinition<AwsConfig, AwsClient>['run']>[1];

const ENI_PERMISSIONS = [
  'ec2:DescribeInstances',
  'ec2:ModifyNetworkInterfaceAttribute',
  'ec2:CreateTags',
];

/** The manifest entry of `quarantine-instance` (implements `contain_device`). */
export const quarantineInstanceManifest = defineAction({
  description:
    'Quarantine an EC2 instance: snapshot its EBS volumes, record each network interface’s security groups (result and instance tags), move every interface to the VPC’s isolation group (no inbound, no outbound), turn on termination protection. Connections already tracked may survive the change.',
  input: quarantineInstanceInputSchema,
  output: quarantineInstanceOutputSchema,
  asynchronous: false,
  requiredPermissions: [
    ...new Set([
      ...SNAPSHOT_PERMISSIONS,
      ...ENI_PERMISSIONS,
      'ec2:DescribeSecurityGroups',
      'ec2:CreateSecurityGroup',
      'ec2:RevokeSecurityGroupEgress',
      'ec2:ModifyInstanceAttribute',
    ]),
  ],
  implements: {
    contain_device: (request) => ({
      instanceId: instanceTarget(request),
      requestId: request.requestId,
      ...(request.incidentId === undefined ? {} : { incidentId: request.incidentId }),
    }),
  },
});

/** The manifest entry of `release-instance` (implements `allow_device`). */
export const releaseInstanceManifest = defineAction({
  description:
    'Undo quarantine-instance: put each network interface back on the security groups recorded (input, else the instance tags) and remove the quarantine tags. Termination protection and the snapshots stay.',
  input: releaseInstanceInputSchema,
  output: releaseInstanceOutputSchema,
  asynchronous: false,
  requiredPermissions: [
    'ec2:DescribeInstances',
    'ec2:ModifyNetworkInterfaceAttribute',
    'ec2:DeleteTags',
  ],
  implements: { allow_device: (request) => ({ instanceId: instanceTarget(request) }) },
});

const sendOptions = (session: Session) => (session.signal ? { signal: session.signal } : {});

/** Each interface of the instance with its current groups and VPC. */
function interfacesOf(instance: Instance) {
  return (instance.NetworkInterfaces ?? []).flatMap((eni) =>
    eni.NetworkInterfaceId
      ? [
          {
            networkInterfaceId: eni.NetworkInterfaceId,
            vpcId: eni.VpcId ?? instance.VpcId ?? '',
            groupIds: (eni.Groups ?? []).flatMap((group) => (group.GroupId ? [group.GroupId] : [])),
          },
        ]
      : [],
  );
}

/** The groups recorded on the instance's tags, by interface. */
function recordedGroups(instance: Instance): Map<string, string[]> {
  const recorded = new Map<string, string[]>();
  for (const tag of instance.Tags ?? []) {
    if (!tag.Key?.startsWith(PREVIOUS_GROUPS_TAG_PREFIX)) continue;
    const ids = (tag.Value ?? '').split(' ').filter((id) => id !== '');
    if (ids.length > 0) recorded.set(tag.Key.slice(PREVIOUS_GROUPS_TAG_PREFIX.length), ids);
  }
  return recorded;
}

const sameGroups = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((id) => b.includes(id));

/** `quarantine-instance`: snapshots, records, isolates. */
export const quarantineInstanceAction: ActionDefinition<
  AwsConfig,
  AwsClient,
  QuarantineInput,
  QuarantineOutput
> = {
  run: async (input, session): Promise<ActionResult<QuarantineOutput>> => {
    const { client } = session;
    const instance = await describeInstance(session, input.instanceId);
    if (!instance)
      return { status: 'failed', reason: `EC2 instance ${input.instanceId} not found` };
    // without a request id every run is a new request: fresh snapshots, never an old quarantine's
    const requestId = input.requestId ?? randomUUID();
    const snapshots = input.snapshot
      ? await takeForensicSnapshots(session, instance, { requestId, incidentId: input.incidentId })
      : [];
    const interfaces = interfacesOf(instance);
    if (interfaces.length === 0) {
      return {
        status: 'failed',
        reason: `EC2 instance ${input.instanceId} has no network interface`,
      };
    }
    const groups = new Map<string, IsolationGroup>();
    for (const vpcId of new Set(interfaces.map((eni) => eni.vpcId))) {
      groups.set(vpcId, await ensureIsolationGroup(session, vpcId));
    }
    const recorded = recordedGroups(instance);
    const alreadyQuarantined = (instance.Tags ?? []).some((tag) => tag.Key === QUARANTINE_TAG);
    const plan = interfaces.map((eni) => {
      const isolation = groups.get(eni.vpcId) as IsolationGroup;
      const isolated = sameGroups(eni.groupIds, [isolation.groupId]);
      // never record the isolation group as "previous": a second run keeps the first record
      const previous = recorded.get(eni.networkInterfaceId) ?? (isolated ? [] : eni.groupIds);
      return { ...eni, isolationGroupId: isolation.groupId, isolated, previous };
    });
    const tags = plan
      .filter((eni) => eni.previous.length > 0)
      .map((eni) => ({
        Key: `${PREVIOUS_GROUPS_TAG_PREFIX}${eni.networkInterfaceId}`,
        Value: eni.previous.join(' '),
      }));
    const tooLong = tags.find((tag) => tag.Value.length > 256);
    if (tooLong) {
      return {
        status: 'failed',
        reason: `the security groups of ${tooLong.Key.slice(PREVIOUS_GROUPS_TAG_PREFIX.length)} do not fit in a 256-character tag value: nothing was changed`,
      };
    }
    // record before changing anything: an interrupted run can still be undone from the tags
    await client.send(
      client.ec2,
      new CreateTagsCommand({
        Resources: [input.instanceId],
        Tags: [{ Key: QUARANTINE_TAG, Value: requestId.slice(0, 256) }, ...tags],
      }),
      sendOptions(session),
    );
    for (const eni of plan) {
      if (eni.isolated) continue;
      await client.send(
        client.ec2,
        new ModifyNetworkInterfaceAttributeCommand({
          NetworkInterfaceId: eni.networkInterfaceId,
          Groups: [eni.isolationGroupId],
        }),
        sendOptions(session),
      );
    }
    if (input.disableTermination) {
      await client.send(
        client.ec2,
        new ModifyInstanceAttributeCommand({
          InstanceId: input.instanceId,
          DisableApiTermination: { Value: true },
        }),
        sendOptions(session),
      );
    }
    const firstGroup = groups.values().next().value as IsolationGroup;
    return {
      status: 'completed',
      output: {
        instanceId: input.instanceId,
        isolationGroupId: firstGroup.groupId,
        isolationGroupCreated: [...groups.values()].some((group) => group.created),
        networkInterfaces: plan.map((eni) => ({
          networkInterfaceId: eni.networkInterfaceId,
          groupIds: eni.previous,
          changed: !eni.isolated,
        })),
        snapshots,
        terminationProtection: input.disableTermination,
        alreadyQuarantined,
      },
    };
  },
};

/** `release-instance`: restores the recorded groups and removes the quarantine tags. */
export const releaseInstanceAction: ActionDefinition<
  AwsConfig,
  AwsClient,
  ReleaseInput,
  ReleaseOutput
> = {
  run: async (input, session): Promise<ActionResult<ReleaseOutput>> => {
    const { client } = session;
    const instance = await describeInstance(session, input.instanceId);
    if (!instance)
      return { status: 'failed', reason: `EC2 instance ${input.instanceId} not found` };
    const current = new Map(
      interfacesOf(instance).map((eni) => [eni.networkInterfaceId, eni.groupIds]),
    );
    const restore = input.networkInterfaces
      ? new Map(input.networkInterfaces.map((eni) => [eni.networkInterfaceId, eni.groupIds]))
      : recordedGroups(instance);
    const results: z.input<typeof interfaceResult>[] = [];
    for (const [networkInterfaceId, groupIds] of restore) {
      const now = current.get(networkInterfaceId);
      if (!now) continue; // detached since the quarantine: nothing to restore on this instance
      const changed = !sameGroups(now, groupIds);
      if (changed) {
        await client.send(
          client.ec2,
          new ModifyNetworkInterfaceAttributeCommand({
            NetworkInterfaceId: networkInterfaceId,
            Groups: groupIds,
          }),
          sendOptions(session),
        );
      }
      results.push({ networkInterfaceId, groupIds, changed });
    }
    const quarantineTags = (instance.Tags ?? []).filter(
      (tag) => tag.Key === QUARANTINE_TAG || tag.Key?.startsWith(PREVIOUS_GROUPS_TAG_PREFIX),
    );
    if (quarantineTags.length > 0) {
      await client.send(
        client.ec2,
        new DeleteTagsCommand({
          Resources: [input.instanceId],
          Tags: quarantineTags.map((tag) => ({ Key: tag.Key })),
        }),
        sendOptions(session),
      );
    }
    return {
      status: 'completed',
      output: {
        instanceId: input.instanceId,
        networkInterfaces: results,
        released: restore.size > 0,
      },
    };
  },
};
