/** The uPlot charts: findings per hour stacked by source and by tactic, mean-time trends. */
import uPlot from 'uplot';
import type { FindingsHour, MetricsDay } from '../src/operations/types.js';
import { stackFindings, trendSeries } from './chart-data.js';
import { h, replace } from './dom.js';
import { formatDuration } from './format.js';

/** Colour-blind-safe palette (Okabe–Ito, then greys). */
const PALETTE = [
  '#0072b2',
  '#e69f00',
  '#009e73',
  '#d55e00',
  '#cc79a7',
  '#56b4e9',
  '#f0e442',
  '#999999',
];

const HEIGHT = 220;

/** A chart slot: a container that (re)draws on new data and on resize. */
export class ChartSlot {
  readonly #container: HTMLElement;
  readonly #empty: string;
  #plot: uPlot | null = null;
  /** The series the current plot was built for: same series, new data → `setData`, no redraw. */
  #shape = '';
  /** Raw counts behind the stacked bars, read by the legend. */
  #raw: number[][] = [];

  constructor(container: HTMLElement, emptyText: string) {
    this.#container = container;
    this.#empty = emptyText;
  }

  /** Draws findings per hour stacked by `by`. */
  findings(hours: readonly FindingsHour[], by: 'source' | 'tactic'): void {
    const series = stackFindings(hours, by);
    if (series.x.length === 0 || series.keys.length === 0) {
      this.#placeholder();
      return;
    }
    const bars = uPlot.paths.bars?.({ size: [0.7, 40] });
    // Drawn tallest first so each shorter cumulative bar covers the one behind it: a stack.
    const order = series.keys.map((_, index) => index).reverse();
    const options = this.#options({
      series: [
        {},
        ...order.map((index) => ({
          label: series.keys[index] ?? '',
          fill: PALETTE[index % PALETTE.length] ?? '#999999',
          stroke: PALETTE[index % PALETTE.length] ?? '#999999',
          width: 0,
          ...(bars ? { paths: bars } : {}),
          points: { show: false },
          value: (_plot: uPlot, _value: number | null, _series: number, row: number | null) =>
            row === null ? '–' : String(this.#raw[index]?.[row] ?? 0),
        })),
      ],
      axes: [{}, { values: (_plot: uPlot, splits: number[]) => splits.map((v) => String(v)) }],
      scales: { y: { range: (_plot: uPlot, _min: number, max: number) => [0, Math.max(1, max)] } },
    });
    this.#raw = series.raw;
    this.#draw(`${by}:${series.keys.join('\u0000')}`, options, [
      series.x,
      ...order.map((index) => series.stacked[index] ?? []),
    ]);
  }

  /** Draws the MTTD/MTTA/MTTC/MTTR trend lines. */
  trends(days: readonly MetricsDay[]): void {
    const series = trendSeries(days);
    const hasValue = [series.mttd, series.mtta, series.mttc, series.mttr].some((row) =>
      row.some((value) => value !== null),
    );
    if (series.x.length === 0 || !hasValue) {
      this.#placeholder();
      return;
    }
    const line = (label: string, index: number) => ({
      label,
      stroke: PALETTE[index] ?? '#999999',
      width: 2,
      spanGaps: false,
      points: { show: true, size: 5 },
      value: (_plot: uPlot, value: number | null) =>
        value === null ? '–' : formatDuration(value * 60_000),
    });
    const options = this.#options({
      series: [{}, line('MTTD', 0), line('MTTA', 1), line('MTTC', 2), line('MTTR', 3)],
      axes: [
        {},
        {
          size: 60,
          values: (_plot: uPlot, splits: number[]) =>
            splits.map((value) => formatDuration(value * 60_000)),
        },
      ],
      scales: {
        x: { time: true },
        y: { range: (_plot: uPlot, _min: number, max: number) => [0, Math.max(1, max * 1.1)] },
      },
    });
    this.#draw('trends', options, [series.x, series.mttd, series.mtta, series.mttc, series.mttr]);
  }

  /** Follows the container's width. */
  resize(): void {
    if (this.#plot) this.#plot.setSize({ width: this.#width(), height: HEIGHT });
  }

  #options(partial: Omit<uPlot.Options, 'width' | 'height'>): uPlot.Options {
    return {
      width: this.#width(),
      height: HEIGHT,
      legend: { show: true, live: true },
      cursor: { drag: { x: false, y: false } },
      ...partial,
    };
  }

  #draw(shape: string, options: uPlot.Options, data: (number | null)[][]): void {
    if (this.#plot && shape === this.#shape) {
      this.#plot.setData(data as uPlot.AlignedData);
      return;
    }
    this.#shape = shape;
    this.#plot?.destroy();
    replace(this.#container);
    this.#plot = new uPlot(options, data as uPlot.AlignedData, this.#container);
  }

  #placeholder(): void {
    this.#plot?.destroy();
    this.#plot = null;
    this.#shape = '';
    replace(this.#container, h('p', { class: 'empty' }, this.#empty));
  }

  #width(): number {
    return Math.max(240, Math.floor(this.#container.clientWidth || 480));
  }
}
