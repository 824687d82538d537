import { NormalizationError } from '@openmdr/connector-kit';
import {
  compact,
  enumAttribute,
  type OcsfPart,
  part,
  type RecordReader,
  validIp,
} from '@openmdr/connector-kit/normalize';

/** Where the resources of a finding are: its account, region, partition and role. */
export interface ResourceContext {
  readonly accountId: string | undefined;
  readonly region: string | undefined;
  readonly partition: string | undefined;
  /** OCSF `role_id` from `service.resourceRole`: 1 Target, 2 Actor. */
  readonly roleId: number | undefined;
}

/** What a finding's `resource` gives the event. */
export interface FindingResources {
  /** OCSF `resources[]`: the instance, key, buckets, clusters, workloads, containers… */
  readonly resources: OcsfPart[];
  /** The EC2 instance as an OCSF `device`. */
  readonly device: OcsfPart | undefined;
  /** The principals: the access key's IAM identity, the Kubernetes user, the database user. */
  readonly users: OcsfPart[];
  /** Detail objects of `resource` no mapping knows, for `unmapped`. */
  readonly unknown: Record<string, unknown> | undefined;
}

/** Below this a number is epoch seconds (2001-09-09 in ms is 1e12; 1e11 s is year 5138). */
const EPOCH_SECONDS_BELOW = 1e11;

/**
 * An optional date-time: `undefined` rather than a refusal when it does not parse. The API's
 * nested timestamp members (`s3BucketDetails[].createdAt`, `process.startTime`) are epoch seconds
 * in `GetFindings` responses (REST-JSON), ISO strings in EventBridge events and the CLI's output.
 */
export function optionalTime(reader: RecordReader | undefined, path: string): number | undefined {
  try {
    const time = reader?.time(path);
    if (
      time !== undefined &&
      typeof reader?.value(path) === 'number' &&
      time < EPOCH_SECONDS_BELOW
    ) {
      return Math.trunc((reader.value(path) as number) * 1000);
    }
    return time;
  } catch (error) {
    if (error instanceof NormalizationError) return undefined;
    throw error;
  }
}

/** OCSF `tags` of AWS tags (`[{key, value}]`); tags without a value are left out. */
function tagsOf(reader: RecordReader): OcsfPart[] | undefined {
  const tags = reader
    .objects('tags')
    .map((tag) => ({ name: tag.string('key'), value: tag.string('value') }))
    .filter((tag) => tag.name !== undefined && tag.value !== undefined);
  return tags.length > 0 ? tags : undefined;
}

/** The value of the `Name` tag, AWS's display name of a resource. */
function nameTag(reader: RecordReader): string | undefined {
  return reader
    .objects('tags')
    .find((tag) => tag.string('key') === 'Name')
    ?.string('value');
}

/** The fields of a detail object other than `mapped`, for the resource's `data`. */
function dataOf(
  reader: RecordReader,
  mapped: readonly string[],
): Record<string, unknown> | undefined {
  return reader.rest(new Set(mapped));
}

/** A resource part with the finding's region, partition and role, when it has a uid or name. */
function resourcePart(
  context: ResourceContext,
  input: OcsfPart,
  role = true,
): OcsfPart | undefined {
  const resource: OcsfPart = compact({
    ...input,
    region: context.region,
    cloud_partition: context.partition,
    ...(role ? { role_id: context.roleId } : {}),
  });
  return resource['uid'] !== undefined || resource['name'] !== undefined ? resource : undefined;
}

/** OCSF user `type_id` of an IAM identity type (`Root`, `IAMUser`, `AssumedRole`…). */
function iamUserType(type: string | undefined): OcsfPart {
  switch (type) {
    case undefined:
      return {};
    case 'Root':
      return { type_id: 2 };
    case 'IAMUser':
    case 'FederatedUser':
      return { type_id: 1 };
    case 'AWSService':
      return { type_id: 4 };
    default:
      return enumAttribute('type', 99, type);
  }
}

function instanceResources(instance: RecordReader, context: ResourceContext) {
  const instanceId = instance.string('instanceId');
  const interfaces = instance.objects('networkInterfaces');
  const first = interfaces[0];
  const ip = first?.ip('privateIpAddress');
  const hostname = first?.string('privateDnsName');
  const resource = resourcePart(context, {
    type: 'AWS::EC2::Instance',
    uid: instanceId,
    name: nameTag(instance) ?? instanceId,
    zone: instance.string('availabilityZone'),
    ip,
    hostname,
    tags: tagsOf(instance),
    data: dataOf(instance, ['instanceId', 'availabilityZone', 'tags']),
  });
  const networkInterfaces = interfaces.flatMap((item) => [
    part({
      uid: item.string('networkInterfaceId'),
      ip: item.ip('privateIpAddress'),
      hostname: item.string('privateDnsName'),
      name: 'private',
    }),
    part({
      ip: item.ip('publicIp'),
      hostname: item.string('publicDnsName'),
      name: item.ip('publicIp') || item.string('publicDnsName') ? 'public' : undefined,
    }),
  ]);
  const imageId = instance.string('imageId');
  const device = part({
    instance_uid: instanceId,
    uid: instanceId,
    name: nameTag(instance),
    hostname,
    ip,
    region: context.region,
    zone: instance.string('availabilityZone'),
    vpc_uid: first?.string('vpcId'),
    subnet_uid: first?.string('subnetId'),
    image: imageId ? { uid: imageId, name: instance.string('imageDescription') } : undefined,
    network_interfaces: networkInterfaces.filter(
      (item) => item !== undefined && (item['ip'] || item['hostname'] || item['uid']),
    ),
    groups: first
      ?.objects('securityGroups')
      .map((group) => part({ uid: group.string('groupId'), name: group.string('groupName') }))
      .filter((group) => group !== undefined),
  });
  return { resource, device: device ? { ...device, type_id: 6 } : undefined };
}

function containerResource(container: RecordReader, context: ResourceContext) {
  return resourcePart(
    context,
    {
      type: 'Container',
      uid: container.string('id'),
      name: container.string('name') ?? container.string('image'),
      data: dataOf(container, ['id', 'name']),
    },
    false,
  );
}

function accessKey(key: RecordReader, context: ResourceContext) {
  const user = part({
    name: key.string('userName'),
    uid: key.string('principalId'),
    credential_uid: key.string('accessKeyId'),
    ...iamUserType(key.string('userType')),
    account: context.accountId ? { uid: context.accountId, type_id: 10 } : undefined,
  });
  const resource = resourcePart(context, {
    type: 'AWS::IAM::AccessKey',
    uid: key.string('accessKeyId'),
    name: key.string('userName'),
    owner:
      user && (user['name'] !== undefined || user['uid'] !== undefined)
        ? compact({
            name: user['name'],
            uid: user['uid'],
            type_id: user['type_id'],
            type: user['type'],
          })
        : undefined,
  });
  const named = user && (user['name'] ?? user['uid'] ?? user['account']) !== undefined;
  return { resource, user: named ? user : undefined };
}

function bucketResources(bucket: RecordReader, context: ResourceContext): OcsfPart[] {
  const out: OcsfPart[] = [];
  const name = bucket.string('name');
  const bucketResource = resourcePart(context, {
    type: 'AWS::S3::Bucket',
    uid: bucket.string('arn') ?? name,
    name,
    owner: bucket.string('owner.id') ? { uid: bucket.string('owner.id') } : undefined,
    created_time: optionalTime(bucket, 'createdAt'),
    tags: tagsOf(bucket),
    data: dataOf(bucket, ['arn', 'name', 'owner', 'createdAt', 'tags', 's3ObjectDetails']),
  });
  if (bucketResource) out.push(bucketResource);
  for (const object of bucket.objects('s3ObjectDetails')) {
    const resource = resourcePart(context, {
      type: 'AWS::S3::Object',
      uid: object.string('objectArn'),
      name: object.string('key'),
      version: object.string('versionId'),
      data: dataOf(object, ['objectArn', 'key', 'versionId']),
    });
    if (resource) out.push(resource);
  }
  return out;
}

/** A cluster, function or database: a type, its ARN (else its name) and its name. */
function namedResource(
  reader: RecordReader,
  context: ResourceContext,
  type: string,
  uidPath: string,
  namePath: string,
  extra: OcsfPart = {},
  extraMapped: readonly string[] = [],
): OcsfPart | undefined {
  return resourcePart(context, {
    type,
    uid: reader.string(uidPath) ?? reader.string(namePath),
    name: reader.string(namePath),
    tags: tagsOf(reader),
    data: dataOf(reader, [uidPath, namePath, 'tags', ...extraMapped]),
    ...extra,
  });
}

function kubernetesParts(kubernetes: RecordReader, context: ResourceContext) {
  const resources: OcsfPart[] = [];
  const workload = kubernetes.object('kubernetesWorkloadDetails');
  if (workload) {
    const kind = workload.string('type');
    const resource = resourcePart(context, {
      type: kind ? `Kubernetes ${kind}` : 'Kubernetes workload',
      uid: workload.string('uid'),
      name: workload.string('name'),
      namespace: workload.string('namespace'),
      data: dataOf(workload, ['uid', 'name', 'namespace', 'type', 'containers']),
    });
    if (resource) resources.push(resource);
    for (const container of workload.objects('containers')) {
      const item = containerResource(container, context);
      if (item) resources.push(item);
    }
  }
  const userDetails = kubernetes.object('kubernetesUserDetails');
  const groups = userDetails?.strings('groups').map((name) => ({ name }));
  const user = userDetails
    ? part({
        name: userDetails.string('username'),
        uid: userDetails.string('uid'),
        groups: groups && groups.length > 0 ? groups : undefined,
      })
    : undefined;
  return {
    resources,
    user: user && (user['name'] ?? user['uid']) !== undefined ? user : undefined,
  };
}

function ecsResources(cluster: RecordReader, context: ResourceContext): OcsfPart[] {
  const out: OcsfPart[] = [];
  const clusterResource = resourcePart(context, {
    type: 'AWS::ECS::Cluster',
    uid: cluster.string('arn') ?? cluster.string('name'),
    name: cluster.string('name'),
    tags: tagsOf(cluster),
    data: dataOf(cluster, ['arn', 'name', 'tags', 'taskDetails']),
  });
  if (clusterResource) out.push(clusterResource);
  const task = cluster.object('taskDetails');
  if (task) {
    const taskResource = resourcePart(context, {
      type: 'AWS::ECS::Task',
      uid: task.string('arn'),
      name: task.string('definitionArn')?.split('/').pop(),
      version: task.string('version'),
      created_time: optionalTime(task, 'taskCreatedAt'),
      tags: tagsOf(task),
      data: dataOf(task, ['arn', 'version', 'taskCreatedAt', 'tags', 'containers']),
    });
    if (taskResource) out.push(taskResource);
    for (const container of task.objects('containers')) {
      const item = containerResource(container, context);
      if (item) out.push(item);
    }
  }
  return out;
}

/**
 * `resource` detail objects this module maps. `resourceType` and `rdsDbUserDetails` stay in
 * `unmapped`: only the latter's `user` has a place in OCSF.
 */
const MAPPED_DETAILS = new Set([
  'instanceDetails',
  'accessKeyDetails',
  's3BucketDetails',
  'eksClusterDetails',
  'kubernetesDetails',
  'ecsClusterDetails',
  'containerDetails',
  'rdsDbInstanceDetails',
  'rdsLimitlessDbDetails',
  'lambdaDetails',
  'ebsVolumeDetails',
]);

/**
 * The resources of a GuardDuty finding's `resource`: the EC2 instance (also as `device`), the
 * access key (and its IAM identity as a user), S3 buckets and objects, EKS and ECS clusters,
 * Kubernetes workloads, ECS tasks and containers, RDS instances and shard groups (and the database
 * user), Lambda functions and scanned EBS volumes, each with its ARN (else id or name) as `uid`,
 * its AWS type (`AWS::EC2::Instance`…) as `type`, its tags, and its other fields as `data`.
 */
export function findingResources(
  resource: RecordReader | undefined,
  context: ResourceContext,
): FindingResources {
  const resources: OcsfPart[] = [];
  const users: OcsfPart[] = [];
  let device: OcsfPart | undefined;
  if (!resource) return { resources, device, users, unknown: undefined };
  const push = (item: OcsfPart | undefined) => {
    if (item) resources.push(item);
  };
  const instance = resource.object('instanceDetails');
  if (instance) {
    const parts = instanceResources(instance, context);
    push(parts.resource);
    device = parts.device;
  }
  const key = resource.object('accessKeyDetails');
  if (key) {
    const parts = accessKey(key, context);
    push(parts.resource);
    if (parts.user) users.push(parts.user);
  }
  for (const bucket of resource.objects('s3BucketDetails'))
    resources.push(...bucketResources(bucket, context));
  const eks = resource.object('eksClusterDetails');
  if (eks) {
    push(
      namedResource(
        eks,
        context,
        'AWS::EKS::Cluster',
        'arn',
        'name',
        { created_time: optionalTime(eks, 'createdAt') },
        ['createdAt'],
      ),
    );
  }
  const kubernetes = resource.object('kubernetesDetails');
  if (kubernetes) {
    const parts = kubernetesParts(kubernetes, context);
    resources.push(...parts.resources);
    if (parts.user) users.push(parts.user);
  }
  const ecs = resource.object('ecsClusterDetails');
  if (ecs) resources.push(...ecsResources(ecs, context));
  const container = resource.object('containerDetails');
  if (container) push(containerResource(container, context));
  const rds = resource.object('rdsDbInstanceDetails');
  if (rds)
    push(
      namedResource(rds, context, 'AWS::RDS::DBInstance', 'dbInstanceArn', 'dbInstanceIdentifier'),
    );
  const limitless = resource.object('rdsLimitlessDbDetails');
  if (limitless) {
    push(
      namedResource(
        limitless,
        context,
        'AWS::RDS::DBShardGroup',
        'dbShardGroupArn',
        'dbShardGroupIdentifier',
      ),
    );
  }
  const dbUser = resource.object('rdsDbUserDetails');
  const dbUserName = dbUser?.string('user');
  if (dbUserName) users.push({ name: dbUserName });
  const lambda = resource.object('lambdaDetails');
  if (lambda) {
    push(
      namedResource(
        lambda,
        context,
        'AWS::Lambda::Function',
        'functionArn',
        'functionName',
        {
          version: lambda.string('functionVersion'),
          modified_time: optionalTime(lambda, 'lastModifiedAt'),
        },
        ['functionVersion', 'lastModifiedAt'],
      ),
    );
  }
  for (const volume of resource.objects('ebsVolumeDetails.scannedVolumeDetails')) {
    push(
      resourcePart(context, {
        type: 'AWS::EC2::Volume',
        uid: volume.string('volumeArn'),
        name: volume.string('deviceName'),
        data: dataOf(volume, ['volumeArn', 'deviceName']),
      }),
    );
  }
  return {
    resources,
    device,
    users,
    unknown: resource.rest(MAPPED_DETAILS),
  };
}

/** The private address of the instance a finding is about, for the local end of its actions. */
export function instanceEndpoint(device: OcsfPart | undefined): OcsfPart | undefined {
  if (!device) return undefined;
  return compact({
    ip: validIp(device['ip']),
    instance_uid: device['instance_uid'],
    hostname: device['hostname'],
  });
}
