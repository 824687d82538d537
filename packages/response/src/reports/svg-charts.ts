/** Small, dependency-free SVG charts for the HTML report (inline, accessible, deterministic). */
import { escapeHtml } from '../notifications/format.js';

const PALETTE = ['#1f6feb', '#2da44e', '#bf8700', '#cf222e', '#8250df', '#57606a'];

const round = (value: number) => Math.round(value * 10) / 10;

/** A horizontal bar chart: one labelled bar per item. */
export function horizontalBars(
  title: string,
  items: readonly { label: string; value: number; note?: string; color?: string }[],
  options: { width?: number; unit?: string; max?: number } = {},
): string {
  const width = options.width ?? 640;
  const labelWidth = 190;
  const barArea = width - labelWidth - 90;
  const rowHeight = 26;
  const height = Math.max(1, items.length) * rowHeight + 34;
  const max = options.max ?? Math.max(1, ...items.map((item) => item.value));
  const rows = items
    .map((item, index) => {
      const y = 28 + index * rowHeight;
      const length = max === 0 ? 0 : round((item.value / max) * barArea);
      const color = item.color ?? PALETTE[index % PALETTE.length];
      return `<text x="${labelWidth - 8}" y="${y + 14}" text-anchor="end" class="label">${escapeHtml(item.label)}</text><rect x="${labelWidth}" y="${y}" width="${Math.max(length, 1)}" height="18" rx="3" fill="${color}"><title>${escapeHtml(`${item.label}: ${item.note ?? item.value}`)}</title></rect><text x="${labelWidth + Math.max(length, 1) + 6}" y="${y + 14}" class="value">${escapeHtml(item.note ?? `${item.value}${options.unit ?? ''}`)}</text>`;
    })
    .join('');
  return `<svg class="chart" role="img" aria-label="${escapeHtml(title)}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" xmlns="http://www.w3.org/2000/svg"><title>${escapeHtml(title)}</title><text x="0" y="16" class="title">${escapeHtml(title)}</text>${items.length === 0 ? `<text x="${labelWidth}" y="44" class="label">no data</text>` : rows}</svg>`;
}

/** A funnel: centred bars narrowing stage by stage. */
export function funnel(
  title: string,
  stages: readonly { label: string; value: number | null }[],
): string {
  const width = 640;
  const rowHeight = 34;
  const height = stages.length * rowHeight + 34;
  const max = Math.max(1, ...stages.map((stage) => stage.value ?? 0));
  const rows = stages
    .map((stage, index) => {
      const y = 28 + index * rowHeight;
      const value = stage.value ?? 0;
      const length = Math.max(round((Math.log10(value + 1) / Math.log10(max + 1)) * 420), 4);
      const x = round(110 + (420 - length) / 2);
      return `<text x="100" y="${y + 19}" text-anchor="end" class="label">${escapeHtml(stage.label)}</text><rect x="${x}" y="${y}" width="${length}" height="26" rx="4" fill="${PALETTE[index % PALETTE.length]}"><title>${escapeHtml(`${stage.label}: ${stage.value ?? 'not measured'}`)}</title></rect><text x="540" y="${y + 19}" class="value">${stage.value === null ? 'n/a' : stage.value}</text>`;
    })
    .join('');
  return `<svg class="chart" role="img" aria-label="${escapeHtml(title)}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" xmlns="http://www.w3.org/2000/svg"><title>${escapeHtml(title)}</title><text x="0" y="16" class="title">${escapeHtml(title)} (log scale)</text>${rows}</svg>`;
}

/** Vertical bars over time (one per day). */
export function columns(
  title: string,
  points: readonly { label: string; value: number }[],
): string {
  const width = 640;
  const height = 180;
  const plotHeight = 120;
  const max = Math.max(1, ...points.map((point) => point.value));
  const step = points.length === 0 ? 0 : 600 / points.length;
  const bars = points
    .map((point, index) => {
      const barHeight = round((point.value / max) * plotHeight);
      const x = round(30 + index * step);
      return `<rect x="${x}" y="${round(150 - barHeight)}" width="${round(Math.max(step - 2, 1))}" height="${Math.max(barHeight, point.value > 0 ? 1 : 0)}" fill="#1f6feb"><title>${escapeHtml(`${point.label}: ${point.value}`)}</title></rect>`;
    })
    .join('');
  const first = points[0]?.label ?? '';
  const last = points.at(-1)?.label ?? '';
  return `<svg class="chart" role="img" aria-label="${escapeHtml(title)}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" xmlns="http://www.w3.org/2000/svg"><title>${escapeHtml(title)}</title><text x="0" y="16" class="title">${escapeHtml(title)} (max ${max})</text><line x1="30" y1="150" x2="630" y2="150" stroke="#8c959f"/>${bars}<text x="30" y="170" class="label">${escapeHtml(first)}</text><text x="630" y="170" text-anchor="end" class="label">${escapeHtml(last)}</text></svg>`;
}
