import {
  GetAccessKeyLastUsedCommand,
  ListAccessKeysCommand,
  ListUserTagsCommand,
  TagUserCommand,
  UntagUserCommand,
  UpdateAccessKeyCommand,
} from '@aws-sdk/client-iam';
import type { ActionDefinition, ActionResult } from '@openmdr/connector-kit';
import { ConnectorActionError, defineAction } from '@openmdr/connector-kit';
import * as z from 'zod';
import { isAwsNotFound, maskedKeyId } from './aws-errors.js';
import type { AwsClient } from './client.js';
import type { AwsConfig } from './config.js';
import { ACCESS_KEY_ID, accessKeyTarget, IAM_USER_NAME } from './targets.js';

/**
 * The IAM user tag where `deactivate-access-key` records the keys it made inactive (ids
 * separated by spaces: IAM tag values allow no JSON), so that an undo by user name reactivates
 * exactly those.
 */
export const DEACTIVATED_KEYS_TAG = 'openmdr:deactivated-keys';

const accessKeyId = z.string().regex(ACCESS_KEY_ID, 'an IAM access key id');
const userName = z.string().regex(IAM_USER_NAME, 'an IAM user name');
const key = z.object({ userName, accessKeyId });

/** Input of `deactivate-access-key`: one key (`accessKeyId`), or every active key of `userName`. */
export const deactivateAccessKeyInputSchema = z
  .object({
    /** The key to deactivate. With `userName` too, the key must be that user's. */
    accessKeyId: accessKeyId.optional(),
    /** The user: alone, every active key of the user; with `accessKeyId`, the key's owner. */
    userName: userName.optional(),
  })
  .refine((input) => input.accessKeyId !== undefined || input.userName !== undefined, {
    message: 'accessKeyId or userName is required',
    path: ['accessKeyId'],
  });

/** Output of `deactivate-access-key`. */
export const deactivateAccessKeyOutputSchema = z.object({
  /** The keys this run set Inactive. */
  deactivated: z.array(key),
  /** The keys that were Inactive already (left alone; an undo does not reactivate them). */
  alreadyInactive: z.array(key),
});

/** Input of `activate-access-key`: the keys to set Active, or the user whose recorded keys to. */
export const activateAccessKeyInputSchema = z
  .object({
    /** Exactly these keys (as `deactivate-access-key` listed them). */
    keys: z
      .array(key.partial({ userName: true }))
      .min(1)
      .max(20)
      .optional(),
    /** The keys `deactivate-access-key` recorded on this user (tag `openmdr:deactivated-keys`). */
    userName: userName.optional(),
    /**
     * With `keys`: reactivate only those recorded as deactivated by `deactivate-access-key`,
     * skip the others (the vocabulary's `enable_account` sets it: an undo never reactivates a
     * key someone else disabled). Default false: exactly the keys named.
     */
    onlyRecorded: z.boolean().default(false),
  })
  .refine((input) => input.keys !== undefined || input.userName !== undefined, {
    message: 'keys or userName is required',
    path: ['keys'],
  });

/** Output of `activate-access-key`. */
export const activateAccessKeyOutputSchema = z.object({
  /** The keys set Active. */
  activated: z.array(key),
  /** With `onlyRecorded`: the keys named but not recorded as deactivated by OpenMDR, left alone. */
  skipped: z.array(key).default([]),
});

type DeactivateInput = z.output<typeof deactivateAccessKeyInputSchema>;
type DeactivateOutput = z.input<typeof deactivateAccessKeyOutputSchema>;
type ActivateInput = z.output<typeof activateAccessKeyInputSchema>;
type ActivateOutput = z.input<typeof activateAccessKeyOutputSchema>;
type Key = z.output<typeof key>;
type Session = Parameters<ActionDefinition<AwsConfig, AwsClient>['run']>[1];

const PERMISSIONS = ['iam:ListAccessKeys', 'iam:GetAccessKeyLastUsed', 'iam:UpdateAccessKey'];

/** The manifest entry of `deactivate-access-key` (implements `disable_account`). */
export const deactivateAccessKeyManifest = defineAction({
  description:
    'Deactivate IAM access keys (UpdateAccessKey Status=Inactive): one key, or every active key of a user; the keys changed are recorded on the user (tag openmdr:deactivated-keys) for the undo.',
  input: deactivateAccessKeyInputSchema,
  output: deactivateAccessKeyOutputSchema,
  asynchronous: false,
  requiredPermissions: [...PERMISSIONS, 'iam:ListUserTags', 'iam:TagUser'],
  implements: { disable_account: accessKeyTarget },
});

/** The manifest entry of `activate-access-key` (implements `enable_account`). */
export const activateAccessKeyManifest = defineAction({
  description:
    'Reactivate IAM access keys (UpdateAccessKey Status=Active): the keys named, or those deactivate-access-key recorded on the user; never a key that was inactive before.',
  input: activateAccessKeyInputSchema,
  output: activateAccessKeyOutputSchema,
  asynchronous: false,
  requiredPermissions: [...PERMISSIONS, 'iam:ListUserTags', 'iam:TagUser', 'iam:UntagUser'],
  implements: {
    enable_account: (request) => {
      const target = accessKeyTarget(request);
      return 'accessKeyId' in target
        ? { keys: [{ accessKeyId: target.accessKeyId }], onlyRecorded: true }
        : target;
    },
  },
});

const sendOptions = (session: Session) => (session.signal ? { signal: session.signal } : {});

async function ownerOf(session: Session, id: string): Promise<string> {
  const { client } = session;
  const found = await client.send(
    client.iam,
    new GetAccessKeyLastUsedCommand({ AccessKeyId: id }),
    sendOptions(session),
  );
  if (!found.UserName)
    throw new ConnectorActionError(`IAM did not name the owner of access key ${maskedKeyId(id)}`);
  return found.UserName;
}

async function keysOf(session: Session, user: string) {
  const { client } = session;
  const { AccessKeyMetadata = [] } = await client.send(
    client.iam,
    new ListAccessKeysCommand({ UserName: user }),
    sendOptions(session),
  );
  return AccessKeyMetadata.filter(
    (entry): entry is typeof entry & { AccessKeyId: string } => entry.AccessKeyId !== undefined,
  );
}

async function recordedKeys(session: Session, user: string): Promise<string[]> {
  const { client } = session;
  const { Tags = [] } = await client.send(
    client.iam,
    new ListUserTagsCommand({ UserName: user }),
    sendOptions(session),
  );
  const value = Tags.find((tag) => tag.Key === DEACTIVATED_KEYS_TAG)?.Value ?? '';
  return value.split(' ').filter((id) => id !== '');
}

async function writeRecordedKeys(session: Session, user: string, ids: string[]): Promise<void> {
  const { client } = session;
  if (ids.length === 0) {
    await client.send(
      client.iam,
      new UntagUserCommand({ UserName: user, TagKeys: [DEACTIVATED_KEYS_TAG] }),
      sendOptions(session),
    );
    return;
  }
  await client.send(
    client.iam,
    new TagUserCommand({
      UserName: user,
      Tags: [{ Key: DEACTIVATED_KEYS_TAG, Value: ids.join(' ') }],
    }),
    sendOptions(session),
  );
}

async function setStatus(session: Session, target: Key, status: 'Active' | 'Inactive') {
  const { client } = session;
  await client.send(
    client.iam,
    new UpdateAccessKeyCommand({
      UserName: target.userName,
      AccessKeyId: target.accessKeyId,
      Status: status,
    }),
    sendOptions(session),
  );
}

/** `deactivate-access-key`: sets the keys Inactive and records them on the user. */
export const deactivateAccessKeyAction: ActionDefinition<
  AwsConfig,
  AwsClient,
  DeactivateInput,
  DeactivateOutput
> = {
  run: async (input, session): Promise<ActionResult<DeactivateOutput>> => {
    let user = input.userName;
    try {
      user ??= await ownerOf(session, input.accessKeyId as string);
      const keys = await keysOf(session, user);
      const selected =
        input.accessKeyId === undefined
          ? keys
          : keys.filter((entry) => entry.AccessKeyId === input.accessKeyId);
      if (selected.length === 0) {
        return {
          status: 'failed',
          reason:
            input.accessKeyId === undefined
              ? `IAM user ${user} has no access keys`
              : `access key ${maskedKeyId(input.accessKeyId)} is not a key of IAM user ${user}`,
        };
      }
      const deactivated: Key[] = [];
      const alreadyInactive: Key[] = [];
      const recorded = await recordedKeys(session, user);
      const toChange = selected.filter((entry) => entry.Status === 'Active');
      for (const entry of selected) {
        if (entry.Status !== 'Active')
          alreadyInactive.push({ userName: user, accessKeyId: entry.AccessKeyId });
      }
      if (toChange.length > 0) {
        // record first: a run cut short after this still lets the undo find the keys
        const ids = [...new Set([...recorded, ...toChange.map((entry) => entry.AccessKeyId)])];
        await writeRecordedKeys(session, user, ids);
      }
      for (const entry of toChange) {
        const changed = { userName: user, accessKeyId: entry.AccessKeyId };
        await setStatus(session, changed, 'Inactive');
        deactivated.push(changed);
      }
      return { status: 'completed', output: { deactivated, alreadyInactive } };
    } catch (error) {
      if (!isAwsNotFound(error)) throw error;
      return {
        status: 'failed',
        reason:
          user === undefined
            ? `access key ${maskedKeyId(input.accessKeyId ?? '')} not found in the account`
            : `IAM user ${user} not found`,
      };
    }
  },
};

/** `activate-access-key`: sets exactly the named (or recorded) keys Active again. */
export const activateAccessKeyAction: ActionDefinition<
  AwsConfig,
  AwsClient,
  ActivateInput,
  ActivateOutput
> = {
  run: async (input, session): Promise<ActionResult<ActivateOutput>> => {
    try {
      const targets: Key[] = [];
      if (input.keys) {
        for (const entry of input.keys) {
          targets.push({
            userName: entry.userName ?? (await ownerOf(session, entry.accessKeyId)),
            accessKeyId: entry.accessKeyId,
          });
        }
      } else if (input.userName !== undefined) {
        for (const id of await recordedKeys(session, input.userName)) {
          targets.push({ userName: input.userName, accessKeyId: id });
        }
      }
      const records = new Map<string, string[]>();
      for (const user of new Set(targets.map((target) => target.userName))) {
        records.set(user, await recordedKeys(session, user));
      }
      const activated: Key[] = [];
      const skipped: Key[] = [];
      for (const target of targets) {
        const recorded = records.get(target.userName)?.includes(target.accessKeyId) === true;
        if (input.keys && input.onlyRecorded && !recorded) {
          skipped.push(target);
          continue;
        }
        await setStatus(session, target, 'Active');
        activated.push(target);
      }
      for (const [user, recorded] of records) {
        const left = recorded.filter((id) => !activated.some((entry) => entry.accessKeyId === id));
        if (left.length !== recorded.length) await writeRecordedKeys(session, user, left);
      }
      return { status: 'completed', output: { activated, skipped } };
    } catch (error) {
      if (!isAwsNotFound(error)) throw error;
      return { status: 'failed', reason: 'an IAM user or access key to reactivate was not found' };
    }
  },
};
