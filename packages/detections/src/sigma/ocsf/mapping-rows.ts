import type { OcsfFieldTable } from './field-tables.js';

/**
 * The Markdown table rows of a field table (`| \`Field\` | \`path\` | read |`), as documented
 * in `docs/detections/ocsf-mapping.md`.
 */
export function ocsfMappingRows(table: OcsfFieldTable): string[] {
  return Object.entries(table).map(([field, rule]) => {
    const paths =
      typeof rule === 'string'
        ? [rule]
        : typeof rule.ocsf === 'string'
          ? [rule.ocsf]
          : [...rule.ocsf];
    const read = typeof rule === 'string' ? 'value' : (rule.read ?? 'value');
    return `| \`${field}\` | ${paths.map((path) => `\`${path}\``).join(' or ')} | ${read} |`;
  });
}
