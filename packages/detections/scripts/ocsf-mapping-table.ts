/**
 * Prints the Sigma → OCSF field tables of `src/sigma/ocsf/field-tables.ts` (with `--network`,
 * those of the network rules, `src/sigma/ocsf/network-field-tables.ts`; with `--cloudtrail`, that
 * of the CloudTrail rules, `src/sigma/ocsf/cloudtrail-field-table.ts`) as Markdown, for `docs/detections/ocsf-mapping.md` (a test checks the page lists every row).
 *
 * Run: `pnpm --filter @openmdr/detections exec tsx --conditions=@openmdr/source scripts/ocsf-mapping-table.ts`
 */
import {
  CLOUDTRAIL_OCSF_FIELDS,
  CLOUDTRAIL_TABLE_TITLE,
} from '../src/sigma/ocsf/cloudtrail-field-table.js';
import { COMMON_FIELDS, OCSF_FIELD_TABLES } from '../src/sigma/ocsf/field-tables.js';
import { ocsfMappingRows } from '../src/sigma/ocsf/mapping-rows.js';
import {
  NETWORK_OCSF_FIELD_TABLES,
  NETWORK_TABLE_TITLES,
} from '../src/sigma/ocsf/network-field-tables.js';

const classNames: Record<number, string> = {
  1001: 'File System Activity (1001)',
  1002: 'Kernel Extension Activity (1002)',
  1005: 'Module Activity (1005)',
  1006: 'Scheduled Job Activity (1006)',
  1007: 'Process Activity (1007)',
  1008: 'Event Log Activity (1008)',
  1009: 'Script Activity (1009)',
  3001: 'Account Change (3001)',
  3002: 'Authentication (3002)',
  3003: 'Authorize Session (3003)',
  4001: 'Network Activity (4001)',
  4003: 'DNS Activity (4003)',
  201001: 'Registry Key Activity (201001)',
  201002: 'Registry Value Activity (201002)',
  201004: 'Windows Service Activity (201004)',
};

if (process.argv.includes('--cloudtrail')) {
  const rows = ocsfMappingRows(CLOUDTRAIL_OCSF_FIELDS);
  const header = ['| Sigma field | OCSF attribute | read as |', '|---|---|---|'];
  process.stdout.write(`${[`### ${CLOUDTRAIL_TABLE_TITLE}`, '', ...header, ...rows].join('\n')}\n`);
  process.exit(0);
}

if (process.argv.includes('--network')) {
  const network: string[] = [];
  for (const [key, table] of Object.entries(NETWORK_OCSF_FIELD_TABLES)) {
    network.push(
      '',
      `### ${NETWORK_TABLE_TITLES[key] ?? key}`,
      '',
      '| Sigma field | OCSF attribute | read as |',
      '|---|---|---|',
      ...ocsfMappingRows(table),
    );
  }
  process.stdout.write(`${network.join('\n').trimStart()}\n`);
  process.exit(0);
}

const lines: string[] = [
  '### Every class',
  '',
  '| Sigma field | OCSF attribute | read as |',
  '|---|---|---|',
];
for (const row of ocsfMappingRows(COMMON_FIELDS)) lines.push(row);
for (const [classUid, table] of Object.entries(OCSF_FIELD_TABLES)) {
  lines.push(
    '',
    `### ${classNames[Number(classUid)] ?? classUid}`,
    '',
    '| Sigma field | OCSF attribute | read as |',
    '|---|---|---|',
  );
  for (const row of ocsfMappingRows(table)) lines.push(row);
}
process.stdout.write(`${lines.join('\n')}\n`);
