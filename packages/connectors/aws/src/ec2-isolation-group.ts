import {
  CreateSecurityGroupCommand,
  DescribeSecurityGroupsCommand,
  RevokeSecurityGroupEgressCommand,
  type SecurityGroup,
} from '@aws-sdk/client-ec2';
import type { ActionDefinition } from '@openmdr/connector-kit';
import { ConnectorActionError } from '@openmdr/connector-kit';
import { awsErrorCodeOf } from './aws-errors.js';
import type { AwsClient } from './client.js';
import type { AwsConfig } from './config.js';

/** The tag marking the isolation security groups the connector created (value `true`). */
export const ISOLATION_TAG = 'openmdr:isolation';

type Session = Parameters<ActionDefinition<AwsConfig, AwsClient>['run']>[1];

/** The isolation group of a VPC: its id and whether this call created it. */
export interface IsolationGroup {
  /** The group id. */
  groupId: string;
  /** True when this call created the group. */
  created: boolean;
}

const sendOptions = (session: Session) => (session.signal ? { signal: session.signal } : {});

async function findGroup(session: Session, vpcId: string): Promise<SecurityGroup | undefined> {
  const { client, config } = session;
  const { SecurityGroups = [] } = await client.send(
    client.ec2,
    new DescribeSecurityGroupsCommand({
      Filters: [
        { Name: 'vpc-id', Values: [vpcId] },
        { Name: 'group-name', Values: [config.isolationGroupName] },
      ],
    }),
    sendOptions(session),
  );
  return SecurityGroups[0];
}

/**
 * The VPC's isolation security group — found by name (`isolationGroupName`) or created with
 * the tag `openmdr:isolation` — with no inbound rule and every outbound rule revoked (EC2 gives
 * a new group an allow-all outbound rule). A group of that name with inbound rules is refused:
 * it would not isolate.
 *
 * @throws {ConnectorActionError} when the existing group has inbound rules.
 */
export async function ensureIsolationGroup(
  session: Session,
  vpcId: string,
): Promise<IsolationGroup> {
  const { client, config } = session;
  let group = await findGroup(session, vpcId);
  let created = false;
  if (!group) {
    try {
      await client.send(
        client.ec2,
        new CreateSecurityGroupCommand({
          GroupName: config.isolationGroupName,
          Description: 'OpenMDR quarantine: no inbound, no outbound',
          VpcId: vpcId,
          TagSpecifications: [
            {
              ResourceType: 'security-group',
              Tags: [
                { Key: ISOLATION_TAG, Value: 'true' },
                { Key: 'Name', Value: config.isolationGroupName },
              ],
            },
          ],
        }),
        sendOptions(session),
      );
      created = true;
    } catch (error) {
      // another run created it meanwhile: use that one
      if (awsErrorCodeOf(error) !== 'InvalidGroup.Duplicate') throw error;
    }
    group = await findGroup(session, vpcId);
  }
  if (!group?.GroupId) {
    throw new ConnectorActionError(
      `EC2 did not return the isolation security group ${config.isolationGroupName} of ${vpcId}`,
    );
  }
  if ((group.IpPermissions ?? []).length > 0) {
    throw new ConnectorActionError(
      `security group ${group.GroupId} (${config.isolationGroupName}) of ${vpcId} has inbound rules: it would not isolate; remove them or set isolationGroupName`,
    );
  }
  const egress = group.IpPermissionsEgress ?? [];
  if (egress.length > 0) {
    await client.send(
      client.ec2,
      new RevokeSecurityGroupEgressCommand({ GroupId: group.GroupId, IpPermissions: egress }),
      sendOptions(session),
    );
  }
  return { groupId: group.GroupId, created };
}
