import type { WindowsEventLogRecord } from './record.js';

type Json = Record<string, unknown>;

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * NXLog `im_msvistalog` fields and what a Logstash/Kafka pipeline adds: not EventData. The
 * rendered `Message` is kept as a value (records whose provider logs no EventData carry
 * everything there, e.g. PowerShell script blocks).
 */
const NXLOG_SYSTEM_FIELDS = new Set([
  '@timestamp',
  '@version',
  'AccountName',
  'AccountType',
  'ActivityID',
  'Category',
  'Channel',
  'Domain',
  'EventID',
  'EventReceivedTime',
  'EventTime',
  'ExecutionProcessID',
  'ExecutionThreadID',
  'Hostname',
  'Keywords',
  'Level',
  'Opcode',
  'OpcodeValue',
  'ProviderGuid',
  'RecordNumber',
  'RelatedActivityID',
  'Severity',
  'SeverityValue',
  'SourceModuleName',
  'SourceModuleType',
  'SourceName',
  'Task',
  'ThreadID',
  'TimeCreated',
  'UserID',
  'Version',
  'host',
  'port',
  'tags',
]);

/** NXLog's own `EventType` values (its severity label), not an EventData `EventType`. */
const NXLOG_EVENT_TYPES = new Set([
  'AUDIT_FAILURE',
  'AUDIT_SUCCESS',
  'CRITICAL',
  'ERROR',
  'INFO',
  'VERBOSE',
  'WARNING',
]);

function system(fields: {
  provider: unknown;
  eventId: unknown;
  channel: unknown;
  computer: unknown;
  time: unknown;
  recordId: unknown;
  level: unknown;
  processId: unknown;
  threadId: unknown;
  userId: unknown;
}): Json {
  const out: Json = {
    Provider: { '#attributes': { Name: fields.provider } },
    EventID: fields.eventId,
    TimeCreated: { '#attributes': { SystemTime: fields.time } },
  };
  if (fields.channel !== undefined) out.Channel = fields.channel;
  if (fields.computer !== undefined) out.Computer = fields.computer;
  if (fields.recordId !== undefined) out.EventRecordID = fields.recordId;
  if (fields.level !== undefined) out.Level = fields.level;
  if (fields.processId !== undefined || fields.threadId !== undefined) {
    out.Execution = { '#attributes': { ProcessID: fields.processId, ThreadID: fields.threadId } };
  }
  if (fields.userId !== undefined) out.Security = { '#attributes': { UserID: fields.userId } };
  return out;
}

/**
 * A flat NXLog record (`SourceName`, `EventID`, `Hostname`, `Channel`, EventData values at the
 * top level, e.g. the OTRF Security-Datasets recordings). `TimeCreated` (UTC) is the time when
 * present, else `@timestamp`, else NXLog's `EventTime`. A record that keeps the Windows
 * `EventType` under `EventTypeOrignal` (sic, as the Mordor pipeline writes it) gets it back.
 */
function fromNxlog(record: Json): WindowsEventLogRecord {
  const data: Json = {};
  for (const key in record) {
    if (NXLOG_SYSTEM_FIELDS.has(key)) continue;
    data[key] = record[key];
  }
  const nxlogType =
    typeof record.EventType === 'string' &&
    NXLOG_EVENT_TYPES.has(record.EventType) &&
    record.SeverityValue !== undefined;
  if ('EventTypeOrignal' in record) {
    data.EventType = record.EventTypeOrignal;
    delete data.EventTypeOrignal;
  } else if (nxlogType) {
    delete data.EventType;
  }
  return {
    Event: {
      System: system({
        provider: record.SourceName,
        eventId: record.EventID,
        channel: record.Channel,
        computer: record.Hostname,
        time: record.TimeCreated ?? record['@timestamp'] ?? record.EventTime,
        recordId: record.RecordNumber,
        level: record.Level,
        processId: record.ExecutionProcessID,
        threadId: record.ExecutionThreadID ?? record.ThreadID,
        userId: record.UserID,
      }),
      EventData: data,
    },
  };
}

/** A Winlogbeat 7+ (ECS) record: `winlog.*`; the time is `winlog.time_created`, else `@timestamp`. */
function fromWinlogbeat(record: Json, winlog: Json): WindowsEventLogRecord {
  const process = isRecord(winlog.process) ? winlog.process : {};
  const thread = isRecord(process.thread) ? process.thread : {};
  const user = isRecord(winlog.user) ? winlog.user : {};
  const event = isRecord(record.event) ? record.event : {};
  return {
    Event: {
      System: system({
        provider: winlog.provider_name,
        eventId: winlog.event_id ?? event.code,
        channel: winlog.channel,
        computer: winlog.computer_name,
        time: winlog.time_created ?? record['@timestamp'] ?? event.created,
        recordId: winlog.record_id,
        level: undefined,
        processId: process.pid,
        threadId: thread.id,
        userId: user.identifier,
      }),
      EventData: isRecord(winlog.event_data) ? winlog.event_data : undefined,
      UserData: isRecord(winlog.user_data) ? { UserData: winlog.user_data } : undefined,
    },
  };
}

/** A Winlogbeat 6 record: `event_id`, `source_name`, `log_name`, `computer_name`, `event_data`. */
function fromWinlogbeat6(record: Json): WindowsEventLogRecord {
  const user = isRecord(record.user) ? record.user : {};
  return {
    Event: {
      System: system({
        provider: record.source_name,
        eventId: record.event_id,
        channel: record.log_name,
        computer: record.computer_name,
        time: record['@timestamp'],
        recordId: record.record_number,
        level: undefined,
        processId: record.process_id,
        threadId: record.thread_id,
        userId: user.identifier,
      }),
      EventData: isRecord(record.event_data) ? record.event_data : undefined,
      UserData: isRecord(record.user_data) ? { UserData: record.user_data } : undefined,
    },
  };
}

/**
 * The record in the Windows Event Log export shape (`{Event: {System, EventData}}`): records
 * already in that shape are returned as they are; Winlogbeat 7+ (`winlog.*`), Winlogbeat 6
 * (`event_id`, `source_name`, `event_data`) and flat NXLog records
 * (`SourceName` or `Channel`, and `EventID`) are rewritten into it. Anything else is returned unchanged (and rejected by the reader).
 */
export function toEventLogShape(record: unknown): unknown {
  if (!isRecord(record) || isRecord(record.Event)) return record;
  if (isRecord(record.winlog)) return fromWinlogbeat(record, record.winlog);
  if (record.source_name !== undefined && record.event_id !== undefined) {
    return fromWinlogbeat6(record);
  }
  if (
    record.EventID !== undefined &&
    (record.SourceName !== undefined || record.Channel !== undefined)
  ) {
    return fromNxlog(record);
  }
  return record;
}
