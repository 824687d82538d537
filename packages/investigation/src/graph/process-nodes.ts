import { processNodeId } from './node-ids.js';
import { baseName, type Fields, numberOf, text, textAt, timeOf } from './ocsf-fields.js';

/** How an OCSF `process` object is identified in the graph. */
export interface ProcessIdentity {
  /** `process:<uid>`, or `process:<host>|<pid>|<start ms>` (or `…|<pid>`) without a uid. */
  id: string;
  /** The source's process uid exactly as written, when it has one. */
  uid?: string | undefined;
}

/**
 * Gives each OCSF `process` object its graph node id. A process with a `uid` (Sysmon
 * `ProcessGuid`, an EDR's process id) is `process:<uid>`. Without one the key is built from the
 * host, the pid and the start time (`created_time`, or the launch event's time); a later
 * reference that has only the pid is matched to the last process started with that pid on that
 * host. The pid table holds one entry per host and pid, so it stays bounded by entities.
 */
export class ProcessIdentities {
  private readonly lastByPid = new Map<string, string>();

  /**
   * The identity of `process`, or `undefined` when it carries neither a uid nor a pid.
   * @param process - The OCSF `process` (or `actor.process`, `parent_process`) object.
   * @param host - The host key (lower-case host name or device uid), when known.
   * @param launchTime - The event time when this event is the process's launch.
   */
  identify(
    process: Fields | undefined,
    host: string | undefined,
    launchTime?: number,
  ): ProcessIdentity | undefined {
    if (process === undefined) return undefined;
    const uid = text(process.uid);
    if (uid !== undefined && uid !== '0') return { id: processNodeId(uid), uid };
    const pid = numberOf(process.pid);
    if (pid === undefined) return undefined;
    const hostKey = host ?? '?';
    const slot = `${hostKey}|${pid}`;
    const start = timeOf(process.created_time) ?? launchTime;
    if (start !== undefined) {
      const id = processNodeId(`${slot}|${start}`);
      const known = this.lastByPid.get(slot);
      if (known === undefined || launchTime !== undefined || known !== id) {
        this.lastByPid.set(slot, id);
      }
      return { id };
    }
    return { id: this.lastByPid.get(slot) ?? processNodeId(slot) };
  }
}

/**
 * True for a process uid that names no process: Sysmon writes the all-zero GUID
 * (`{00000000-0000-0000-0000-000000000000}`) as `ParentProcessGuid` when it did not see the parent
 * start. Its node stands for "a parent Sysmon did not track" on every host: it keeps the link from
 * each child, but is not tied to a host or user and is not walked through by
 * {@link selectSubgraph}.
 */
export function isUnknownProcessUid(uid: string): boolean {
  return /^\{?0{8}-0{4}-0{4}-0{4}-0{12}\}?$/.test(uid);
}

/** The readable name of a process: its executable path, else its name. */
export function processName(process: Fields): string | undefined {
  return textAt(process, 'file.path') ?? text(process.name) ?? textAt(process, 'file.name');
}

/** The executable's base name in lower case (`powershell.exe`), or `''`. */
export function imageName(process: Fields | undefined): string {
  if (process === undefined) return '';
  const name = text(process.name) ?? textAt(process, 'file.name') ?? textAt(process, 'file.path');
  return name === undefined ? '' : baseName(name).toLowerCase();
}

/** The attributes a process node keeps. */
export function processAttributes(
  process: Fields,
  host: string | undefined,
): Record<string, string | number | undefined> {
  const sha256 = sha256Of(process);
  return {
    pid: numberOf(process.pid),
    cmd_line: text(process.cmd_line),
    path: textAt(process, 'file.path'),
    host,
    created_time: timeOf(process.created_time),
    integrity: text(process.integrity),
    sha256,
  };
}

function sha256Of(process: Fields): string | undefined {
  const file = process.file as Fields | undefined;
  const hashes = file?.hashes;
  if (!Array.isArray(hashes)) return undefined;
  for (const hash of hashes) {
    const algorithm = text((hash as Fields | undefined)?.algorithm)?.toLowerCase();
    if (algorithm === 'sha-256' || algorithm === 'sha256') return text((hash as Fields).value);
  }
  return undefined;
}
