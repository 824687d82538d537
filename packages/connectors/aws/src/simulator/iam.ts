import { xmlElement } from '@openmdr/connector-kit/aws';
import type { SimulatorResponse } from '@openmdr/connector-kit/simulator';
import { iamError, iamResponse, listParam, tagParams } from './query.js';
import type { AwsSimAccount } from './state.js';

const noSuchEntity = (message: string) => iamError({ status: 404, code: 'NoSuchEntity', message });

const required = (form: URLSearchParams, name: string): string | SimulatorResponse => {
  const value = form.get(name);
  return value
    ? value
    : iamError({
        status: 400,
        code: 'ValidationError',
        message: `1 validation error detected: Value null at '${name}' failed to satisfy constraint: Member must not be null`,
      });
};

const members = (items: string[]) => items.map((item) => `<member>${item}</member>`).join('');

/**
 * IAM on the query protocol, for one account: access keys (`ListAccessKeys`, `UpdateAccessKey`,
 * `GetAccessKeyLastUsed`), user tags (`ListUserTags`, `TagUser`, `UntagUser`) and role inline
 * policies (`PutRolePolicy`, `GetRolePolicy`, `DeleteRolePolicy`), answered as the IAM API
 * reference shows them.
 */
export function handleIam(
  account: AwsSimAccount,
  action: string,
  form: URLSearchParams,
): SimulatorResponse {
  const userOf = (name: string) => account.users.get(name);
  switch (action) {
    case 'ListAccessKeys': {
      const name = required(form, 'UserName');
      if (typeof name !== 'string') return name;
      const user = userOf(name);
      if (!user) return noSuchEntity(`The user with name ${name} cannot be found.`);
      const keys = user.keys.map(
        (key) =>
          `${xmlElement('UserName', user.name)}${xmlElement('AccessKeyId', key.accessKeyId)}${xmlElement('Status', key.status)}${xmlElement('CreateDate', user.created)}`,
      );
      return iamResponse(
        action,
        `<AccessKeyMetadata>${members(keys)}</AccessKeyMetadata>${xmlElement('IsTruncated', false)}`,
      );
    }
    case 'GetAccessKeyLastUsed': {
      const id = required(form, 'AccessKeyId');
      if (typeof id !== 'string') return id;
      const user = [...account.users.values()].find((candidate) =>
        candidate.keys.some((key) => key.accessKeyId === id),
      );
      if (!user) return noSuchEntity('The Access Key with the id given cannot be found.');
      return iamResponse(
        action,
        `${xmlElement('UserName', user.name)}<AccessKeyLastUsed>${xmlElement('Region', 'N/A')}${xmlElement('ServiceName', 'N/A')}</AccessKeyLastUsed>`,
      );
    }
    case 'UpdateAccessKey': {
      const name = required(form, 'UserName');
      if (typeof name !== 'string') return name;
      const id = required(form, 'AccessKeyId');
      if (typeof id !== 'string') return id;
      const status = form.get('Status');
      if (status !== 'Active' && status !== 'Inactive') {
        return iamError({
          status: 400,
          code: 'ValidationError',
          message:
            "Value at 'status' failed to satisfy constraint: Member must satisfy enum value set: [Active, Inactive]",
        });
      }
      const key = userOf(name)?.keys.find((candidate) => candidate.accessKeyId === id);
      if (!key)
        return noSuchEntity(`The Access Key with the id given cannot be found for user ${name}.`);
      key.status = status;
      return iamResponse(action);
    }
    case 'ListUserTags': {
      const name = required(form, 'UserName');
      if (typeof name !== 'string') return name;
      const user = userOf(name);
      if (!user) return noSuchEntity(`The user with name ${name} cannot be found.`);
      const tags = [...user.tags].map(
        ([key, value]) => `${xmlElement('Key', key)}${xmlElement('Value', value)}`,
      );
      return iamResponse(
        action,
        `<Tags>${members(tags)}</Tags>${xmlElement('IsTruncated', false)}`,
      );
    }
    case 'TagUser':
    case 'UntagUser': {
      const name = required(form, 'UserName');
      if (typeof name !== 'string') return name;
      const user = userOf(name);
      if (!user) return noSuchEntity(`The user with name ${name} cannot be found.`);
      if (action === 'TagUser') {
        for (const [key, value] of tagParams(form, 'Tags.member')) {
          if (value.length > 256 || !/^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u.test(value)) {
            return iamError({
              status: 400,
              code: 'InvalidInput',
              message: `The tag value of ${key} has characters or a length IAM does not allow.`,
            });
          }
          user.tags.set(key, value);
        }
      } else {
        for (const key of listParam(form, 'TagKeys.member')) user.tags.delete(key);
      }
      return iamResponse(action);
    }
    case 'PutRolePolicy':
    case 'GetRolePolicy':
    case 'DeleteRolePolicy': {
      const roleName = required(form, 'RoleName');
      if (typeof roleName !== 'string') return roleName;
      const policyName = required(form, 'PolicyName');
      if (typeof policyName !== 'string') return policyName;
      const role = account.roles.get(roleName);
      if (!role) return noSuchEntity(`The role with name ${roleName} cannot be found.`);
      if (action === 'PutRolePolicy') {
        const document = required(form, 'PolicyDocument');
        if (typeof document !== 'string') return document;
        try {
          JSON.parse(document);
        } catch {
          return iamError({
            status: 400,
            code: 'MalformedPolicyDocument',
            message: 'Syntax errors in policy.',
          });
        }
        role.policies.set(policyName, document);
        return iamResponse(action);
      }
      const document = role.policies.get(policyName);
      if (document === undefined) {
        return noSuchEntity(`The role policy with name ${policyName} cannot be found.`);
      }
      if (action === 'DeleteRolePolicy') {
        role.policies.delete(policyName);
        return iamResponse(action);
      }
      // IAM returns the document URL-encoded (RFC 3986)
      return iamResponse(
        action,
        `${xmlElement('RoleName', roleName)}${xmlElement('PolicyName', policyName)}${xmlElement('PolicyDocument', encodeURIComponent(document))}`,
      );
    }
    default:
      return iamError({
        status: 400,
        code: 'InvalidAction',
        message: `The action ${action} is not valid for this web service.`,
      });
  }
}
