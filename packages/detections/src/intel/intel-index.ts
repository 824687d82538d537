/**
 * The indicator index: hash sets for hashes, URLs and e-mail addresses, exact-address sets and
 * binary prefix tries for IPv4 and IPv6 blocks, a reversed-label trie for domains. Updates and
 * revocations apply in place; the state is the indicator list ({@link IntelIndex.toJSON}).
 */
import { type Clock, systemClock } from '@openmdr/core';
import {
  type CompiledPattern,
  compileStixPattern,
  evaluateIntelExpression,
  type IntelAtom,
  type IntelEventValues,
  type IntelExpression,
  type IntelField,
} from './compile-pattern.js';
import { DomainTrie } from './domain-trie.js';
import { extractIntelEventValues } from './event-values.js';
import type { RejectedIndicator, ThreatIndicator } from './indicator.js';
import { formatIp } from './normalize.js';
import { PostingMap, type Postings } from './postings.js';
import { PrefixTrie } from './prefix-trie.js';

/** Options of {@link IntelIndex}. */
export interface IntelIndexOptions {
  /** Clock for `validFrom`/`validUntil`. Default: the system clock. */
  clock?: Clock;
  /** A domain indicator also matches subdomains (`evil.example` matches `a.evil.example`). Default `true`. */
  includeSubdomains?: boolean;
}

/** What {@link IntelIndex.apply} did. */
export interface IntelApplyResult {
  /** New indicators. */
  added: number;
  /** Indicators replaced by a newer revision (`modified`). */
  updated: number;
  /** Indicators removed because the new revision is revoked. */
  revoked: number;
  /** Revisions ignored because the index holds the same or a newer one. */
  unchanged: number;
  /** Indicators whose pattern does not parse or is unsupported, with the reason. */
  rejected: RejectedIndicator[];
}

/** One value of the event that an indicator matched. */
export interface IntelMatchedValue {
  /** The kind of value. */
  field: IntelField;
  /** The normalised value. */
  value: string;
  /** The OCSF attribute path it came from. */
  path: string;
}

/** One indicator matching one event. */
export interface IntelMatch {
  /** The indicator. */
  indicator: ThreatIndicator;
  /** The event values that satisfied its pattern. */
  matched: IntelMatchedValue[];
}

/** The stored form of an index. */
export interface IntelIndexSnapshot {
  /** Format version. */
  version: 1;
  /** The indicators, sorted by id. */
  indicators: ThreatIndicator[];
}

/** Sizes of the index structures. */
export interface IntelIndexStats {
  indicators: number;
  exactAddresses: number;
  ipv4Blocks: number;
  ipv6Blocks: number;
  trieNodes: number;
  domains: number;
  urls: number;
  emails: number;
  hashes: number;
  /** Indicators without an indexable comparison, evaluated against every event. */
  unindexed: number;
}

const HASH_FIELDS = new Set<IntelField>(['md5', 'sha1', 'sha256', 'sha512']);

function isAtom(expression: IntelExpression): expression is IntelAtom {
  return 'field' in expression;
}

function isSimple(pattern: CompiledPattern): boolean {
  const { expression } = pattern;
  return (
    isAtom(expression) &&
    !expression.negated &&
    (expression.operator === 'equals' || expression.operator === 'cidr') &&
    pattern.indexAtoms.length === 1
  );
}

/**
 * An index of threat indicators for matching OCSF events.
 *
 * @example
 * ```ts
 * const index = new IntelIndex({ clock });
 * index.apply(loadStixBundle(bundle).indicators);
 * for (const match of index.match(event)) console.log(match.indicator.id, match.matched);
 * ```
 */
export class IntelIndex {
  private readonly clock: Clock;
  private readonly includeSubdomains: boolean;
  private readonly indicators: (ThreatIndicator | undefined)[] = [];
  private readonly compiled: (CompiledPattern | undefined)[] = [];
  private readonly slots = new Map<string, number>();
  private readonly freeSlots: number[] = [];
  private readonly exactAddresses = new PostingMap();
  private readonly ipv4 = new PrefixTrie(32);
  private readonly ipv6 = new PrefixTrie(128);
  private readonly domains = new DomainTrie();
  private readonly urls = new PostingMap();
  private readonly emails = new PostingMap();
  private readonly hashes = new PostingMap();
  private readonly unindexed = new Set<number>();

  constructor(options: IntelIndexOptions = {}) {
    this.clock = options.clock ?? systemClock;
    this.includeSubdomains = options.includeSubdomains ?? true;
  }

  /** Restores an index from {@link IntelIndex.toJSON}. */
  static fromJSON(snapshot: IntelIndexSnapshot, options: IntelIndexOptions = {}): IntelIndex {
    const index = new IntelIndex(options);
    index.apply(snapshot.indicators);
    return index;
  }

  /** Number of indicators held. */
  get size(): number {
    return this.slots.size;
  }

  /** The indicator with `id`. */
  get(id: string): ThreatIndicator | undefined {
    const slot = this.slots.get(id);
    return slot === undefined ? undefined : this.indicators[slot];
  }

  /**
   * Adds, replaces or revokes indicators. A revision replaces the held one when its
   * `modified` is newer (or the held one has none); `revoked: true` removes it. Patterns that
   * do not compile are returned in `rejected` with the reason, and a held older revision of
   * such an indicator is removed.
   */
  apply(indicators: Iterable<ThreatIndicator>): IntelApplyResult {
    const result: IntelApplyResult = {
      added: 0,
      updated: 0,
      revoked: 0,
      unchanged: 0,
      rejected: [],
    };
    for (const indicator of indicators) {
      const slot = this.slots.get(indicator.id);
      const held = slot === undefined ? undefined : this.indicators[slot];
      if (
        held !== undefined &&
        held.modified !== undefined &&
        (indicator.modified === undefined || indicator.modified <= held.modified) &&
        !(indicator.revoked === true && indicator.modified === held.modified)
      ) {
        result.unchanged += 1;
        continue;
      }
      if (indicator.revoked === true) {
        if (held !== undefined) {
          this.remove(indicator.id);
          result.revoked += 1;
        } else result.unchanged += 1;
        continue;
      }
      const compiled = compileStixPattern(indicator.pattern);
      if (!compiled.ok) {
        if (held !== undefined) this.remove(indicator.id);
        result.rejected.push({
          id: indicator.id,
          input: indicator.pattern,
          code: compiled.error.code,
          reason: compiled.error.message,
          ...(indicator.source === undefined ? {} : { location: indicator.source }),
        });
        continue;
      }
      if (held !== undefined) {
        this.remove(indicator.id);
        result.updated += 1;
      } else result.added += 1;
      this.insert(indicator, compiled.pattern);
    }
    return result;
  }

  /** Removes the indicator with `id`; true when it was held. */
  remove(id: string): boolean {
    const slot = this.slots.get(id);
    if (slot === undefined) return false;
    const held = this.indicators[slot];
    let pattern = this.compiled[slot];
    if (pattern === undefined && held !== undefined) {
      const recompiled = compileStixPattern(held.pattern);
      if (recompiled.ok) pattern = recompiled.pattern;
    }
    if (pattern !== undefined) this.file(pattern, slot, false);
    this.indicators[slot] = undefined;
    this.compiled[slot] = undefined;
    this.slots.delete(id);
    this.freeSlots.push(slot);
    return true;
  }

  /** Removes every indicator whose `validUntil` has passed; returns their ids. */
  prune(now: number = this.clock.now()): string[] {
    const expired: string[] = [];
    for (const indicator of this.indicators)
      if (indicator?.validUntil !== undefined && indicator.validUntil <= now)
        expired.push(indicator.id);
    for (const id of expired) this.remove(id);
    return expired;
  }

  private insert(indicator: ThreatIndicator, pattern: CompiledPattern): void {
    const slot = this.freeSlots.pop() ?? this.indicators.length;
    this.indicators[slot] = indicator;
    // A single positive indexed comparison needs no evaluation: an index hit is a match. Its
    // compiled form is not kept (it is recompiled on removal), which saves most of the memory.
    this.compiled[slot] = isSimple(pattern) ? undefined : pattern;
    this.slots.set(indicator.id, slot);
    this.file(pattern, slot, true);
  }

  private file(pattern: CompiledPattern, slot: number, add: boolean): void {
    for (const atom of pattern.indexAtoms) {
      if (atom === undefined) {
        if (add) this.unindexed.add(slot);
        else this.unindexed.delete(slot);
        continue;
      }
      if (atom.operator === 'cidr') {
        for (const block of atom.blocks ?? []) {
          const full = block.bytes.length * 8;
          if (block.prefix === full) {
            const key = formatIp(block.bytes);
            if (add) this.exactAddresses.add(key, slot);
            else this.exactAddresses.remove(key, slot);
          } else {
            const trie = block.bytes.length === 4 ? this.ipv4 : this.ipv6;
            if (add) trie.insert(block.bytes, block.prefix, slot);
            else trie.remove(block.bytes, block.prefix, slot);
          }
        }
        continue;
      }
      for (const value of atom.values) {
        if (atom.field === 'domain') {
          if (add) this.domains.insert(value, slot);
          else this.domains.remove(value, slot);
          continue;
        }
        const map =
          atom.field === 'url' ? this.urls : atom.field === 'email' ? this.emails : this.hashes;
        const key = HASH_FIELDS.has(atom.field) ? `${atom.field}:${value}` : value;
        if (add) map.add(key, slot);
        else map.remove(key, slot);
      }
    }
  }

  /** Matches an OCSF event; `at` (default: the clock's now) is checked against validity. */
  match(event: Record<string, unknown>, at: number = this.clock.now()): IntelMatch[] {
    return this.matchValues(extractIntelEventValues(event), at);
  }

  /** Matches already extracted event values. */
  matchValues(values: IntelEventValues, at: number = this.clock.now()): IntelMatch[] {
    const hits = new Map<number, IntelMatchedValue[]>();
    for (const slot of this.unindexed) hits.set(slot, []);
    const hit = (slot: number, matched: IntelMatchedValue): void => {
      const list = hits.get(slot);
      if (list === undefined) hits.set(slot, [matched]);
      else if (
        !list.some((entry) => entry.value === matched.value && entry.field === matched.field)
      )
        list.push(matched);
    };
    const fromPostings = (postings: Postings | undefined, matched: IntelMatchedValue): void => {
      if (postings === undefined) return;
      if (typeof postings === 'number') hit(postings, matched);
      else for (const slot of postings) hit(slot, matched);
    };
    for (const address of values.ip) {
      const matched: IntelMatchedValue = { field: 'ip', value: address.text, path: address.path };
      fromPostings(this.exactAddresses.get(formatIp(address.bytes)), matched);
      (address.bytes.length === 4 ? this.ipv4 : this.ipv6).lookup(address.bytes, (slot) =>
        hit(slot, matched),
      );
    }
    for (const entry of values.domain) {
      const matched: IntelMatchedValue = { field: 'domain', value: entry.value, path: entry.path };
      this.domains.lookup(entry.value, this.includeSubdomains, (slot) => hit(slot, matched));
    }
    for (const entry of values.url)
      fromPostings(this.urls.get(entry.value), { field: 'url', ...entry });
    for (const entry of values.email)
      fromPostings(this.emails.get(entry.value), { field: 'email', ...entry });
    for (const field of HASH_FIELDS)
      for (const entry of values[field as 'md5'])
        fromPostings(this.hashes.get(`${field}:${entry.value}`), { field, ...entry });
    const matches: IntelMatch[] = [];
    if (hits.size === 0) return matches;
    const options = { includeSubdomains: this.includeSubdomains };
    for (const slot of [...hits.keys()].sort((left, right) => left - right)) {
      const indicator = this.indicators[slot];
      if (indicator === undefined) continue;
      if (indicator.validFrom !== undefined && at < indicator.validFrom) continue;
      if (indicator.validUntil !== undefined && at >= indicator.validUntil) continue;
      const pattern = this.compiled[slot];
      if (pattern === undefined) {
        matches.push({ indicator, matched: hits.get(slot) as IntelMatchedValue[] });
        continue;
      }
      if (!evaluateIntelExpression(pattern.expression, values, options)) continue;
      matches.push({
        indicator,
        matched: matchedValues(pattern.expression, values, this.includeSubdomains),
      });
    }
    return matches;
  }

  /** The stored form: every indicator, sorted by id. */
  toJSON(): IntelIndexSnapshot {
    const indicators = this.indicators.filter(
      (indicator): indicator is ThreatIndicator => indicator !== undefined,
    );
    indicators.sort((left, right) => (left.id < right.id ? -1 : left.id > right.id ? 1 : 0));
    return { version: 1, indicators };
  }

  /** Sizes of the index structures. */
  stats(): IntelIndexStats {
    return {
      indicators: this.slots.size,
      exactAddresses: this.exactAddresses.size,
      ipv4Blocks: this.ipv4.size,
      ipv6Blocks: this.ipv6.size,
      trieNodes: this.ipv4.nodes + this.ipv6.nodes,
      domains: this.domains.size,
      urls: this.urls.size,
      emails: this.emails.size,
      hashes: this.hashes.size,
      unindexed: this.unindexed.size,
    };
  }
}

function matchedValues(
  expression: IntelExpression,
  values: IntelEventValues,
  includeSubdomains: boolean,
): IntelMatchedValue[] {
  const out: IntelMatchedValue[] = [];
  const seen = new Set<string>();
  const walk = (node: IntelExpression): void => {
    if (!isAtom(node)) {
      for (const operand of node.operands) walk(operand);
      return;
    }
    if (node.negated) return;
    const single = {
      ...values,
      ip: [],
      domain: [],
      url: [],
      email: [],
      md5: [],
      sha1: [],
      sha256: [],
      sha512: [],
    };
    if (node.field === 'ip') {
      for (const address of values.ip) {
        single.ip = [address] as never;
        if (
          evaluateIntelExpression(node, single, { includeSubdomains }) &&
          !seen.has(`ip:${address.text}`)
        ) {
          seen.add(`ip:${address.text}`);
          out.push({ field: 'ip', value: address.text, path: address.path });
        }
      }
      return;
    }
    for (const entry of values[node.field]) {
      single[node.field] = [entry] as never;
      const key = `${node.field}:${entry.value}`;
      if (evaluateIntelExpression(node, single, { includeSubdomains }) && !seen.has(key)) {
        seen.add(key);
        out.push({ field: node.field, value: entry.value, path: entry.path });
      }
    }
  };
  walk(expression);
  return out;
}
