import { cloudTrailFileRecords, isCloudTrailRecord } from '@openmdr/connectors/cloudtrail';
import { esqlRows } from '@openmdr/connectors/elastic';
import { azureDiagnosticRecords } from '@openmdr/connectors/entra';
import { guardDutyFindingsOf, isGuardDutyFinding } from '@openmdr/connectors/guardduty';
import { oktaEventHookEvents } from '@openmdr/connectors/okta';
import { asffFindingsOf, isAsffFinding } from '@openmdr/connectors/securityhub';
import { type LogAnalyticsTable, tableRecords } from '@openmdr/connectors/sentinel';

type Page = Record<string, unknown>;

/**
 * A vendor response envelope `openmdr normalize` unwraps: its name for the usage text, and
 * `records`, the records of a parsed JSON object when the object is this envelope (possibly
 * none, e.g. a Splunk `messages` line), `undefined` when it is not.
 */
export interface RecordEnvelope {
  readonly name: string;
  records(page: Page): unknown[] | undefined;
}

const isObject = (value: unknown): value is Page =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** The keys of Splunk's JSON output besides `result`/`results` (`output_mode=json`). */
const SPLUNK_KEYS: ReadonlySet<string> = new Set([
  'preview',
  'init_offset',
  'offset',
  'lastrow',
  'messages',
  'fields',
  'highlighted',
  'post_process_count',
]);

/** An ARM resource: `{ id, properties: {…} }` (`name`, `type`, `etag` besides). */
const isArmResource = (item: unknown): boolean =>
  isObject(item) && typeof item['id'] === 'string' && isObject(item['properties']);

/**
 * The rows of Splunk's `output_mode=json_rows` as records keyed by field name (`fields` as
 * names or `{name}` objects), `null` cells left out.
 */
function splunkRows(fields: readonly unknown[], rows: readonly unknown[]): Page[] {
  const names = fields.map((field) => (isObject(field) ? field['name'] : field));
  return rows.map((row) => {
    const record: Page = {};
    names.forEach((name, index) => {
      const value = Array.isArray(row) ? row[index] : undefined;
      if (typeof name === 'string' && value !== null && value !== undefined) record[name] = value;
    });
    return record;
  });
}

const isLogAnalyticsTable = (table: unknown): table is LogAnalyticsTable =>
  isObject(table) && Array.isArray(table['columns']) && Array.isArray(table['rows']);

/**
 * A record of a CloudTrail log file: a CloudTrail record with an `eventVersion`. The `Records`
 * of S3 event notifications and of the DynamoDB and Kinesis events Lambda receives look alike
 * but name an `aws:…` `eventSource` (CloudTrail's are `….amazonaws.com`).
 */
const isCloudTrailFileItem = (item: unknown): boolean =>
  isObject(item) &&
  typeof item['eventVersion'] === 'string' &&
  isCloudTrailRecord(item) &&
  !String(item['eventSource'] ?? '').startsWith('aws:');

/** True when a page holds only the given keys: an empty last page of an AWS list call. */
const onlyKeys = (page: Page, keys: readonly string[]): boolean =>
  Object.keys(page).every((key) => keys.includes(key));

/**
 * The items of an AWS list response under `key` when one of them satisfies `isItem`, or the
 * page holds nothing but that (empty) list and a next token; `undefined` otherwise.
 */
function awsPage(
  page: Page,
  key: string,
  isItem: (item: unknown) => boolean,
  unwrap: (page: Page) => unknown[] | undefined,
): unknown[] | undefined {
  const items = page[key];
  if (!Array.isArray(items)) return undefined;
  if (items.some(isItem)) return unwrap(page);
  return items.length === 0 && onlyKeys(page, [key, 'NextToken', 'nextToken']) ? [] : undefined;
}

/**
 * The envelopes `openmdr normalize` unwraps, tried in order; a JSON object none of them claims
 * is one record.
 */
export const recordEnvelopes: readonly RecordEnvelope[] = [
  {
    name: 'CrowdStrike {meta, resources}',
    records: (page) =>
      Array.isArray(page['resources']) && 'meta' in page ? page['resources'] : undefined,
  },
  {
    name: 'Microsoft Graph / OData {@odata.context, value}',
    records: (page) =>
      Array.isArray(page['value']) && ('@odata.context' in page || '@odata.nextLink' in page)
        ? page['value']
        : undefined,
  },
  {
    name: 'Azure ARM list {value, nextLink} (a last page: value items {id, properties})',
    records: (page) => {
      const value = page['value'];
      if (!Array.isArray(value)) return undefined;
      const arm =
        'nextLink' in page ||
        (value.length > 0 ? value.every(isArmResource) : Object.keys(page).length === 1);
      return arm ? value : undefined;
    },
  },
  {
    name: 'SentinelOne {pagination, data}',
    records: (page) =>
      Array.isArray(page['data']) && 'pagination' in page ? page['data'] : undefined,
  },
  {
    name: 'Splunk search results {preview, init_offset, messages, fields, results}',
    records: (page) =>
      Array.isArray(page['results']) &&
      ('init_offset' in page || 'preview' in page || 'fields' in page)
        ? page['results']
        : undefined,
  },
  {
    name: 'Splunk json_rows results {preview, init_offset, fields, rows}: a record per row',
    records: (page) =>
      Array.isArray(page['fields']) &&
      Array.isArray(page['rows']) &&
      ('init_offset' in page || 'preview' in page)
        ? splunkRows(page['fields'], page['rows'])
        : undefined,
  },
  {
    name: 'Splunk jobs/export lines {preview, offset, result}; preview rows, {messages} lines skipped',
    records: (page) => {
      if (isObject(page['result']) && ('offset' in page || 'preview' in page)) {
        return page['preview'] === true ? [] : [page['result']];
      }
      if (
        Array.isArray(page['messages']) &&
        Object.keys(page).every((key) => SPLUNK_KEYS.has(key))
      ) {
        return [];
      }
      return undefined;
    },
  },
  {
    name: 'Elasticsearch search / point in time {took, hits: {hits: [{_index, _id, _source}]}}',
    records: (page) =>
      isObject(page['hits']) && Array.isArray(page['hits']['hits'])
        ? page['hits']['hits']
        : undefined,
  },
  {
    name: 'Elasticsearch async search {id, is_running, response: {hits}}',
    records: (page) => {
      const response = page['response'];
      return 'is_running' in page && isObject(response) && isObject(response['hits'])
        ? pageRecords(response)
        : undefined;
    },
  },
  {
    name: 'Elasticsearch ES|QL {columns, values}: a record per row, keyed by column name',
    records: (page) =>
      Array.isArray(page['columns']) && Array.isArray(page['values'])
        ? esqlRows(page as Parameters<typeof esqlRows>[0])
        : undefined,
  },
  {
    name: 'Log Analytics query {tables: [{columns, rows}]}: a record per row, keyed by column name',
    records: (page) => {
      const tables = page['tables'];
      return Array.isArray(tables) && tables.length > 0 && tables.every(isLogAnalyticsTable)
        ? tables.flatMap((table) => tableRecords(table))
        : undefined;
    },
  },
  {
    name: 'AWS CloudTrail log file {Records: [{eventVersion, eventName, …}]} (as S3 delivers it, gzip or not)',
    records: (page) => awsPage(page, 'Records', isCloudTrailFileItem, cloudTrailFileRecords),
  },
  {
    name: 'AWS CloudTrail LookupEvents {Events: [{EventId, CloudTrailEvent}], NextToken}',
    records: (page) =>
      awsPage(
        page,
        'Events',
        (item) => isObject(item) && typeof item['CloudTrailEvent'] === 'string',
        (events) => events['Events'] as unknown[],
      ),
  },
  {
    name: 'Amazon GuardDuty GetFindings {Findings|findings: [{Id, Type, …}]}',
    records: (page) =>
      awsPage(page, 'Findings', isGuardDutyFinding, guardDutyFindingsOf) ??
      awsPage(page, 'findings', isGuardDutyFinding, guardDutyFindingsOf),
  },
  {
    name: 'AWS Security Hub GetFindings {Findings: [ASFF], NextToken}; EventBridge events {detail-type, detail: {findings: [ASFF]}}',
    records: (page) => {
      const detail = page['detail'];
      const eventBridge = typeof page['detail-type'] === 'string' && isObject(detail);
      const findings = eventBridge ? detail['findings'] : page['findings'];
      if ((eventBridge || onlyKeys(page, ['findings'])) && Array.isArray(findings)) {
        return findings.some(isAsffFinding) ? asffFindingsOf(page) : undefined;
      }
      return awsPage(page, 'Findings', isAsffFinding, asffFindingsOf);
    },
  },
  {
    name: 'Azure Monitor diagnostic settings / Defender XDR streaming API {records: [{time, category, properties}]} (Event Hubs messages, storage blobs)',
    records: (page) => azureDiagnosticRecords(page),
  },
  {
    name: 'Okta event hook delivery {eventType: "com.okta.event_hook", data: {events: [LogEvent]}}',
    records: (page) => oktaEventHookEvents(page),
  },
];

/**
 * The records of one parsed JSON value: the items of an array, the records of a vendor page
 * ({@link recordEnvelopes}), or `undefined` when the value is one record.
 */
export function pageRecords(value: unknown): unknown[] | undefined {
  if (Array.isArray(value)) return value;
  if (!isObject(value)) return undefined;
  for (const envelope of recordEnvelopes) {
    const records = envelope.records(value);
    if (records !== undefined) return records;
  }
  return undefined;
}
