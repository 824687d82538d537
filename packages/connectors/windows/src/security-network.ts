import { baseName, compact, validIp } from '@openmdr/connector-kit/normalize';
import type { MappingContext, RecordMapper } from './context.js';
import { fileFromPath, type OcsfObject, port } from './ocsf-parts.js';
import { subjectActor } from './security.js';

const product = 'Windows Security Auditing';

const protocolNames: Record<number, string> = { 1: 'icmp', 6: 'tcp', 17: 'udp', 58: 'ipv6-icmp' };

/** A protocol number as `connection_info` writes it (`protocol_num`, and the name when known). */
export function ipProtocol(protocol: number | undefined): OcsfObject {
  if (protocol === undefined || protocol < 0 || protocol > 255) return {};
  return compact({ protocol_num: protocol, protocol_name: protocolNames[protocol] });
}

/**
 * Windows Filtering Platform (Security 5152–5159) → Network Activity. WFP writes the local side
 * as `Source*` and the remote side as `Dest*` whatever the direction; OCSF's `src_endpoint` is the
 * initiator, so an inbound record's `Dest*` becomes `src_endpoint`. The WFP-named values stay in
 * `unmapped` as written (Sigma rules read them by those names, with their local/remote meaning).
 */
function filteringPlatform(activityId: 1 | 5 | 7 | 99, label?: string): RecordMapper {
  return (context) => {
    const data = context.data;
    const direction = data.peek('Direction');
    const inbound = direction === '%%14592' || direction?.toLowerCase() === 'inbound';
    const outbound = direction === '%%14593' || direction?.toLowerCase() === 'outbound';
    const local = compact({
      ip: validIp(data.peek('SourceAddress')),
      port: port(parseOptionalInteger(data.peek('SourcePort'))),
      hostname: context.event.computer,
    });
    const remote = compact({
      ip: validIp(data.peek('DestAddress')),
      port: port(parseOptionalInteger(data.peek('DestPort'))),
    });
    const application = data.peek('Application');
    const pid = data.integer('ProcessID') ?? data.integer('ProcessId');
    const actor =
      pid === undefined && application === undefined
        ? undefined
        : {
            process: compact({
              pid,
              name: application === undefined ? undefined : baseName(application),
              file: application === undefined ? undefined : fileFromPath(application),
            }),
          };
    const known = inbound || outbound;
    return context.emit(
      'networkActivity',
      activityId,
      {
        actor,
        src_endpoint: inbound ? remote : local,
        dst_endpoint: inbound ? local : Object.keys(remote).length > 0 ? remote : undefined,
        connection_info: compact({
          direction_id: inbound ? 1 : outbound ? 2 : 0,
          direction: inbound ? 'Inbound' : outbound ? 'Outbound' : 'Unknown',
          ...ipProtocol(parseOptionalInteger(data.peek('Protocol'))),
        }),
        is_src_dst_assignment_known: known,
        // Security 5157/5152/5155/5159 report a blocked connection, packet, listen or bind.
        ...(activityId === 5
          ? { action_id: 2, action: 'Denied', disposition_id: 2, disposition: 'Blocked' }
          : { action_id: 1, action: 'Allowed', disposition_id: 1, disposition: 'Allowed' }),
      },
      {
        productName: product,
        profiles: ['host', 'security_control'],
        ...(label === undefined ? {} : { activityName: label }),
      },
    );
  };
}

function parseOptionalInteger(value: string | undefined): number | undefined {
  if (value === undefined || !/^\d+$/.test(value.trim())) return undefined;
  return Number(value.trim());
}

const shareTypes: Record<string, [number, string]> = {
  ipc$: [2, 'Pipe'],
};

/** `\\*\IPC$` → `IPC$`: the share name without its server part. */
function shareOf(name: string): string {
  const index = name.lastIndexOf('\\');
  return index < 0 ? name : name.slice(index + 1);
}

/**
 * Security 5140 (a network share was accessed) and 5145 (a share object was checked for the
 * access a client asked for) → SMB Activity: File Open. The record names the share, the object
 * under it and the client; it does not carry the SMB create disposition, so the activity is
 * File Open (the access check that precedes every open). The requested `AccessMask` and its
 * `AccessList` have no SMB Activity attribute and stay in `unmapped`.
 */
const shareAccess: RecordMapper = (context: MappingContext) => {
  const data = context.data;
  // ShareName (`\\*\IPC$`) stays in `unmapped` as written; `share` is the bare name.
  const shareName = data.peek('ShareName');
  const share = shareName === undefined ? undefined : shareOf(shareName);
  const relative = data.string('RelativeTargetName');
  const shareType = share === undefined ? undefined : shareTypes[share.toLowerCase()];
  const file =
    relative === undefined ? undefined : fileFromPath(relative, {}, shareType?.[0] === 2 ? 6 : 1);
  return context.emit(
    'smbActivity',
    2,
    {
      actor: subjectActor(context),
      share,
      share_type_id: shareType?.[0] ?? (share === undefined ? undefined : 1),
      share_type: shareType?.[1] ?? (share === undefined ? undefined : 'File'),
      file,
      src_endpoint: compact({
        ip: validIp(data.string('IpAddress')),
        port: port(data.integer('IpPort')),
      }),
      dst_endpoint: compact({ hostname: context.event.computer }),
    },
    { productName: product },
  );
};

/** Security mappers for network shares (5140, 5145) and the Filtering Platform (5152–5159). */
export const securityNetworkMappers: Readonly<Record<number, RecordMapper>> = {
  5140: shareAccess,
  5145: shareAccess,
  5152: filteringPlatform(5),
  5154: filteringPlatform(7),
  5155: filteringPlatform(5),
  5156: filteringPlatform(1),
  5157: filteringPlatform(5),
  5158: filteringPlatform(99, 'Bind'),
  5159: filteringPlatform(5),
};
