import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CLOUDTRAIL_OCSF_FIELDS, CLOUDTRAIL_TABLE_TITLE } from './cloudtrail-field-table.js';
import { COMMON_FIELDS, OCSF_FIELD_TABLES } from './field-tables.js';
import { ocsfMappingRows } from './mapping-rows.js';
import { NETWORK_OCSF_FIELD_TABLES } from './network-field-tables.js';

describe('docs/detections/ocsf-mapping.md', () => {
  it('lists every row of the field tables', () => {
    const page = readFileSync(
      fileURLToPath(new URL('../../../../../docs/detections/ocsf-mapping.md', import.meta.url)),
      'utf8',
    );
    const rows = [
      COMMON_FIELDS,
      ...Object.values(OCSF_FIELD_TABLES),
      ...Object.values(NETWORK_OCSF_FIELD_TABLES),
      CLOUDTRAIL_OCSF_FIELDS,
    ].flatMap((table) => ocsfMappingRows(table));
    expect(rows.length).toBeGreaterThan(300);
    expect(rows.filter((row) => !page.includes(row))).toEqual([]);
  });

  it('has the CloudTrail table under its heading', () => {
    const page = readFileSync(
      fileURLToPath(new URL('../../../../../docs/detections/ocsf-mapping.md', import.meta.url)),
      'utf8',
    );
    const start = page.indexOf(`### ${CLOUDTRAIL_TABLE_TITLE}`);
    expect(start).toBeGreaterThan(0);
    const section = page.slice(start, page.indexOf('\n## ', start));
    const rows = ocsfMappingRows(CLOUDTRAIL_OCSF_FIELDS);
    expect(rows.filter((row) => !section.includes(row))).toEqual([]);
  });
});
