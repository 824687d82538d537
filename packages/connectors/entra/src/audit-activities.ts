/** The OCSF class (and activity) an Entra directory audit activity maps to. */
export type EntraAuditMapping =
  | { class: 'account_change'; activityId: 1 | 2 | 3 | 4 | 5 | 6 | 10 | 11 | 99 }
  | { class: 'user_access'; activityId: 1 | 2 }
  | {
      class: 'entity_management';
      activityId: 1 | 3 | 4 | 99;
      /** OCSF `managed_entity.type_id`: 1 Device, 3 Group, 5 Policy, 99 Other. */
      entityTypeId: 1 | 3 | 5 | 99;
    };

/**
 * Directory audit activities (`activityDisplayName`) with a dedicated mapping. Source: the
 * Microsoft Entra audit activity reference (learn.microsoft.com/entra/identity/monitoring-health/
 * reference-audit-activities).
 */
export const ENTRA_AUDIT_ACTIVITIES: Readonly<Record<string, EntraAuditMapping>> = {
  'Add user': { class: 'account_change', activityId: 1 },
  'Invite external user': { class: 'account_change', activityId: 1 },
  'Delete user': { class: 'account_change', activityId: 6 },
  'Hard Delete user': { class: 'account_change', activityId: 6 },
  'Disable account': { class: 'account_change', activityId: 5 },
  'Enable account': { class: 'account_change', activityId: 2 },
  'Restore user': { class: 'account_change', activityId: 2 },
  'Change user password': { class: 'account_change', activityId: 3 },
  'Change password (self-service)': { class: 'account_change', activityId: 3 },
  'Reset user password': { class: 'account_change', activityId: 4 },
  'Reset password (by admin)': { class: 'account_change', activityId: 4 },
  'Reset password (self-service)': { class: 'account_change', activityId: 4 },
  'User registered security info': { class: 'account_change', activityId: 10 },
  'Admin registered security info': { class: 'account_change', activityId: 10 },
  'User registered all required security info': { class: 'account_change', activityId: 10 },
  'User deleted security info': { class: 'account_change', activityId: 11 },
  'Admin deleted security info': { class: 'account_change', activityId: 11 },
  'Update user': { class: 'account_change', activityId: 99 },
  'Add member to role': { class: 'user_access', activityId: 1 },
  'Add eligible member to role': { class: 'user_access', activityId: 1 },
  'Add member to role completed (PIM activation)': { class: 'user_access', activityId: 1 },
  'Remove member from role': { class: 'user_access', activityId: 2 },
  'Remove eligible member from role': { class: 'user_access', activityId: 2 },
  'Add member to group': { class: 'user_access', activityId: 1 },
  'Remove member from group': { class: 'user_access', activityId: 2 },
  'Add app role assignment to user': { class: 'user_access', activityId: 1 },
  'Remove app role assignment from user': { class: 'user_access', activityId: 2 },
  'Add group': { class: 'entity_management', activityId: 1, entityTypeId: 3 },
  'Delete group': { class: 'entity_management', activityId: 4, entityTypeId: 3 },
  'Update group': { class: 'entity_management', activityId: 3, entityTypeId: 3 },
  'Add application': { class: 'entity_management', activityId: 1, entityTypeId: 99 },
  'Update application': { class: 'entity_management', activityId: 3, entityTypeId: 99 },
  'Delete application': { class: 'entity_management', activityId: 4, entityTypeId: 99 },
  'Add service principal': { class: 'entity_management', activityId: 1, entityTypeId: 99 },
  'Add service principal credentials': {
    class: 'entity_management',
    activityId: 3,
    entityTypeId: 99,
  },
  'Update application – Certificates and secrets management ': {
    class: 'entity_management',
    activityId: 3,
    entityTypeId: 99,
  },
  'Consent to application': { class: 'entity_management', activityId: 99, entityTypeId: 99 },
  'Add conditional access policy': { class: 'entity_management', activityId: 1, entityTypeId: 5 },
  'Update conditional access policy': {
    class: 'entity_management',
    activityId: 3,
    entityTypeId: 5,
  },
  'Delete conditional access policy': {
    class: 'entity_management',
    activityId: 4,
    entityTypeId: 5,
  },
  'Add device': { class: 'entity_management', activityId: 1, entityTypeId: 1 },
  'Delete device': { class: 'entity_management', activityId: 4, entityTypeId: 1 },
  'Update device': { class: 'entity_management', activityId: 3, entityTypeId: 1 },
};

const OPERATIONS: Readonly<Record<string, 1 | 3 | 4>> = { Add: 1, Update: 3, Delete: 4 };
const ENTITY_TYPES: Readonly<Record<string, 1 | 3 | 5>> = { Device: 1, Group: 3, Policy: 5 };

/**
 * The mapping of a directory audit: the activity table first, then by category and operation
 * (`UserManagement` → Account Change, `RoleManagement` → User Access Management, any other →
 * Entity Management by `operationType` and the first target's type).
 */
export function entraAuditMapping(audit: {
  activityDisplayName?: string | null | undefined;
  category?: string | null | undefined;
  operationType?: string | null | undefined;
  targetType?: string | null | undefined;
}): EntraAuditMapping {
  const known = ENTRA_AUDIT_ACTIVITIES[audit.activityDisplayName ?? ''];
  if (known) return known;
  if (audit.category === 'UserManagement' && audit.targetType === 'User') {
    return { class: 'account_change', activityId: 99 };
  }
  if (audit.category === 'RoleManagement' && audit.targetType === 'User') {
    const revoke = /remove|delete|unassign/i.test(
      `${audit.operationType} ${audit.activityDisplayName}`,
    );
    return { class: 'user_access', activityId: revoke ? 2 : 1 };
  }
  return {
    class: 'entity_management',
    activityId: OPERATIONS[audit.operationType ?? ''] ?? 99,
    entityTypeId: ENTITY_TYPES[audit.targetType ?? ''] ?? 99,
  };
}
