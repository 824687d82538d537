import type { NormalizedEvent } from '@openmdr/connector-kit';
import { NormalizationError } from '@openmdr/connector-kit';
import {
  buildEvent,
  type NormalizeOptions,
  type OcsfPart,
  riskLevelAttributes,
} from '@openmdr/connector-kit/normalize';
import { checkOktaLogEvent } from './check-log-event.js';
import { oktaEventMapping } from './event-types.js';
import type { CheckedOktaLogEvent, OktaLogActor } from './log-event.js';
import {
  actorOf,
  attacksOf,
  authProtocolOf,
  factorsOf,
  outcomeOf,
  severityOf,
  sourceEndpoint,
  targetsOf,
  userOf,
} from './log-event-parts.js';

/** Options of {@link normalizeOktaLogEvent}: the kit's normaliser options. */
export type NormalizeOktaOptions = NormalizeOptions;

/**
 * The `metadata.debug` entry of an event whose record had no `uuid` (exported through a SIEM,
 * forwarder or hook that drops it): its `metadata.uid` was derived by `deriveOktaEventId`.
 */
export const DERIVED_UUID_WARNING =
  'okta: the record has no uuid; metadata.uid is derived from published, eventType, actor, transaction, request, session, client IP, targets and outcome';

const PRODUCT = { name: 'Okta Identity Cloud', vendor_name: 'Okta' } as const;

/** Fields every class gets: time, severity, message, metadata, source, user agent, unmapped. */
function commonAttributes(
  event: CheckedOktaLogEvent,
  time: number,
  derivedUuid: boolean,
): { metadata: OcsfPart; [attribute: string]: unknown } {
  const userAgent = event.client?.userAgent;
  const context = event.authenticationContext ?? {};
  return {
    time,
    severity_id: severityOf(event.severity),
    message: event.displayMessage,
    metadata: {
      product: PRODUCT,
      uid: event.uuid,
      event_code: event.eventType,
      log_name: 'System Log',
      log_provider: 'Okta',
      original_time: event.published,
      correlation_uid: event.transaction?.id,
      debug: derivedUuid ? [DERIVED_UUID_WARNING] : undefined,
    },
    src_endpoint: sourceEndpoint(event),
    http_request: userAgent?.rawUserAgent ? { user_agent: userAgent.rawUserAgent } : undefined,
    unmapped: {
      legacyEventType: event.legacyEventType,
      actor: event.actor
        ? { type: event.actor.type, detailEntry: event.actor.detailEntry }
        : undefined,
      client: {
        id: event.client?.id,
        zone: event.client?.zone,
        device: event.client?.device,
        userAgent: { browser: userAgent?.browser },
      },
      device: event.device,
      authenticationContext: {
        authenticationProvider: context.authenticationProvider,
        credentialProvider: context.credentialProvider,
        credentialType: context.credentialType,
        interface: context.interface,
        authenticationStep: context.authenticationStep,
        rootSessionId: context.rootSessionId,
        issuer: context.issuer,
      },
      transaction: { type: event.transaction?.type, detail: event.transaction?.detail },
      debugContext: { debugData: event.debugContext?.debugData },
      securityContext: { isProxy: event.securityContext?.isProxy },
    },
  };
}

function withUnmapped(
  common: Record<string, unknown>,
  extra: Record<string, unknown>,
): Record<string, unknown> {
  return { ...(common['unmapped'] as Record<string, unknown>), ...extra };
}

function targetSummary(targets: readonly OktaLogActor[]): Record<string, unknown>[] {
  return targets.map((target) => ({
    id: target.id,
    type: target.type,
    alternateId: target.alternateId,
    displayName: target.displayName,
    detailEntry: target.detailEntry,
  }));
}

/** The subject user of a change: the first `User` target, else the actor. */
function subjectUser(event: CheckedOktaLogEvent): Record<string, unknown> {
  const user = userOf(targetsOf(event, 'User')[0]) ?? userOf(event.actor);
  if (!user) {
    throw new NormalizationError(`Okta ${event.eventType} event names no user`, {
      path: 'target',
    });
  }
  return user;
}

/**
 * Normalises one Okta System Log `LogEvent` into an OCSF 1.8.0 event, chosen by `eventType`:
 *
 * - sign-ons, SSO, MFA verifications, token grants, sign-on policy evaluations → Authentication
 *   (3002) with the client IP and geolocation (`src_endpoint`), user agent (`http_request`),
 *   factors (`auth_factors`, `is_mfa`), session, risk level and result (`status_id`,
 *   `status_detail`);
 * - user lifecycle, password, lock and factor changes → Account Change (3001);
 * - suspensions, group, app, policy, zone and API token changes → Entity Management (3004);
 * - privilege grants, group and app assignments → User Access Management (3005);
 * - ThreatInsight, breached credentials and user risk → Detection Finding (2004);
 * - any other type → Base Event (0).
 *
 * Vendor fields OCSF has no place for are kept in `unmapped` under their Okta names. The
 * function is pure and strict about what it emits (every event validates against OCSF 1.8.0).
 *
 * A record without `uuid` still normalises: `metadata.uid` is derived from the event's
 * identifying fields (`deriveOktaEventId`: the same for every delivery of the event) and `metadata.debug` says so
 * ({@link DERIVED_UUID_WARNING}). A record wrapped by Okta Log Streaming to EventBridge is read
 * from its `detail`.
 *
 * @throws {NormalizationError} (`NORMALIZE_FAILED`) naming the field when the record is not a
 *   System Log event (no `eventType` or `published`) or lacks what its class requires.
 */
export function normalizeOktaLogEvent(
  record: unknown,
  options: NormalizeOktaOptions = {},
): NormalizedEvent {
  const { event, time, derivedUuid } = checkOktaLogEvent(record);
  const mapping = oktaEventMapping(event.eventType);
  const common = commonAttributes(event, time, derivedUuid);
  const from = { source: 'Okta System Log', record, options };
  const actor = actorOf(event);
  switch (mapping.class) {
    case 'authentication': {
      const user = userOf(event.actor) ?? userOf(targetsOf(event, 'User')[0]);
      if (!user) {
        throw new NormalizationError(`Okta ${event.eventType} event names no user`, {
          path: 'actor',
        });
      }
      const app = targetsOf(event, 'AppInstance')[0];
      const { auth_factors, is_mfa } = factorsOf(event);
      const sessionId = event.authenticationContext?.externalSessionId;
      const debug = event.debugContext?.debugData ?? {};
      return buildEvent(
        'authentication',
        {
          ...common,
          ...outcomeOf(event),
          activity_id: mapping.activityId,
          activity_name: mapping.activityName,
          user,
          actor: {
            session: actor?.['session'],
            app_name: actor?.['app_name'],
            app_uid: actor?.['app_uid'],
          },
          service: app
            ? { name: app.displayName ?? app.alternateId, uid: app.id }
            : { name: 'Okta' },
          session: sessionId && sessionId !== 'unknown' ? { uid: sessionId, is_mfa } : undefined,
          auth_factors,
          is_mfa,
          auth_protocol_id: authProtocolOf(event),
          ...riskLevelAttributes(debug['risk']),
          unmapped: withUnmapped(common, {
            target: targetSummary(
              (event.target ?? []).filter(
                (target) => target !== app && target.type !== 'AuthenticatorEnrollment',
              ),
            ),
          }),
        },
        from,
      );
    }
    case 'account_change': {
      return buildEvent(
        'account_change',
        {
          ...common,
          ...outcomeOf(event),
          activity_id: mapping.activityId,
          user: subjectUser(event),
          actor,
          auth_factors:
            mapping.activityId === 10 || mapping.activityId === 11
              ? factorsOf(event).auth_factors
              : undefined,
          unmapped: withUnmapped(common, {
            target: targetSummary((event.target ?? []).filter((target) => target.type !== 'User')),
          }),
        },
        from,
      );
    }
    case 'entity_management': {
      const target = (event.target ?? [])[0];
      if (!target) {
        throw new NormalizationError(`Okta ${event.eventType} event has no target`, {
          path: 'target',
        });
      }
      const reference = { uid: target.id, name: target.displayName ?? target.alternateId };
      const entity: Record<string, unknown> = {
        ...reference,
        type_id: mapping.entityTypeId,
        type: mapping.entityTypeId === 99 ? target.type : undefined,
      };
      if (mapping.entityTypeId === 2) entity['user'] = userOf(target);
      if (mapping.entityTypeId === 3) entity['group'] = reference;
      if (mapping.entityTypeId === 5) entity['policy'] = reference;
      return buildEvent(
        'entity_management',
        {
          ...common,
          ...outcomeOf(event),
          activity_id: mapping.activityId,
          entity,
          actor,
          unmapped: withUnmapped(common, {
            target: targetSummary((event.target ?? []).slice(1)),
          }),
        },
        from,
      );
    }
    case 'user_access': {
      const debug = event.debugContext?.debugData ?? {};
      const named = debug['privilegeGranted'] ?? debug['privilegeRevoked'];
      const resources = (event.target ?? []).filter((target) => target.type !== 'User');
      const privileges =
        typeof named === 'string' && named.length > 0
          ? named.split(',').map((name) => name.trim())
          : resources.map((target) => target.displayName ?? target.alternateId ?? target.id);
      if (privileges.filter(Boolean).length === 0) {
        throw new NormalizationError(
          `Okta ${event.eventType} event names no privilege, group or app`,
          { path: 'target' },
        );
      }
      return buildEvent(
        'user_access',
        {
          ...common,
          ...outcomeOf(event),
          activity_id: mapping.activityId,
          user: subjectUser(event),
          actor,
          privileges,
          resources: resources.map((target) => ({
            uid: target.id,
            name: target.displayName ?? target.alternateId,
            type: target.type,
          })),
        },
        from,
      );
    }
    case 'detection_finding': {
      const debug = event.debugContext?.debugData ?? {};
      const user = userOf(targetsOf(event, 'User')[0]) ?? userOf(event.actor);
      const { src_endpoint, http_request, ...rest } = common;
      return buildEvent(
        'detection_finding',
        {
          ...rest,
          activity_id: 1,
          status_id: 1,
          finding_info: {
            uid: event.uuid,
            title: event.displayMessage ?? event.eventType,
            desc: event.outcome?.reason,
            types: [event.eventType],
            created_time: time,
            product: PRODUCT,
          },
          evidences: [{ actor, user, src_endpoint, http_request }],
          attacks: attacksOf(event),
          ...riskLevelAttributes(debug['risk'] ?? debug['riskLevel']),
          unmapped: withUnmapped(common, {
            outcome: event.outcome,
            target: targetSummary(event.target ?? []),
          }),
        },
        from,
      );
    }
    case 'base_event': {
      const { src_endpoint, http_request, ...rest } = common;
      return buildEvent(
        'base_event',
        {
          ...rest,
          ...outcomeOf(event),
          activity_id: 99,
          activity_name: event.eventType,
          unmapped: withUnmapped(common, {
            actor: event.actor,
            client: event.client,
            securityContext: event.securityContext,
            target: targetSummary(event.target ?? []),
          }),
        },
        from,
      );
    }
  }
}
