import type { NormalizedEvent } from '@openmdr/connector-kit';
import { NormalizationError } from '@openmdr/connector-kit';
import { buildEvent, validIp } from '@openmdr/connector-kit/normalize';
import { entraAuditMapping } from './audit-activities.js';
import type { NormalizeEntraOptions } from './normalize-sign-in.js';
import { checkGraphRecord, ENTRA_PRODUCT } from './record-parts.js';
import { type EntraDirectoryAudit, entraDirectoryAuditSchema } from './records.js';

type Target = NonNullable<EntraDirectoryAudit['targetResources']>[number];

function userOf(target: Target | undefined): Record<string, unknown> | undefined {
  if (!target) return undefined;
  if (!target.id && !target.userPrincipalName) return undefined;
  return {
    uid: target.id,
    name: target.userPrincipalName,
    full_name: target.displayName,
    type_id: 1,
  };
}

function actorOf(audit: EntraDirectoryAudit): Record<string, unknown> | undefined {
  const user = audit.initiatedBy?.user;
  const app = audit.initiatedBy?.app;
  return {
    user:
      user && (user.id || user.userPrincipalName)
        ? { uid: user.id, name: user.userPrincipalName, full_name: user.displayName }
        : undefined,
    app_name: app?.displayName ?? app?.servicePrincipalName,
    app_uid: app?.appId ?? app?.servicePrincipalId,
  };
}

function statusOf(audit: EntraDirectoryAudit): Record<string, unknown> {
  switch (audit.result) {
    case 'success':
      return { status_id: 1, status_detail: audit.resultReason };
    case 'failure':
      return { status_id: 2, status_detail: audit.resultReason };
    case undefined:
    case null:
      return { status_id: 0, status_detail: audit.resultReason };
    default:
      return { status_id: 99, status: audit.result, status_detail: audit.resultReason };
  }
}

/**
 * Normalises one Microsoft Graph `directoryAudit` into an OCSF 1.8.0 event chosen by activity:
 * user lifecycle, password and security-info changes → Account Change (3001); role, group and
 * app-role assignments → User Access Management (3005); group, application, service principal,
 * Conditional Access policy and device changes → Entity Management (3004). The initiator (user or
 * app, with its IP) is the actor; modified properties and additional details stay in `unmapped`.
 *
 * @throws {NormalizationError} (`NORMALIZE_FAILED`) naming the field when the record has no `id`,
 *   no valid `activityDateTime`, or no target the class needs.
 */
export function normalizeEntraDirectoryAudit(
  record: unknown,
  options: NormalizeEntraOptions = {},
): NormalizedEvent {
  const { value: audit, time } = checkGraphRecord(
    record,
    entraDirectoryAuditSchema,
    'directoryAudit',
    'activityDateTime',
  );
  const targets = audit.targetResources ?? [];
  const first = targets[0];
  const mapping = entraAuditMapping({ ...audit, targetType: first?.type });
  const userTarget = targets.find((target) => target.type === 'User');
  const others = targets.filter((target) => target !== userTarget);
  const ip = validIp(audit.initiatedBy?.user?.ipAddress);
  const from = { source: 'Microsoft Entra directoryAudit', record, options };
  const common = {
    time,
    severity_id: 1,
    ...statusOf(audit),
    metadata: {
      product: ENTRA_PRODUCT,
      uid: audit.id,
      correlation_uid: audit.correlationId,
      event_code: audit.activityDisplayName,
      log_name: 'directoryAudits',
      log_provider: audit.loggedByService ?? 'Microsoft Graph',
      original_time: audit.activityDateTime,
    },
    message: audit.activityDisplayName,
    actor: actorOf(audit),
    src_endpoint: ip ? { ip } : undefined,
    unmapped: {
      category: audit.category,
      operationType: audit.operationType,
      loggedByService: audit.loggedByService,
      targetResources: targets.map((target) => ({
        id: target.id,
        type: target.type,
        displayName: target.displayName,
        modifiedProperties: target.modifiedProperties,
      })),
      additionalDetails: audit.additionalDetails,
    },
  };
  switch (mapping.class) {
    case 'account_change': {
      const user = userOf(userTarget ?? first);
      if (!user) {
        throw new NormalizationError(
          `Microsoft Graph directoryAudit "${audit.activityDisplayName}" names no target user`,
          { path: 'targetResources' },
        );
      }
      return buildEvent(
        'account_change',
        { ...common, activity_id: mapping.activityId, user },
        from,
      );
    }
    case 'user_access': {
      const user = userOf(userTarget);
      const privileges = others
        .map((target) => target.displayName ?? target.id)
        .filter((name): name is string => typeof name === 'string' && name.length > 0);
      if (!user || privileges.length === 0) {
        throw new NormalizationError(
          `Microsoft Graph directoryAudit "${audit.activityDisplayName}" names no user and role, group or app`,
          { path: 'targetResources' },
        );
      }
      return buildEvent(
        'user_access',
        {
          ...common,
          activity_id: mapping.activityId,
          user,
          privileges,
          resources: others.map((target) => ({
            uid: target.id,
            name: target.displayName,
            type: target.type,
          })),
        },
        from,
      );
    }
    case 'entity_management': {
      if (!first || (!first.id && !first.displayName)) {
        throw new NormalizationError(
          `Microsoft Graph directoryAudit "${audit.activityDisplayName}" has no target`,
          { path: 'targetResources' },
        );
      }
      const reference = { uid: first.id, name: first.displayName };
      const entity: Record<string, unknown> = {
        ...reference,
        type_id: mapping.entityTypeId,
        type: mapping.entityTypeId === 99 ? first.type : undefined,
      };
      if (mapping.entityTypeId === 3) entity['group'] = reference;
      if (mapping.entityTypeId === 5) entity['policy'] = reference;
      return buildEvent(
        'entity_management',
        { ...common, activity_id: mapping.activityId, entity },
        from,
      );
    }
  }
}
