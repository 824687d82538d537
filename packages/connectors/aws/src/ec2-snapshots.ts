import { randomUUID } from 'node:crypto';
import {
  CreateSnapshotCommand,
  DescribeInstancesCommand,
  DescribeSnapshotsCommand,
  type Instance,
} from '@aws-sdk/client-ec2';
import type { ActionDefinition, ActionResult } from '@openmdr/connector-kit';
import { defineAction } from '@openmdr/connector-kit';
import * as z from 'zod';
import { isAwsNotFound } from './aws-errors.js';
import type { AwsClient } from './client.js';
import type { AwsConfig } from './config.js';
import { INSTANCE_ID } from './targets.js';

/** The tag every forensic snapshot carries (value `true`). */
export const FORENSICS_TAG = 'openmdr:forensics';
/** The tag holding the request id a snapshot was taken for (finds it again on a retry). */
export const REQUEST_ID_TAG = 'openmdr:request-id';
/** The tag holding the incident a snapshot was taken for. */
export const INCIDENT_ID_TAG = 'openmdr:incident-id';

/** An EC2 instance id. */
export const instanceIdSchema = z.string().regex(INSTANCE_ID, 'an EC2 instance id (i-…)');
const tagValue = z.string().min(1).max(200);

/** Input of `snapshot-instance-volumes`. */
export const snapshotInstanceVolumesInputSchema = z.object({
  /** The instance whose attached EBS volumes to snapshot. */
  instanceId: instanceIdSchema,
  /**
   * The request the snapshots are for (tag `openmdr:request-id`): a retry with the same id
   * reuses the snapshots already taken. Default: a new id (every run takes new snapshots).
   */
  requestId: tagValue.optional(),
  /** The incident (tag `openmdr:incident-id`). */
  incidentId: tagValue.optional(),
});

const snapshotEntry = z.object({
  /** The volume. */
  volumeId: z.string(),
  /** Its device name on the instance (`/dev/xvda`). */
  deviceName: z.string(),
  /** The snapshot. */
  snapshotId: z.string(),
  /** False when the snapshot was taken earlier for the same request and reused. */
  created: z.boolean(),
});

/** Output of `snapshot-instance-volumes`. */
export const snapshotInstanceVolumesOutputSchema = z.object({
  /** The instance. */
  instanceId: z.string(),
  /** The request id the snapshots are tagged with. */
  requestId: z.string(),
  /** One snapshot per attached EBS volume. */
  snapshots: z.array(snapshotEntry),
});

type Input = z.output<typeof snapshotInstanceVolumesInputSchema>;
type Output = z.input<typeof snapshotInstanceVolumesOutputSchema>;
/** One forensic snapshot of {@link takeForensicSnapshots}. */
export type ForensicSnapshot = z.output<typeof snapshotEntry>;
type Session = Parameters<ActionDefinition<AwsConfig, AwsClient>['run']>[1];

/** The snapshot permissions (`ec2:CreateTags` for the tags given at creation). */
export const SNAPSHOT_PERMISSIONS = [
  'ec2:DescribeInstances',
  'ec2:DescribeSnapshots',
  'ec2:CreateSnapshot',
  'ec2:CreateTags',
];

/** The manifest entry of `snapshot-instance-volumes` (no undo: the evidence is kept). */
export const snapshotInstanceVolumesManifest = defineAction({
  description:
    'Snapshot every EBS volume attached to an EC2 instance for forensics (DescribeInstances, then CreateSnapshot per volume, tagged openmdr:forensics, the request and incident ids); a retry of the same request reuses its snapshots. No undo: the evidence is kept.',
  input: snapshotInstanceVolumesInputSchema,
  output: snapshotInstanceVolumesOutputSchema,
  asynchronous: false,
  requiredPermissions: SNAPSHOT_PERMISSIONS,
});

const sendOptions = (session: Session) => (session.signal ? { signal: session.signal } : {});

/** The instance `instanceId` (DescribeInstances), or undefined when EC2 does not know it. */
export async function describeInstance(
  session: Session,
  instanceId: string,
): Promise<Instance | undefined> {
  const { client } = session;
  try {
    const { Reservations = [] } = await client.send(
      client.ec2,
      new DescribeInstancesCommand({ InstanceIds: [instanceId] }),
      sendOptions(session),
    );
    return Reservations.flatMap((reservation) => reservation.Instances ?? []).find(
      (instance) => instance.InstanceId === instanceId,
    );
  } catch (error) {
    if (isAwsNotFound(error)) return undefined;
    throw error;
  }
}

/**
 * Snapshots every EBS volume attached to `instance`, tagged for forensics; snapshots already
 * taken for `requestId` (same volume) are reused, so a retried request takes no second set.
 */
export async function takeForensicSnapshots(
  session: Session,
  instance: Instance,
  ids: { requestId: string; incidentId?: string | undefined },
): Promise<ForensicSnapshot[]> {
  const { client } = session;
  const instanceId = instance.InstanceId ?? '';
  const snapshots: ForensicSnapshot[] = [];
  for (const mapping of instance.BlockDeviceMappings ?? []) {
    const volumeId = mapping.Ebs?.VolumeId;
    if (!volumeId) continue;
    const deviceName = mapping.DeviceName ?? '';
    const { Snapshots = [] } = await client.send(
      client.ec2,
      new DescribeSnapshotsCommand({
        OwnerIds: ['self'],
        Filters: [
          { Name: 'volume-id', Values: [volumeId] },
          { Name: `tag:${REQUEST_ID_TAG}`, Values: [ids.requestId] },
        ],
      }),
      sendOptions(session),
    );
    const existing = Snapshots[0]?.SnapshotId;
    if (existing) {
      snapshots.push({ volumeId, deviceName, snapshotId: existing, created: false });
      continue;
    }
    const tags = [
      { Key: FORENSICS_TAG, Value: 'true' },
      { Key: REQUEST_ID_TAG, Value: ids.requestId },
      { Key: 'openmdr:instance-id', Value: instanceId },
      ...(ids.incidentId ? [{ Key: INCIDENT_ID_TAG, Value: ids.incidentId }] : []),
    ];
    const created = await client.send(
      client.ec2,
      new CreateSnapshotCommand({
        VolumeId: volumeId,
        Description:
          `OpenMDR forensic snapshot of ${volumeId} (${deviceName}) of ${instanceId}, request ${ids.requestId}${ids.incidentId ? `, incident ${ids.incidentId}` : ''}`.slice(
            0,
            255,
          ),
        TagSpecifications: [{ ResourceType: 'snapshot', Tags: tags }],
      }),
      sendOptions(session),
    );
    snapshots.push({ volumeId, deviceName, snapshotId: created.SnapshotId ?? '', created: true });
  }
  return snapshots;
}

/** `snapshot-instance-volumes`: forensic snapshots of an instance's volumes. */
export const snapshotInstanceVolumesAction: ActionDefinition<AwsConfig, AwsClient, Input, Output> =
  {
    run: async (input, session): Promise<ActionResult<Output>> => {
      const instance = await describeInstance(session, input.instanceId);
      if (!instance)
        return { status: 'failed', reason: `EC2 instance ${input.instanceId} not found` };
      const requestId = input.requestId ?? randomUUID();
      const snapshots = await takeForensicSnapshots(session, instance, {
        requestId,
        incidentId: input.incidentId,
      });
      return {
        status: 'completed',
        output: { instanceId: input.instanceId, requestId, snapshots },
      };
    },
  };
