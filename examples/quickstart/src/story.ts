/**
 * The attack story the quickstart plays: `data/attack-story.json` holds vendor records (Entra ID
 * sign-ins, Defender XDR alerts, CrowdStrike Falcon alerts and hosts, Windows Sysmon events, Zeek
 * logs and Suricata EVE records) in stages. Their times are written relative to the moment a stage is fed to the simulators, so
 * every run happens now, in real time.
 */
import { readFileSync } from 'node:fs';

/** One step of the attack, with the records each source produces. */
export interface StoryStage {
  id: string;
  title: string;
  entra?: Record<string, unknown>[];
  defender?: Record<string, unknown>[];
  falcon?: Record<string, unknown>[];
  windows?: Record<string, unknown>[];
  /** Zeek log records by log (`conn`, `dns`, `ssl`), as the sensor writes them (JSON). */
  zeek?: Record<string, Record<string, unknown>[]>;
  /** Suricata EVE records, as the sensor writes them to `eve.json`. */
  suricata?: Record<string, unknown>[];
}

/** Assets as the customer's CMDB describes them (used by the response policy and scoring). */
export interface StoryAsset {
  tags: string[];
  groups: string[];
  criticality: 'low' | 'medium' | 'high' | 'critical';
}

/** The whole story. */
export interface AttackStory {
  tenant: string;
  inventory: {
    falconHosts: Record<string, unknown>[];
    entraUsers: Array<{ id: string; userPrincipalName: string; displayName: string }>;
    assets: Record<string, StoryAsset>;
    homeCountries: Record<string, string[]>;
  };
  stages: StoryStage[];
}

/** Reads the story file. */
export function loadStory(path: URL): AttackStory {
  return JSON.parse(readFileSync(path, 'utf8')) as AttackStory;
}

const TOKEN = /^\{\{(iso|sysmon):(-?\d+(?:\.\d+)?)\}\}$/;

/** `2026-11-22 09:14:03.120`: Sysmon's `UtcTime`. */
function sysmonTime(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
}

/**
 * A deep copy of `value` with every `{{iso:<s>}}` / `{{sysmon:<s>}}` string replaced by the time
 * `at + s` seconds (ISO 8601, or Sysmon's `UtcTime` format).
 */
export function placeInTime<T>(value: T, at: number): T {
  if (typeof value === 'string') {
    const token = TOKEN.exec(value);
    if (token === null) return value;
    const ms = Math.round(at + Number(token[2]) * 1000);
    return (token[1] === 'iso' ? new Date(ms).toISOString() : sysmonTime(ms)) as T;
  }
  if (Array.isArray(value)) return value.map((item) => placeInTime(item, at)) as T;
  if (typeof value === 'object' && value !== null) {
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) copy[key] = placeInTime(item, at);
    return copy as T;
  }
  return value;
}
