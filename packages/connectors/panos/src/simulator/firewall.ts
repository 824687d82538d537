import { normalizePanosAddress } from '../address.js';
import type { PanosEntryMessage, PanosIpTags } from '../xml.js';

/** The most tags PAN-OS keeps on one registered address. */
export const PANOS_MAX_TAGS_PER_ADDRESS = 32;

/** One tag on a registered address. */
export interface PanosRegisteredTag {
  /** The tag. */
  tag: string;
  /** When PAN-OS drops it, epoch ms; null: never. */
  expiresAt: number | null;
}

/** A registered address of a simulated firewall. */
export interface PanosRegisteredIp {
  /** The address (as registered: IPv6 compressed). */
  ip: string;
  /** Whether it survives a reboot. */
  persistent: boolean;
  /** Its live tags, sorted. */
  tags: PanosRegisteredTag[];
}

/** The IP → tag table of a simulated firewall, per virtual system. */
export interface PanosFirewall {
  /** The live (not timed-out) tags of `ip` in `vsys` (default `vsys1`), sorted. */
  tagsOf(ip: string, vsys?: string): string[];
  /** The registered addresses of `vsys` with live tags, sorted by address. */
  registered(vsys?: string): PanosRegisteredIp[];
  /**
   * Applies `<register>` entries: adds tags with their timeouts. Returns a message per entry
   * PAN-OS would report (a tag already registered, too many tags, a bad address or timeout).
   */
  register(entries: readonly PanosIpTags[], vsys?: string): PanosEntryMessage[];
  /** Applies `<unregister>` entries; a tag that was not registered is reported. */
  unregister(entries: readonly PanosIpTags[], vsys?: string): PanosEntryMessage[];
}

interface Mapping {
  persistent: boolean;
  tags: Map<string, number | null>;
}

/**
 * A simulated firewall's registered-ip table: tags with timeouts (0 or none: never) on the
 * injected clock, at most {@link PANOS_MAX_TAGS_PER_ADDRESS} per address, timeouts of at most
 * 2 592 000 seconds, and the per-entry messages PAN-OS answers for duplicates and unknown
 * mappings (`tag01 already exists, ignore`, `tag01 does not exist, ignore unreg`).
 */
export function createPanosFirewall(options: { now?: () => number } = {}): PanosFirewall {
  const now = options.now ?? Date.now;
  const tables = new Map<string, Map<string, Mapping>>();
  const table = (vsys = 'vsys1') => {
    let found = tables.get(vsys);
    if (!found) {
      found = new Map();
      tables.set(vsys, found);
    }
    return found;
  };
  /** The mapping of `ip` with its timed-out tags dropped (and the address when none is left). */
  const live = (mappings: Map<string, Mapping>, ip: string): Mapping | undefined => {
    const mapping = mappings.get(ip);
    if (!mapping) return undefined;
    const time = now();
    for (const [tag, expiresAt] of mapping.tags) {
      if (expiresAt !== null && expiresAt <= time) mapping.tags.delete(tag);
    }
    if (mapping.tags.size === 0) {
      mappings.delete(ip);
      return undefined;
    }
    return mapping;
  };
  const address = (ip: string): string | undefined => {
    try {
      return normalizePanosAddress(ip);
    } catch {
      return undefined;
    }
  };

  return {
    tagsOf: (ip, vsys) => {
      const key = address(ip);
      const mapping = key === undefined ? undefined : live(table(vsys), key);
      return [...(mapping?.tags.keys() ?? [])].sort();
    },
    registered: (vsys) => {
      const mappings = table(vsys);
      return [...mappings.keys()].sort().flatMap((ip) => {
        const mapping = live(mappings, ip);
        if (!mapping) return [];
        const tags = [...mapping.tags]
          .map(([tag, expiresAt]) => ({ tag, expiresAt }))
          .sort((a, b) => a.tag.localeCompare(b.tag));
        return [{ ip, persistent: mapping.persistent, tags }];
      });
    },
    register: (entries, vsys) => {
      const mappings = table(vsys);
      const messages: PanosEntryMessage[] = [];
      for (const entry of entries) {
        const ip = address(entry.ip);
        if (ip === undefined) {
          messages.push({ ip: entry.ip, message: `invalid ip address ${entry.ip}` });
          continue;
        }
        const timeout = entry.timeoutSeconds ?? 0;
        if (!Number.isInteger(timeout) || timeout < 0 || timeout > 2_592_000) {
          messages.push({ ip, message: `invalid timeout ${timeout}: 0 to 2592000 seconds` });
          continue;
        }
        const mapping = live(mappings, ip) ?? { persistent: true, tags: new Map() };
        if (entry.persistent !== undefined) mapping.persistent = entry.persistent;
        for (const tag of entry.tags) {
          if (tag === '' || tag.length > 127) {
            messages.push({ ip, message: `invalid tag ${tag.slice(0, 32)}: 1 to 127 characters` });
          } else if (mapping.tags.has(tag)) {
            messages.push({ ip, message: `${tag} already exists, ignore` });
          } else if (mapping.tags.size >= PANOS_MAX_TAGS_PER_ADDRESS) {
            messages.push({ ip, message: `${tag}: ${ip} has ${PANOS_MAX_TAGS_PER_ADDRESS} tags` });
          } else {
            mapping.tags.set(tag, timeout > 0 ? now() + timeout * 1000 : null);
          }
        }
        if (mapping.tags.size > 0) mappings.set(ip, mapping);
      }
      return messages;
    },
    unregister: (entries, vsys) => {
      const mappings = table(vsys);
      const messages: PanosEntryMessage[] = [];
      for (const entry of entries) {
        const ip = address(entry.ip) ?? entry.ip;
        const mapping = live(mappings, ip);
        for (const tag of entry.tags) {
          if (mapping?.tags.delete(tag)) continue;
          messages.push({ ip, message: `${tag} does not exist, ignore unreg` });
        }
        if (mapping && mapping.tags.size === 0) mappings.delete(ip);
      }
      return messages;
    },
  };
}
