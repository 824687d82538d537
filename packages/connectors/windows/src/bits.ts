import { baseName, compact } from '@openmdr/connector-kit/normalize';
import type { MappingContext, RecordMapper } from './context.js';
import { NormalizationError } from './errors.js';
import { fileFromPath, type OcsfObject, port, userFromAccount } from './ocsf-parts.js';
import { parseInteger } from './record.js';

const product = 'Background Intelligent Transfer Service';

/** The BITS job of a record (`jobTitle`, or `name` in transfer records; `jobOwner`). */
function job(context: MappingContext, extra: OcsfObject = {}): OcsfObject {
  const data = context.data;
  // Windows 7 writes the job title and owner as `string` and `string2`.
  const name = data.string('jobTitle') ?? data.string('jobName') ?? data.string('string');
  if (name === undefined) {
    throw new NormalizationError(`BITS event ${context.event.eventId} has no jobTitle`, {
      path: 'Event.EventData.jobTitle',
    });
  }
  const owner = data.string('jobOwner') ?? data.string('string2');
  return compact({ name, user: userFromAccount(owner), ...extra });
}

/** The process that created the job (`processPath`, `processId`), else the job owner. */
function jobActor(context: MappingContext, owner: OcsfObject | undefined): OcsfObject {
  const data = context.data;
  const path = data.string('processPath');
  const pid = data.integer('processId');
  const process =
    path === undefined && pid === undefined
      ? undefined
      : compact({
          pid,
          name: path === undefined ? undefined : baseName(path),
          file: path === undefined ? undefined : fileFromPath(path),
        });
  const user = userFromAccount(data.string('User')) ?? owner;
  return compact({
    process,
    user,
    app_name: process === undefined && user === undefined ? 'BITS' : undefined,
  });
}

/**
 * BITS 3 (job created), 16403 (a file was added to a job), 4 (job completed), 5 (job
 * cancelled) → Scheduled Job Activity (Create, Update, Other "Complete", Other "Cancel"). A BITS
 * job is a persistent job queued to and run by a system service, which is what the class
 * describes (attackers use it as they use scheduled tasks, ATT&CK T1197). `job.name` = jobTitle,
 * `job.user` = jobOwner, `job.file` = LocalName (16403), `actor.process` = processPath/processId.
 * RemoteName (16403) and jobId stay in `unmapped`.
 */
function jobActivity(activityId: 1 | 2 | 99, label?: string): RecordMapper {
  return (context) => {
    const localName = context.data.string('LocalName');
    const theJob = job(context, localName === undefined ? {} : { file: fileFromPath(localName) });
    return context.emit(
      'scheduledJobActivity',
      activityId,
      { job: theJob, actor: jobActor(context, theJob.user as OcsfObject | undefined) },
      { productName: product, ...(label === undefined ? {} : { activityName: label }) },
    );
  };
}

/** `url` and the server endpoint of a transfer URL (`https://host:port/path?query`, or a UNC path). */
function transferTarget(value: string): { url: OcsfObject; endpoint: OcsfObject | undefined } {
  try {
    const parsed = new URL(value);
    const explicitPort = parsed.port === '' ? undefined : Number(parsed.port);
    return {
      url: compact({
        url_string: value,
        scheme: parsed.protocol.replace(/:$/, ''),
        hostname: parsed.hostname === '' ? undefined : parsed.hostname,
        port: port(explicitPort),
        path: parsed.pathname === '' ? undefined : parsed.pathname,
        query_string: parsed.search === '' ? undefined : parsed.search.slice(1),
      }),
      endpoint:
        parsed.hostname === ''
          ? undefined
          : compact({ hostname: parsed.hostname, port: port(explicitPort) }),
    };
  } catch {
    const unc = /^\\\\([^\\]+)\\/.exec(value);
    return {
      url: { url_string: value },
      endpoint: unc?.[1] === undefined ? undefined : { hostname: unc[1] },
    };
  }
}

/**
 * BITS 59 (transfer started), 60 (transfer stopped), 61 (transfer stopped with an error) →
 * Network Activity (Open, Close, Fail): the BITS service fetching `url` from its server for the
 * job named `name`. `url` (with scheme, host, path, query), `dst_endpoint` from the URL host,
 * `traffic.bytes_in` = bytesTransferred, `status_code` = hr (an HRESULT, 0 on success).
 */
function transfer(activityId: 1 | 2 | 4): RecordMapper {
  return (context) => {
    const data = context.data;
    const address = data.string('url');
    if (address === undefined) {
      throw new NormalizationError(`BITS event ${context.event.eventId} has no url`, {
        path: 'Event.EventData.url',
      });
    }
    const { url, endpoint } = transferTarget(address);
    const transferred = activityId === 1 ? undefined : readInteger(context, 'bytesTransferred');
    const result = activityId === 1 ? undefined : readInteger(context, 'hr');
    return context.emit(
      'networkActivity',
      activityId,
      {
        app_name: 'BITS',
        url,
        src_endpoint: compact({ hostname: context.event.computer }),
        dst_endpoint: endpoint,
        connection_info: { direction_id: 2, direction: 'Outbound' },
        traffic:
          transferred === undefined ? undefined : { bytes_in: transferred, bytes: transferred },
        ...(result === undefined
          ? {}
          : {
              status_code: `0x${(result >>> 0).toString(16).padStart(8, '0')}`,
              status_id: result === 0 ? 1 : 2,
              status: result === 0 ? 'Success' : 'Failure',
            }),
      },
      { productName: product },
    );
  };
}

/** An integer value, marked read only when it is one (BITS writes 2^64-1 for "unknown"). */
function readInteger(context: MappingContext, name: string): number | undefined {
  const value = parseInteger(context.data.peek(name));
  if (value !== undefined) context.data.raw(name);
  return value;
}

/** Microsoft-Windows-Bits-Client mappers by EventID. */
export const bitsMappers: Readonly<Record<number, RecordMapper>> = {
  3: jobActivity(1),
  4: jobActivity(99, 'Complete'),
  5: jobActivity(99, 'Cancel'),
  59: transfer(1),
  60: transfer(2),
  61: transfer(4),
  16403: jobActivity(2),
};
