import type { MappingContext, RecordMapper } from './context.js';
import { NormalizationError } from './errors.js';
import { type OcsfObject, userFromParts } from './ocsf-parts.js';
import { objectAccessActor } from './security.js';

const product = 'Windows Security Auditing';

function privilegeList(context: MappingContext, field: string): string[] | undefined {
  const list = context.data
    .string(field)
    ?.split(/\s+/)
    .filter((privilege) => privilege !== '' && privilege !== '-');
  return list === undefined || list.length === 0 ? undefined : list;
}

function target(context: MappingContext): OcsfObject {
  const data = context.data;
  const user = userFromParts(
    data.string('TargetUserName'),
    data.string('TargetDomainName'),
    data.string('TargetUserSid'),
  );
  if (user === undefined) {
    throw new NormalizationError(`Security event ${context.event.eventId} has no TargetUserName`, {
      path: 'Event.EventData.TargetUserName',
    });
  }
  return user;
}

/**
 * Security 4703: a token right was adjusted → User Access Management: Assign Privileges
 * (EnabledPrivilegeList) or Revoke Privileges (only DisabledPrivilegeList). `user` = Target*,
 * `actor` = Subject* and the adjusting process (ProcessName, ProcessId). A record that both
 * enables and disables is Assign; the disabled list stays in `unmapped`.
 */
const tokenRightAdjusted: RecordMapper = (context) => {
  const user = target(context);
  const enabled = privilegeList(context, 'EnabledPrivilegeList');
  const disabled =
    enabled === undefined ? privilegeList(context, 'DisabledPrivilegeList') : undefined;
  const privileges = enabled ?? disabled;
  if (privileges === undefined) {
    throw new NormalizationError('Security event 4703 names no enabled or disabled privilege', {
      path: 'Event.EventData.EnabledPrivilegeList',
    });
  }
  return context.emit(
    'userAccessManagement',
    enabled === undefined ? 2 : 1,
    {
      user,
      privileges,
      actor: objectAccessActor(context),
    },
    { productName: product },
  );
};

/** Security mappers for token privileges. */
export const securityPrivilegeMappers: Readonly<Record<number, RecordMapper>> = {
  4703: tokenRightAdjusted,
};
