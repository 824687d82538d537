/** Markdown helpers shared by the report and the post-incident review. */

/** Escapes Markdown table cells and inline markup. */
export function md(text: string): string {
  return text.replace(/([\\`*_[\]|<>#])/g, '\\$1').replace(/\r?\n/g, ' ');
}

/** A Markdown table (`_None._` without rows); cells must be escaped already. */
export function markdownTable(
  headers: readonly string[],
  rows: readonly (readonly string[])[],
): string[] {
  if (rows.length === 0) return ['_None._'];
  return [
    `| ${headers.join(' | ')} |`,
    `|${headers.map(() => '---').join('|')}|`,
    ...rows.map((row) => `| ${row.join(' | ')} |`),
  ];
}
