/** The OCSF class (and activity) an Okta System Log event type maps to. */
export type OktaEventMapping =
  | { class: 'authentication'; activityId: 1 | 2 | 3 | 6 | 99; activityName?: string }
  | { class: 'account_change'; activityId: 1 | 2 | 3 | 4 | 5 | 6 | 9 | 10 | 11 | 12 | 99 }
  | {
      class: 'entity_management';
      activityId: 1 | 3 | 4 | 8 | 9 | 10 | 11 | 12 | 13 | 99;
      /** OCSF `managed_entity.type_id`: 2 User, 3 Group, 5 Policy, 7 Network Zone, 99 Other. */
      entityTypeId: 2 | 3 | 5 | 7 | 99;
    }
  | { class: 'user_access'; activityId: 1 | 2 }
  | { class: 'detection_finding' }
  | { class: 'base_event' };

/**
 * Okta event types with a dedicated mapping. Sources: the Okta Event Types catalogue
 * (developer.okta.com/docs/reference/api/event-types) and the System Log API reference.
 */
export const OKTA_EVENT_TYPES: Readonly<Record<string, OktaEventMapping>> = {
  // Authentication
  'user.session.start': { class: 'authentication', activityId: 1 },
  'user.session.end': { class: 'authentication', activityId: 2 },
  'user.session.expire': { class: 'authentication', activityId: 2 },
  'user.authentication.sso': { class: 'authentication', activityId: 1 },
  'user.authentication.auth_via_mfa': { class: 'authentication', activityId: 1 },
  'user.authentication.auth_via_IDP': { class: 'authentication', activityId: 1 },
  'user.authentication.auth_via_social': { class: 'authentication', activityId: 1 },
  'user.authentication.auth_via_radius': { class: 'authentication', activityId: 1 },
  'user.authentication.authenticate': { class: 'authentication', activityId: 1 },
  'user.authentication.verify': {
    class: 'authentication',
    activityId: 6,
    activityName: 'Verify',
  },
  'user.mfa.okta_verify.deny_push': { class: 'authentication', activityId: 1 },
  'user.mfa.attempt_bypass': { class: 'authentication', activityId: 1 },
  'policy.evaluate_sign_on': {
    class: 'authentication',
    activityId: 99,
    activityName: 'Evaluate Sign-On Policy',
  },
  'app.oauth2.as.token.grant.access_token': { class: 'authentication', activityId: 3 },
  'app.oauth2.token.grant.access_token': { class: 'authentication', activityId: 3 },
  // Account Change
  'user.lifecycle.create': { class: 'account_change', activityId: 1 },
  'user.lifecycle.activate': { class: 'account_change', activityId: 2 },
  'user.lifecycle.reactivate': { class: 'account_change', activityId: 2 },
  'user.lifecycle.deactivate': { class: 'account_change', activityId: 5 },
  'user.lifecycle.delete.initiated': { class: 'account_change', activityId: 6 },
  'user.lifecycle.delete.completed': { class: 'account_change', activityId: 6 },
  'user.account.update_password': { class: 'account_change', activityId: 3 },
  'user.account.reset_password': { class: 'account_change', activityId: 4 },
  'user.lifecycle.password_mass_expiry': { class: 'account_change', activityId: 4 },
  'user.account.lock': { class: 'account_change', activityId: 9 },
  'user.account.lock.limit': { class: 'account_change', activityId: 9 },
  'user.account.unlock': { class: 'account_change', activityId: 12 },
  'user.account.unlock_by_admin': { class: 'account_change', activityId: 12 },
  'user.mfa.factor.activate': { class: 'account_change', activityId: 10 },
  'user.mfa.factor.deactivate': { class: 'account_change', activityId: 11 },
  'user.mfa.factor.reset_all': { class: 'account_change', activityId: 11 },
  'user.mfa.factor.suspend': { class: 'account_change', activityId: 11 },
  'user.account.update_profile': { class: 'account_change', activityId: 99 },
  // Entity Management
  'user.lifecycle.suspend': { class: 'entity_management', activityId: 12, entityTypeId: 2 },
  'user.lifecycle.unsuspend': { class: 'entity_management', activityId: 13, entityTypeId: 2 },
  'group.lifecycle.create': { class: 'entity_management', activityId: 1, entityTypeId: 3 },
  'group.lifecycle.delete': { class: 'entity_management', activityId: 4, entityTypeId: 3 },
  'group.profile.update': { class: 'entity_management', activityId: 3, entityTypeId: 3 },
  'application.lifecycle.create': { class: 'entity_management', activityId: 1, entityTypeId: 99 },
  'application.lifecycle.update': { class: 'entity_management', activityId: 3, entityTypeId: 99 },
  'application.lifecycle.activate': {
    class: 'entity_management',
    activityId: 10,
    entityTypeId: 99,
  },
  'application.lifecycle.deactivate': {
    class: 'entity_management',
    activityId: 11,
    entityTypeId: 99,
  },
  'application.lifecycle.delete': { class: 'entity_management', activityId: 4, entityTypeId: 99 },
  'policy.lifecycle.create': { class: 'entity_management', activityId: 1, entityTypeId: 5 },
  'policy.lifecycle.update': { class: 'entity_management', activityId: 3, entityTypeId: 5 },
  'policy.lifecycle.delete': { class: 'entity_management', activityId: 4, entityTypeId: 5 },
  'policy.lifecycle.activate': { class: 'entity_management', activityId: 10, entityTypeId: 5 },
  'policy.lifecycle.deactivate': { class: 'entity_management', activityId: 11, entityTypeId: 5 },
  'policy.rule.update': { class: 'entity_management', activityId: 3, entityTypeId: 5 },
  'zone.create': { class: 'entity_management', activityId: 1, entityTypeId: 7 },
  'zone.update': { class: 'entity_management', activityId: 3, entityTypeId: 7 },
  'zone.delete': { class: 'entity_management', activityId: 4, entityTypeId: 7 },
  'system.api_token.create': { class: 'entity_management', activityId: 1, entityTypeId: 99 },
  'system.api_token.revoke': { class: 'entity_management', activityId: 4, entityTypeId: 99 },
  // User Access Management
  'user.account.privilege.grant': { class: 'user_access', activityId: 1 },
  'user.account.privilege.revoke': { class: 'user_access', activityId: 2 },
  'group.user_membership.add': { class: 'user_access', activityId: 1 },
  'group.user_membership.remove': { class: 'user_access', activityId: 2 },
  'application.user_membership.add': { class: 'user_access', activityId: 1 },
  'application.user_membership.remove': { class: 'user_access', activityId: 2 },
  // Detection Finding
  'security.threat.detected': { class: 'detection_finding' },
  'security.attack.start': { class: 'detection_finding' },
  'security.breached_credential.detected': { class: 'detection_finding' },
  'user.risk.detect': { class: 'detection_finding' },
  'user.risk.change': { class: 'detection_finding' },
  'user.account.report_suspicious_activity_by_enduser': { class: 'detection_finding' },
};

/**
 * The mapping of an event type: the table first, then the family the type belongs to
 * (`user.authentication.*` is an authentication, `*.lifecycle.*` an entity change, …); a type of
 * no known family becomes an OCSF Base Event with its data in `unmapped`.
 */
export function oktaEventMapping(eventType: string): OktaEventMapping {
  const known = OKTA_EVENT_TYPES[eventType];
  if (known) return known;
  if (/^user\.(session|authentication)\./.test(eventType)) {
    return { class: 'authentication', activityId: 99 };
  }
  if (/^user\.(lifecycle|account|mfa\.factor)\./.test(eventType)) {
    return { class: 'account_change', activityId: 99 };
  }
  if (/^(group|application|policy|zone)\.lifecycle\./.test(eventType)) {
    const entityTypeId = eventType.startsWith('group.')
      ? 3
      : eventType.startsWith('policy.')
        ? 5
        : eventType.startsWith('zone.')
          ? 7
          : 99;
    return { class: 'entity_management', activityId: 99, entityTypeId };
  }
  if (/^security\./.test(eventType)) return { class: 'detection_finding' };
  return { class: 'base_event' };
}
