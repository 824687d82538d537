import {
  type Clock,
  CompareAndSetConflict,
  type JsonValue,
  redact,
  systemClock,
  type TenantStore,
} from '@openmdr/core';
import {
  type AuditRecord,
  type AuditRecordType,
  GENESIS_HASH,
  hashAuditRecord,
} from './audit-record.js';
import { type AuditHead, type AuditVerification, verifyAuditRecords } from './verify-audit.js';

/** What a caller appends; the log adds index, time, tenant and hashes. */
export interface AuditEntry {
  type: AuditRecordType;
  /** Who caused it. Default `system`. */
  actor?: string;
  /** The command it concerns. */
  requestId?: string;
  /** What happened: redacted before it is hashed and stored. */
  data: unknown;
}

/** Options of {@link AuditLog}. */
export interface AuditLogOptions {
  /** The log stream. Default `response.audit`. */
  stream?: string;
  /** Clock. */
  clock?: Clock;
  /**
   * A head claimed by a writer that never appended its record (it crashed) is repaired by the next
   * writer after this long, in ms. Default 30 000.
   */
  repairAfterMs?: number;
}

interface StoredHead {
  index: number;
  hash: string;
  at: number;
  record: JsonValue;
}

const READ_PAGE = 1_000;

/**
 * A tenant's hash-chained audit log on the core store's append-only log. Each record carries the
 * SHA-256 of its canonical JSON and its predecessor's hash; the chain head (index and hash) is also
 * kept in the tenant's state with compare-and-set, so that writers in several processes extend one
 * chain and a removed tail is detected. Data is redacted (`redact` from `@openmdr/core`) before it
 * is hashed: secrets never reach a record.
 */
export class AuditLog {
  readonly #store: TenantStore;
  readonly #stream: string;
  readonly #clock: Clock;
  readonly #repairAfterMs: number;
  readonly #headKey: string;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(store: TenantStore, options: AuditLogOptions = {}) {
    this.#store = store;
    this.#stream = options.stream ?? 'response.audit';
    this.#clock = options.clock ?? systemClock;
    this.#repairAfterMs = options.repairAfterMs ?? 30_000;
    this.#headKey = `audit-head:${this.#stream}`;
  }

  /** The tenant. */
  get tenant(): string {
    return this.#store.tenant;
  }

  /** Appends one record and returns it. Appends from one instance are serialised. */
  append(entry: AuditEntry): Promise<AuditRecord> {
    const result = this.#queue.then(() => this.#appendNow(entry));
    this.#queue = result.catch(() => undefined);
    return result;
  }

  async #appendNow(entry: AuditEntry): Promise<AuditRecord> {
    for (;;) {
      const head = await this.#store.state.get<StoredHead & { [key: string]: JsonValue }>(
        this.#headKey,
      );
      const last = await this.#store.log.lastSequence(this.#stream);
      if (head !== undefined && head.value.index > last) {
        // A writer claimed the head but its record is not in the log yet.
        if (this.#clock.now() - head.value.at < this.#repairAfterMs) {
          await new Promise((resolve) => setTimeout(resolve, 5));
          continue;
        }
        try {
          await this.#store.state.compareAndSet(this.#headKey, head.version, {
            ...head.value,
            at: this.#clock.now(),
          });
        } catch (error) {
          if (CompareAndSetConflict.isInstance(error)) continue;
          throw error;
        }
        await this.#store.log.append(this.#stream, [head.value.record]);
        continue;
      }
      const content: Omit<AuditRecord, 'hash'> = {
        index: (head?.value.index ?? last) + 1,
        at: this.#clock.now(),
        tenant: this.#store.tenant,
        type: entry.type,
        actor: entry.actor ?? 'system',
        ...(entry.requestId === undefined ? {} : { requestId: entry.requestId }),
        data: toJson(redact(entry.data)),
        previousHash: head?.value.hash ?? GENESIS_HASH,
      };
      const record: AuditRecord = { ...content, hash: hashAuditRecord(content) };
      const stored: StoredHead = {
        index: record.index,
        hash: record.hash,
        at: record.at,
        record: record as unknown as JsonValue,
      };
      try {
        await this.#store.state.compareAndSet(
          this.#headKey,
          head?.version ?? null,
          stored as unknown as JsonValue,
        );
      } catch (error) {
        if (CompareAndSetConflict.isInstance(error)) continue;
        throw error;
      }
      await this.#store.log.append(this.#stream, [record as unknown as JsonValue]);
      return record;
    }
  }

  /** Reads records in order (`from`/`to` are record indices, inclusive). */
  async read(options: { from?: number; to?: number; limit?: number } = {}): Promise<AuditRecord[]> {
    const entries = await this.#store.log.read(this.#stream, options);
    return entries.map((entry) => entry.data as unknown as AuditRecord);
  }

  /** Every record, page by page. */
  async *records(): AsyncIterable<AuditRecord> {
    let from = 1;
    for (;;) {
      const page = await this.#store.log.read(this.#stream, { from, limit: READ_PAGE });
      for (const entry of page) yield entry.data as unknown as AuditRecord;
      if (page.length < READ_PAGE) return;
      from += page.length;
    }
  }

  /** The chain head kept apart from the log, or undefined for an empty log. */
  async head(): Promise<AuditHead | undefined> {
    const head = await this.#store.state.get<StoredHead & { [key: string]: JsonValue }>(
      this.#headKey,
    );
    return head === undefined ? undefined : { index: head.value.index, hash: head.value.hash };
  }

  /** Verifies the whole chain against its head. */
  async verify(): Promise<AuditVerification> {
    const records: AuditRecord[] = [];
    for await (const record of this.records()) records.push(record);
    const head = await this.head();
    return verifyAuditRecords(records, head === undefined ? {} : { head });
  }

  /** The records as JSON lines (one record per line, `\n` after each). */
  async *exportJsonLines(): AsyncIterable<string> {
    for await (const record of this.records()) yield `${JSON.stringify(record)}\n`;
  }
}

function toJson(value: unknown): JsonValue {
  if (value === undefined) return null;
  return JSON.parse(JSON.stringify(value)) as JsonValue;
}
