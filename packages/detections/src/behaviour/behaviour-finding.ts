/** Builds the Detection Findings of behaviour detections, with the core builders. */
import { createHash } from 'node:crypto';
import { type DetectionFinding, ocsf } from '@openmdr/core';
import { findAttackTactic } from '../attack/tactics.js';

/** What a behaviour detection found. */
export interface BehaviourFindingInput {
  /** Detection id (`behaviour.impossible-travel`). */
  detection: string;
  /** Title. */
  title: string;
  /** Description of what was seen. */
  message: string;
  /** OCSF severity id. */
  severityId: 1 | 2 | 3 | 4 | 5;
  /** Event time of the finding. */
  time: number;
  /** The event that completed the behaviour. */
  event: Record<string, unknown>;
  /** Earlier events' times or ids that are part of it. */
  evidence: Record<string, unknown>;
  /** ATT&CK technique id and tactic short name. */
  attack: { technique: string; techniqueName: string; tactic: string };
  /** Host name for `device.hostname`. */
  host?: string;
  /** User name for `actor.user.name`. */
  user?: string;
}

/** Builds a strictly valid Detection Finding for a behaviour. Its uid is derived from the detection, the event and time. */
export function behaviourFinding(input: BehaviourFindingInput): DetectionFinding {
  const metadata = input.event['metadata'] as Record<string, unknown> | undefined;
  const eventUid = typeof metadata?.['uid'] === 'string' ? (metadata['uid'] as string) : undefined;
  const uid = createHash('sha256')
    .update(
      JSON.stringify([
        input.detection,
        eventUid ?? null,
        input.time,
        input.host ?? null,
        input.user ?? null,
      ]),
    )
    .digest('hex')
    .slice(0, 32);
  const tactic = findAttackTactic(input.attack.tactic);
  const tenant =
    typeof metadata?.['tenant_uid'] === 'string' ? (metadata['tenant_uid'] as string) : undefined;
  return ocsf.detectionFinding({
    activity_id: 1,
    status_id: 1,
    severity_id: input.severityId,
    is_alert: true,
    time: input.time,
    message: input.message,
    finding_info: {
      uid,
      title: input.title,
      types: ['Behaviour'],
      analytic: { type_id: 2, name: input.title, uid: input.detection },
      attacks: [
        {
          technique: { uid: input.attack.technique, name: input.attack.techniqueName },
          ...(tactic === undefined
            ? {}
            : {
                tactic: {
                  name: tactic.name,
                  ...(tactic.id === undefined ? {} : { uid: tactic.id }),
                },
              }),
        },
      ],
      first_seen_time: input.time,
      last_seen_time: input.time,
      ...(eventUid === undefined ? {} : { related_events: [{ uid: eventUid }] }),
    },
    evidences: [{ name: input.detection, data: input.evidence as never }],
    ...(input.host === undefined ? {} : { device: { hostname: input.host, type_id: 0 } }),
    ...(input.user === undefined ? {} : { actor: { user: { name: input.user } } }),
    metadata: {
      product: { name: 'OpenMDR Behaviour', vendor_name: 'OpenMDR' },
      profiles: ['security_control', 'host'],
      ...(tenant === undefined ? {} : { tenant_uid: tenant }),
    },
  } as never);
}

/** Reads a dotted path. */
export function read(event: Record<string, unknown>, path: string): unknown {
  let current: unknown = event;
  for (const part of path.split('.')) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

/** The first string among dotted paths. */
export function readString(event: Record<string, unknown>, ...paths: string[]): string | undefined {
  for (const path of paths) {
    const value = read(event, path);
    if (typeof value === 'string' && value !== '') return value;
  }
  return undefined;
}
