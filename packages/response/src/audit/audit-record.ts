import { createHash } from 'node:crypto';
import type { JsonValue } from '@openmdr/core';
import { canonicalJson } from './canonical-json.js';

/** What happened, by kind. */
export const AUDIT_RECORD_TYPES = [
  'command.received',
  'policy.decided',
  'command.refused',
  'approval.requested',
  'approval.decided',
  'approval.escalated',
  'approval.expired',
  'command.sent',
  'command.response',
  'state.changed',
  /** A person or agent called an operation (the SOC dashboard, its JSON API, an MCP tool). */
  'access.call',
] as const;

/** An audit record type. */
export type AuditRecordType = (typeof AUDIT_RECORD_TYPES)[number];

/** The hash of the first record's predecessor. */
export const GENESIS_HASH = '0'.repeat(64);

/** One audit record, as stored and exported. */
export interface AuditRecord {
  /** Position in the tenant's chain, from 1, without gaps. */
  index: number;
  /** Epoch ms. */
  at: number;
  tenant: string;
  type: AuditRecordType;
  /** Who caused it: a person (`alice@example.com`), a playbook run, `system`. */
  actor: string;
  /** The command it concerns. */
  requestId?: string;
  /** What happened (redacted JSON). */
  data: JsonValue;
  /** The hash of the record before (`GENESIS_HASH` for the first). */
  previousHash: string;
  /** SHA-256 (hex) of the canonical JSON of every other field. */
  hash: string;
}

/** The SHA-256 (hex) of a record's canonical JSON without its `hash`. */
export function hashAuditRecord(record: Omit<AuditRecord, 'hash'> & { hash?: string }): string {
  const { hash: _ignored, ...content } = record;
  return createHash('sha256').update(canonicalJson(content)).digest('hex');
}
