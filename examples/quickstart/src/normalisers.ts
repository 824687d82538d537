/**
 * Small normalisers for the bundled sample: raw vendor records → OCSF events through the
 * typed builders of `@openmdr/core`. Values are passed through as the source gives them, so
 * that bad records fail validation (and go to the dead-letter list) instead of being patched.
 */
import { type OcsfEvent, type OcsfValidationResult, ocsf, validateOcsfEvent } from '@openmdr/core';

/** A raw record of the sample file: `source` says which normaliser reads it. */
export type RawRecord = Record<string, unknown> & { source?: unknown };

/** What a normaliser returns: the event, and warnings when it was validated leniently. */
export interface Normalised {
  event: OcsfEvent;
  warnings: OcsfValidationResult['warnings'];
}

// Raw values are handed to the builders as they are: the builders validate them.
const field = <T>(record: RawRecord, name: string): T => record[name] as T;

const basename = (path: string): string => path.split(/[\\/]/).pop() ?? path;

/** `2026-01-05 09:14:02.113` (Sysmon UtcTime) → epoch milliseconds. */
const sysmonTime = (text: string): number => Date.parse(`${text.replace(' ', 'T')}Z`);

const INTEGRITY: Record<string, 0 | 1 | 2 | 3 | 4 | 5 | 6> = {
  Untrusted: 1,
  Low: 2,
  Medium: 3,
  High: 4,
  System: 5,
};

function windowsUser(account: string | undefined) {
  const [domain, name] = account?.includes('\\') ? account.split('\\') : [undefined, account];
  return { ...(name === undefined ? {} : { name }), ...(domain === undefined ? {} : { domain }) };
}

function sysmonDevice(record: RawRecord) {
  return { hostname: field<string>(record, 'Computer'), type_id: 2 as const };
}

const sysmonMetadata = (record: RawRecord) => ({
  product: { name: 'Sysmon', vendor_name: 'Microsoft' },
  event_code: String(record['EventID']),
  log_name: 'Microsoft-Windows-Sysmon/Operational',
});

function sysmon(record: RawRecord): Normalised {
  const time = sysmonTime(field<string>(record, 'UtcTime'));
  const actorProcess = {
    pid: field<number>(record, 'ProcessId'),
    name: basename(field<string>(record, 'Image')),
    file: {
      name: basename(field<string>(record, 'Image')),
      path: field<string>(record, 'Image'),
      type_id: 1 as const,
    },
  };
  switch (record['EventID']) {
    case 1: {
      const hash = /SHA256=([0-9A-F]+)/i.exec(String(record['Hashes'] ?? ''))?.[1];
      const parentImage = field<string | undefined>(record, 'ParentImage');
      const event = ocsf.processActivity({
        activity_id: 1,
        severity_id: 1,
        time,
        metadata: sysmonMetadata(record),
        device: sysmonDevice(record),
        actor: {
          user: windowsUser(field<string>(record, 'User')),
          process: {
            pid: field<number>(record, 'ParentProcessId'),
            ...(parentImage === undefined ? {} : { name: basename(parentImage) }),
          },
        },
        process: {
          pid: field<number>(record, 'ProcessId'),
          uid: field<string>(record, 'ProcessGuid'),
          name: basename(field<string>(record, 'Image')),
          cmd_line: field<string>(record, 'CommandLine'),
          ...(INTEGRITY[String(record['IntegrityLevel'])] === undefined
            ? {}
            : { integrity_id: INTEGRITY[String(record['IntegrityLevel'])] }),
          file: {
            name: basename(field<string>(record, 'Image')),
            path: field<string>(record, 'Image'),
            type_id: 1,
            ...(hash === undefined
              ? {}
              : { hashes: [{ algorithm_id: 3, value: hash.toLowerCase() }] }),
          },
          user: windowsUser(field<string>(record, 'User')),
          parent_process: {
            pid: field<number>(record, 'ParentProcessId'),
            ...(parentImage === undefined ? {} : { name: basename(parentImage) }),
            ...(record['ParentCommandLine'] === undefined
              ? {}
              : { cmd_line: field<string>(record, 'ParentCommandLine') }),
          },
        },
        raw_data: JSON.stringify(record),
      });
      return { event, warnings: [] };
    }
    case 13: {
      const path = field<string>(record, 'TargetObject');
      const event = ocsf.registryValueActivity({
        activity_id: 2,
        severity_id: 2,
        time,
        metadata: sysmonMetadata(record),
        device: sysmonDevice(record),
        actor: { user: windowsUser(field<string>(record, 'User')), process: actorProcess },
        reg_value: {
          path,
          name: basename(path),
          data: field<string>(record, 'Details'),
          type_id: 10,
        },
      });
      return { event, warnings: [] };
    }
    case 3: {
      const event = ocsf.networkActivity({
        activity_id: 1,
        severity_id: 1,
        time,
        // device and actor belong to the host profile in network classes
        metadata: { ...sysmonMetadata(record), profiles: ['host'] },
        device: sysmonDevice(record),
        actor: { user: windowsUser(field<string>(record, 'User')), process: actorProcess },
        src_endpoint: {
          ip: field<string>(record, 'SourceIp'),
          port: field<number>(record, 'SourcePort'),
        },
        dst_endpoint: {
          ip: field<string>(record, 'DestinationIp'),
          port: field<number>(record, 'DestinationPort'),
          hostname: field<string>(record, 'DestinationHostname'),
        },
        connection_info: { direction_id: 2, protocol_name: field<string>(record, 'Protocol') },
      });
      return { event, warnings: [] };
    }
    default:
      throw new Error(`no normaliser for Sysmon event ${String(record['EventID'])}`);
  }
}

function windowsSecurity(record: RawRecord): Normalised {
  const failed = record['EventID'] === 4625;
  const user =
    record['TargetUserName'] === undefined
      ? {}
      : {
          name: field<string>(record, 'TargetUserName'),
          domain: field<string>(record, 'TargetDomainName'),
        };
  const event = ocsf.authentication({
    activity_id: 1,
    severity_id: failed ? 3 : 1,
    status_id: failed ? 2 : 1,
    ...(record['Status'] === undefined ? {} : { status_code: field<string>(record, 'Status') }),
    ...(record['SubStatus'] === undefined
      ? {}
      : { status_detail: field<string>(record, 'SubStatus') }),
    time: Date.parse(field<string>(record, 'TimeCreated')),
    logon_type_id: field<10>(record, 'LogonType'),
    ...(record['AuthenticationPackageName'] === 'Kerberos' ? { auth_protocol_id: 2 } : {}),
    is_remote: true,
    user,
    src_endpoint: { ip: field<string>(record, 'IpAddress'), port: field<number>(record, 'IpPort') },
    dst_endpoint: { hostname: field<string>(record, 'Computer') },
    metadata: {
      product: { name: 'Microsoft Windows', vendor_name: 'Microsoft' },
      event_code: String(record['EventID']),
      log_name: 'Security',
    },
  });
  return { event, warnings: [] };
}

function okta(record: RawRecord): Normalised {
  const actor = record['actor'] as { displayName: string; id: string; alternateId: string };
  const client = record['client'] as { ipAddress: string; userAgent: { rawUserAgent: string } };
  const context = record['authenticationContext'] as { externalSessionId: string };
  const success = (record['outcome'] as { result: string }).result === 'SUCCESS';
  const event = ocsf.authentication({
    activity_id: 1,
    severity_id: 1,
    status_id: success ? 1 : 2,
    time: Date.parse(field<string>(record, 'published')),
    message: field<string>(record, 'displayMessage'),
    user: { name: actor.displayName, uid: actor.id, email_addr: actor.alternateId },
    src_endpoint: { ip: client.ipAddress },
    http_request: { user_agent: client.userAgent.rawUserAgent },
    session: { uid: context.externalSessionId },
    service: { name: 'Okta' },
    metadata: {
      product: { name: 'Okta', vendor_name: 'Okta' },
      uid: field<string>(record, 'uuid'),
      event_code: field<string>(record, 'eventType'),
    },
  });
  return { event, warnings: [] };
}

function zeekDns(record: RawRecord): Normalised {
  const ttls = record['TTLs'] as number[];
  const answers = (record['answers'] as string[]).map((rdata, index) => {
    const ttl = ttls[index];
    return ttl === undefined ? { rdata } : { rdata, ttl };
  });
  const event = ocsf.dnsActivity({
    activity_id: 6,
    severity_id: 1,
    time: Math.round(field<number>(record, 'ts') * 1000),
    query: { hostname: field<string>(record, 'query'), type: field<string>(record, 'qtype_name') },
    answers,
    rcode_id: record['rcode_name'] === 'NOERROR' ? 0 : 99,
    src_endpoint: {
      ip: field<string>(record, 'id.orig_h'),
      port: field<number>(record, 'id.orig_p'),
    },
    dst_endpoint: {
      ip: field<string>(record, 'id.resp_h'),
      port: field<number>(record, 'id.resp_p'),
    },
    metadata: { product: { name: 'Zeek', vendor_name: 'Zeek' }, uid: field<string>(record, 'uid') },
  });
  return { event, warnings: [] };
}

/** Records that are already OCSF (a partner feed): validated leniently, repairs reported. */
function partnerOcsf(record: RawRecord): Normalised {
  const result = validateOcsfEvent(record['event'], { mode: 'lenient' });
  if (!result.ok)
    throw Object.assign(new Error('invalid partner event'), { issues: result.errors });
  return { event: result.event, warnings: result.warnings };
}

/** Normalisers by the `source` field of a sample record. */
export const normalisers: Record<string, (record: RawRecord) => Normalised> = {
  sysmon,
  'windows-security': windowsSecurity,
  okta,
  'zeek-dns': zeekDns,
  'partner-ocsf': partnerOcsf,
};
