import { readFileSync } from 'node:fs';
import {
  createTestSecretProvider,
  createVendorSimulator,
  type SimulatorRequest,
  type VendorSimulator,
} from '@openmdr/connector-kit/simulator';
import { afterEach, describe, expect, it } from 'vitest';
import { awsConnector } from './index.js';

const fixture = (name: string) =>
  readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');

let simulator: VendorSimulator | undefined;
afterEach(async () => {
  await simulator?.close();
  simulator = undefined;
});

/**
 * Serves the documented responses verbatim by `Action` (`[status, file]`) and keeps each form:
 * what the actions read from AWS's own shapes, not from the simulator's.
 */
async function serve(responses: Record<string, [number, string]>) {
  const forms: URLSearchParams[] = [];
  simulator = await createVendorSimulator({
    routes: [
      {
        method: 'POST',
        path: '/',
        handle: (request: SimulatorRequest) => {
          const form = new URLSearchParams(request.body);
          forms.push(form);
          const [status, file] = responses[form.get('Action') ?? ''] ?? [
            400,
            'error-no-such-entity.xml',
          ];
          return { status, headers: { 'content-type': 'text/xml' }, body: fixture(file) };
        },
      },
    ],
  });
  const aws = await awsConnector.connect({
    tenant: 'acme',
    config: {
      region: 'eu-west-1',
      endpoint: { iam: simulator.url, ec2: simulator.url },
      credentials: { type: 'keys' },
    },
    secrets: createTestSecretProvider({
      'aws.access_key_id': 'EXAMPLEACCESSKEY0001',
      'aws.secret_access_key': 'sim-documented-responses-secret-0123456789',
    }),
    rateLimit: false,
    retry: false,
  });
  return { aws, forms };
}

const fields = (form: URLSearchParams | undefined) => Object.fromEntries(form ?? []);

describe('the actions against the documented response shapes', () => {
  it('release-instance reads the recorded groups from a DescribeInstances tagSet and restores them', async () => {
    const { aws, forms } = await serve({
      DescribeInstances: [200, 'describe-instances.xml'],
      ModifyNetworkInterfaceAttribute: [200, 'modify-network-interface-attribute.xml'],
      DeleteTags: [200, 'delete-tags.xml'],
    });
    const released = await aws.runAction('release-instance', { instanceId: 'i-1234567890abcdef0' });
    expect(released).toEqual({
      instanceId: 'i-1234567890abcdef0',
      released: true,
      networkInterfaces: [
        {
          networkInterfaceId: 'eni-0dc8d3f58a2c4e8b0',
          groupIds: ['sg-e4076980', 'sg-903004f8'],
          changed: true,
        },
      ],
    });
    expect(forms.map((form) => form.get('Action'))).toEqual([
      'DescribeInstances',
      'ModifyNetworkInterfaceAttribute',
      'DeleteTags',
    ]);
    expect(fields(forms[1])).toMatchObject({
      NetworkInterfaceId: 'eni-0dc8d3f58a2c4e8b0',
      'SecurityGroupId.1': 'sg-e4076980',
      'SecurityGroupId.2': 'sg-903004f8',
    });
    expect(fields(forms[2])).toMatchObject({
      'ResourceId.1': 'i-1234567890abcdef0',
      'Tag.1.Key': 'openmdr:quarantine',
      'Tag.2.Key': 'openmdr:quarantine:previous-sgs:eni-0dc8d3f58a2c4e8b0',
    });
    await aws.close();
  });

  it('an EC2 error document (InvalidInstanceID.NotFound) is a failed result naming the instance', async () => {
    const { aws } = await serve({ DescribeInstances: [400, 'error-instance-not-found.xml'] });
    expect(
      await aws.startAction('quarantine-instance', { instanceId: 'i-0123456789abcdef1' }),
    ).toEqual({
      status: 'failed',
      reason: 'EC2 instance i-0123456789abcdef1 not found',
    });
    await aws.close();
  });

  it('deactivate-access-key reads ListAccessKeys members and changes only the Active key', async () => {
    const { aws, forms } = await serve({
      ListAccessKeys: [200, 'list-access-keys.xml'],
      ListUserTags: [200, 'list-user-tags.xml'],
      TagUser: [200, 'tag-user.xml'],
      UpdateAccessKey: [200, 'update-access-key.xml'],
    });
    const result = await aws.runAction('deactivate-access-key', { userName: 'Bob' });
    expect(result).toEqual({
      deactivated: [{ userName: 'Bob', accessKeyId: 'EXAMPLEKEYBOB000001' }],
      alreadyInactive: [{ userName: 'Bob', accessKeyId: 'EXAMPLEKEYBOB000002' }],
    });
    const byAction = (action: string) =>
      forms.filter((form) => form.get('Action') === action).map(fields);
    expect(byAction('TagUser')).toEqual([
      expect.objectContaining({
        UserName: 'Bob',
        'Tags.member.1.Key': 'openmdr:deactivated-keys',
        'Tags.member.1.Value': 'EXAMPLEKEYBOB000001',
      }),
    ]);
    expect(byAction('UpdateAccessKey')).toEqual([
      expect.objectContaining({
        UserName: 'Bob',
        AccessKeyId: 'EXAMPLEKEYBOB000001',
        Status: 'Inactive',
      }),
    ]);
    await aws.close();
  });

  it('an IAM ErrorResponse (NoSuchEntity, 404) is a failed result naming the user', async () => {
    const { aws } = await serve({ ListAccessKeys: [404, 'error-no-such-entity.xml'] });
    expect(await aws.startAction('deactivate-access-key', { userName: 'Carol' })).toEqual({
      status: 'failed',
      reason: 'IAM user Carol not found',
    });
    await aws.close();
  });
});
