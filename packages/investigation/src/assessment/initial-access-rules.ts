import { numberAt, textAt } from '../graph/ocsf-fields.js';
import type { EventView } from './event-view.js';
import { isInternalIp, isLoopbackIp } from './ip-ranges.js';

/** Office applications whose children betray a malicious document. */
const OFFICE =
  /^(winword|excel|powerpnt|outlook|msaccess|mspub|onenote|onenotem|visio|eqnedt32|wordpad)\.exe$/;
/** Script hosts and living-off-the-land binaries a document or a service should not start. */
const SCRIPT_HOSTS =
  /^(cmd|powershell|pwsh|wscript|cscript|mshta|rundll32|regsvr32|certutil|bitsadmin|msiexec|schtasks|wmic|forfiles|msbuild|installutil|regasm|regsvcs|hh|cmstp|sh|bash|whoami|net|net1|curl|wget)\.exe$|^(sh|bash|dash|zsh|curl|wget|python3?|perl)$/;
/** Web browsers. */
const BROWSERS =
  /^(chrome|firefox|msedge|iexplore|opera|brave|microsoftedgecp|microsoftedge|browser_broker|vivaldi|safari)\.exe$/;
/** Server processes that should not start shells. */
const SERVERS =
  /^(w3wp|httpd|nginx|tomcat\d*|php-cgi|php|sqlservr|java|javaw|node|umworkerprocess|exchange\w*|owstimer|jboss\w*|weblogic\w*|beasvc)(\.exe)?$/;
/** Executable and script file extensions a download can carry. */
const EXECUTABLE_FILE =
  /\.(exe|dll|scr|msi|js|jse|vbs|vbe|hta|bat|cmd|ps1|lnk|iso|img|jar|com|pif|cpl)$/;

/** Who first matched, and how. */
export interface InitialAccessMatch {
  /** `phishing-attachment`, `browser-download`, `remote-logon`, `exploited-service`, `removable-media`, `cloud-credential`. */
  initialAccess: string;
  technique: string | null;
  /** What happened, as a sentence. */
  summary: string;
  /** The events that show it (entry id and time), earliest first. */
  evidence: Array<{ id: string; time: number }>;
}

/**
 * Recognises how an intrusion most likely started, one event at a time. Keeps only the paths of
 * executables browsers wrote (bounded by the option), to link a download to its later launch.
 */
export class InitialAccessRules {
  private readonly downloads = new Map<string, { id: string; time: number }>();

  constructor(private readonly maxDownloads = 10_000) {}

  /** The initial-access signal the event shows, if any. */
  match(view: EventView): InitialAccessMatch | undefined {
    const isLaunch = view.classUid === 1007 && view.activityId === 1;
    if (isLaunch) return this.launch(view);
    if (
      view.classUid === 1001 &&
      (view.activityId === 1 || view.activityId === 5) &&
      BROWSERS.test(view.image)
    ) {
      const path = view.filePath;
      if (EXECUTABLE_FILE.test(path) && this.downloads.size < this.maxDownloads) {
        this.downloads.set(path, { id: view.entryId, time: view.time });
      }
      return undefined;
    }
    if (view.classUid === 3002) return logon(view);
    return undefined;
  }

  private launch(view: EventView): InitialAccessMatch | undefined {
    const child = view.image;
    const parent = view.parentImage;
    if (OFFICE.test(parent) && (SCRIPT_HOSTS.test(child) || userWritable(view.imagePath))) {
      return {
        initialAccess: 'phishing-attachment',
        technique: 'T1566.001',
        summary: `${parent} started ${child} on ${view.host ?? 'an unknown host'}`,
        evidence: [{ id: view.entryId, time: view.time }],
      };
    }
    const written = view.imagePath === '' ? undefined : this.downloads.get(view.imagePath);
    if (written !== undefined) {
      return {
        initialAccess: 'browser-download',
        technique: 'T1204.002',
        summary: `${child} downloaded by a browser, then run on ${view.host ?? 'an unknown host'}`,
        evidence: [written, { id: view.entryId, time: view.time }],
      };
    }
    if (
      /\\downloads\\/.test(view.imagePath) &&
      (parent === 'explorer.exe' || BROWSERS.test(parent))
    ) {
      return {
        initialAccess: 'browser-download',
        technique: 'T1204.002',
        summary: `${child} run from the Downloads folder on ${view.host ?? 'an unknown host'}`,
        evidence: [{ id: view.entryId, time: view.time }],
      };
    }
    if (SERVERS.test(parent) && SCRIPT_HOSTS.test(child)) {
      return {
        initialAccess: 'exploited-service',
        technique: 'T1190',
        summary: `${parent} started ${child} on ${view.host ?? 'an unknown host'}`,
        evidence: [{ id: view.entryId, time: view.time }],
      };
    }
    if (
      /^[d-z]:\\[^\\]+$/.test(view.imagePath) &&
      parent === 'explorer.exe' &&
      EXECUTABLE_FILE.test(view.imagePath)
    ) {
      return {
        initialAccess: 'removable-media',
        technique: 'T1091',
        summary: `${child} run from the root of drive ${view.imagePath.slice(0, 2).toUpperCase()} on ${view.host ?? 'an unknown host'}`,
        evidence: [{ id: view.entryId, time: view.time }],
      };
    }
    return undefined;
  }
}

/** Remote logons from outside, and cloud sign-ins. */
function logon(view: EventView): InitialAccessMatch | undefined {
  if (numberAt(view.event, 'status_id') === 2) return undefined;
  const ip = textAt(view.event, 'src_endpoint.ip');
  const logonType = numberAt(view.event, 'logon_type_id');
  const isCloud =
    view.host === null &&
    (textAt(view.event, 'cloud.provider') !== undefined ||
      textAt(view.event, 'service.name') !== undefined ||
      view.operation !== '');
  if (isCloud && ip !== undefined && !isInternalIp(ip)) {
    return {
      initialAccess: 'cloud-credential',
      technique: 'T1078.004',
      summary: `${view.user ?? 'an identity'} signed in from ${ip}`,
      evidence: [{ id: view.entryId, time: view.time }],
    };
  }
  if (
    (logonType === 10 || logonType === 3) &&
    ip !== undefined &&
    !isInternalIp(ip) &&
    !isLoopbackIp(ip)
  ) {
    return {
      initialAccess: 'remote-logon',
      technique: logonType === 10 ? 'T1133' : 'T1078',
      summary: `${view.user ?? 'an account'} logged on to ${view.host ?? 'a host'} from ${ip} (logon type ${logonType})`,
      evidence: [{ id: view.entryId, time: view.time }],
    };
  }
  return undefined;
}

/** A path in a folder users can write (where droppers land). */
export function userWritable(path: string): boolean {
  return /\\(appdata|temp|tmp|downloads|users\\public|programdata|perflogs)\\|^\/tmp\/|^\/dev\/shm\//.test(
    path,
  );
}

/**
 * Whether a launch looks suspicious enough to anchor the origin search: a script host or
 * LOLBin started by an Office app, a browser or a server, an executable in a user-writable
 * folder, or an encoded PowerShell command.
 */
export function isSuspiciousLaunch(view: EventView): boolean {
  if (view.classUid !== 1007 || view.activityId !== 1) return false;
  if (
    SCRIPT_HOSTS.test(view.image) &&
    (OFFICE.test(view.parentImage) ||
      BROWSERS.test(view.parentImage) ||
      SERVERS.test(view.parentImage))
  ) {
    return true;
  }
  if (userWritable(view.imagePath) && /\.(exe|scr|com)$/.test(view.imagePath)) return true;
  return /\s-(e|en|enc|enco|encodedcommand)\s+[a-z0-9+/=]{20,}/.test(view.commandLine);
}
