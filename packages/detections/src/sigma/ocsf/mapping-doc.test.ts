import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
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
    ].flatMap((table) => ocsfMappingRows(table));
    expect(rows.length).toBeGreaterThan(300);
    expect(rows.filter((row) => !page.includes(row))).toEqual([]);
  });
});
