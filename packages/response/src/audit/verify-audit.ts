import { type AuditRecord, GENESIS_HASH, hashAuditRecord } from './audit-record.js';

/** The kinds of problems the verifier reports. */
export type AuditProblemKind =
  | 'altered'
  | 'removed'
  | 'inserted'
  | 'reordered'
  | 'truncated'
  | 'malformed';

/** One problem found by {@link verifyAuditRecords}. */
export interface AuditProblem {
  kind: AuditProblemKind;
  /** Position in the list checked (0-based). */
  position: number;
  /** The record's own index, when readable. */
  index?: number;
  message: string;
}

/** The verifier's verdict. */
export interface AuditVerification {
  /** True when there is no problem. */
  valid: boolean;
  /** Records checked. */
  count: number;
  /** Every problem found, in order. */
  problems: AuditProblem[];
}

/** The chain head a verifier compares the last record with (kept apart from the log). */
export interface AuditHead {
  index: number;
  hash: string;
}

function isRecord(value: unknown): value is AuditRecord {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return (
    Number.isInteger(record['index']) &&
    typeof record['hash'] === 'string' &&
    typeof record['previousHash'] === 'string' &&
    typeof record['type'] === 'string'
  );
}

/**
 * Checks a hash chain of audit records: each record's hash over its content, each link to the
 * previous record's hash, and indices 1, 2, 3, … without gaps. Any altered, removed, inserted or
 * reordered record is reported; with `head` (the chain head stored apart), a removed tail is too.
 */
export function verifyAuditRecords(
  records: readonly unknown[],
  options: { head?: AuditHead } = {},
): AuditVerification {
  const problems: AuditProblem[] = [];
  let previousHash = GENESIS_HASH;
  let expectedIndex = 1;
  const seen = new Set<number>();
  records.forEach((candidate, position) => {
    if (!isRecord(candidate)) {
      problems.push({
        kind: 'malformed',
        position,
        message: `record ${position + 1} is not an audit record`,
      });
      return;
    }
    const record = candidate;
    const recomputed = hashAuditRecord(record);
    if (recomputed !== record.hash) {
      problems.push({
        kind: 'altered',
        position,
        index: record.index,
        message: `record ${record.index}: content does not match its hash`,
      });
    }
    if (record.index !== expectedIndex) {
      let kind: AuditProblemKind;
      if (record.index < expectedIndex) {
        kind = seen.has(record.index) ? 'inserted' : 'reordered';
      } else {
        const laterIndices = new Set<number>();
        for (const later of records.slice(position + 1))
          if (isRecord(later)) laterIndices.add(later.index);
        kind = laterIndices.has(expectedIndex) ? 'reordered' : 'removed';
      }
      problems.push({
        kind,
        position,
        index: record.index,
        message:
          kind === 'removed'
            ? `record ${record.index} follows ${expectedIndex - 1}: ${record.index - expectedIndex} record(s) missing`
            : kind === 'inserted'
              ? `record ${record.index} appears twice: a record was inserted`
              : `record ${record.index} appears where ${expectedIndex} was expected: records were reordered`,
      });
    } else if (record.previousHash !== previousHash) {
      problems.push({
        kind: 'altered',
        position,
        index: record.index,
        message: `record ${record.index} does not link to the record before it`,
      });
    }
    seen.add(record.index);
    previousHash = record.hash;
    expectedIndex = Math.max(expectedIndex, record.index) + 1;
  });
  const head = options.head;
  if (head !== undefined) {
    const last = records.at(-1);
    const lastIndex = isRecord(last) ? last.index : 0;
    if (lastIndex < head.index) {
      problems.push({
        kind: 'truncated',
        position: records.length,
        message: `the chain ends at ${lastIndex} but its head is ${head.index}`,
      });
    } else if (isRecord(last) && (last.index !== head.index || last.hash !== head.hash)) {
      problems.push({
        kind: 'altered',
        position: records.length - 1,
        index: last.index,
        message: `the last record does not match the chain head ${head.index}`,
      });
    }
  }
  return { valid: problems.length === 0, count: records.length, problems };
}

/** Parses JSON lines exported by {@link AuditLog.exportJsonLines} (bad lines become malformed entries). */
export function parseAuditJsonLines(text: string): unknown[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      try {
        return JSON.parse(line) as unknown;
      } catch {
        return { malformed: line };
      }
    });
}
