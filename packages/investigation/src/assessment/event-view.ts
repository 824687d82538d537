import type { EventEntities } from '../graph/graph-accumulator.js';
import { realName } from '../graph/node-ids.js';
import {
  asObject,
  at,
  baseName,
  eventTime,
  type Fields,
  member,
  numberAt,
  text,
  textAt,
} from '../graph/ocsf-fields.js';
import { imageName } from '../graph/process-nodes.js';

/**
 * The facts of one event the assessment rules read, worked out once: class and activity, the
 * Windows EventID, the host, the command line of a launched process (or a script's text), the
 * executables involved, the file, registry and API operation touched.
 */
export interface EventView {
  /** The event itself. */
  event: Fields;
  /** Its timeline entry id. */
  entryId: string;
  /** Epoch ms. */
  time: number;
  classUid: number;
  activityId: number;
  /** `metadata.event_code` (the Windows EventID), or `''`. */
  eventCode: string;
  /** `metadata.log_provider`, else the product name, in lower case. */
  provider: string;
  /** The host name as the event spells it. */
  host: string | null;
  /** The user behind it (`DOMAIN\name`), when known. */
  user: string | null;
  /** Lower-case command line of the launched process, or a script's text; `''` otherwise. */
  commandLine: string;
  /** Lower-case image name of the launched process (launches) or of the acting process. */
  image: string;
  /** Lower-case image name of the parent of a launched process, or `''`. */
  parentImage: string;
  /** Lower-case image name of the target process (open, inject), or `''`. */
  targetImage: string;
  /** The launched process's full path in lower case, or `''`. */
  imagePath: string;
  /** The file touched (File System Activity), lower case, or `''`. */
  filePath: string;
  /** The registry key and value touched (`<key>\<value name>`), lower case, or `''`. */
  registryPath: string;
  /** The cloud API operation (`StopLogging`), or `''`. */
  operation: string;
  /** The graph nodes the event concerns. */
  entities: EventEntities;
}

/** OCSF Process Activity: Launch. */
function isLaunch(event: Fields): boolean {
  return numberAt(event, 'class_uid') === 1007 && numberAt(event, 'activity_id') === 1;
}

function userName(user: Fields | undefined): string | null {
  const name = realName(user?.name);
  if (name === undefined) return null;
  const domain = realName(user?.domain);
  return domain === undefined || name.includes('\\') ? name : `${domain}\\${name}`;
}

/** The host name of an event as spelled: `device.hostname`, else `device.name`, else `device.uid`. */
export function hostNameOf(event: Fields): string | null {
  const device = asObject(event.device);
  return realName(device?.hostname) ?? realName(device?.name) ?? realName(device?.uid) ?? null;
}

/** Builds the view of one event. */
export function viewEvent(event: Fields, entryId: string, entities: EventEntities): EventView {
  const launch = isLaunch(event);
  const process = asObject(event.process);
  const actorProcess = asObject(member(event.actor, 'process'));
  const classUid = numberAt(event, 'class_uid') ?? 0;
  const script =
    textAt(event, 'script.script_content.value') ?? textAt(event, 'script.script_content');
  const commandLine = launch
    ? (text(process?.cmd_line) ?? textAt(event, 'unmapped.CommandLine') ?? '')
    : classUid === 1009
      ? (script ?? '')
      : '';
  const regKey = textAt(event, 'reg_value.path') ?? textAt(event, 'reg_key.path');
  const regValue = textAt(event, 'reg_value.name');
  const parent = asObject(process?.parent_process);
  const imagePath = launch ? (textAt(process, 'file.path') ?? '') : '';
  return {
    event,
    entryId,
    time: eventTime(event),
    classUid,
    activityId: numberAt(event, 'activity_id') ?? 0,
    eventCode: textAt(event, 'metadata.event_code') ?? '',
    provider: (
      textAt(event, 'metadata.log_provider') ??
      textAt(event, 'metadata.product.name') ??
      ''
    ).toLowerCase(),
    host: hostNameOf(event),
    user:
      userName(asObject(event.user)) ??
      userName(asObject(member(event.actor, 'user'))) ??
      userName(asObject(process?.user)) ??
      userName(asObject(actorProcess?.user)),
    commandLine: commandLine.toLowerCase(),
    image: launch ? imageName(process) : imageName(actorProcess),
    parentImage: launch
      ? imageName(parent) || imageName(actorProcess) || parentNameFromUnmapped(event)
      : '',
    targetImage: classUid === 1007 && !launch ? imageName(process) : '',
    imagePath: imagePath.toLowerCase(),
    filePath: (textAt(event, 'file.path') ?? textAt(event, 'file.name') ?? '').toLowerCase(),
    registryPath:
      regKey === undefined
        ? ''
        : (regValue === undefined ? regKey : `${regKey}\\${regValue}`).toLowerCase(),
    operation: textAt(event, 'api.operation') ?? '',
    entities,
  };
}

function parentNameFromUnmapped(event: Fields): string {
  const name = text(at(event, 'unmapped.ParentProcessName'));
  return name === undefined ? '' : baseName(name).toLowerCase();
}
