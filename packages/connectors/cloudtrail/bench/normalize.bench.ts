/**
 * AWS CloudTrail normalisation throughput, each figure against a floor measured in the same run:
 *
 *   pnpm --filter @openmdr/connector-cloudtrail bench
 *   (or, in packages/connectors/cloudtrail: tsx --conditions=@openmdr/source bench/normalize.bench.ts)
 *
 * `normalizeCloudTrail` over 20 000 records per fixture family (management, sign-in, data and
 * Insights events), each a fixture record with its own `eventID`, `requestID` and `eventTime`,
 * parsed outside the timing; floor: `JSON.parse` of the same records' JSON text. A case and its
 * floor run alternately, a warm-up round each, then the median of 5 rounds (the kit's
 * `compareWithFloor`). Goal: ≥ 200 000 events/s per core for the mixed trail.
 */
import { readFileSync } from 'node:fs';
import {
  type BenchComparison,
  compareWithFloor,
  printComparisons,
} from '@openmdr/connector-kit/bench';
import { normalizeCloudTrail } from '../src/index.js';

const GOAL = 200_000;
const COUNT = 20_000;
const BASE_MS = Date.parse('2025-03-01T00:00:00Z');

const fixture = (name: string) =>
  JSON.parse(
    readFileSync(new URL(`../src/__fixtures__/${name}.json`, import.meta.url), 'utf8'),
  ) as Record<string, unknown>[];

const hex = (n: number) => n.toString(16).padStart(12, '0');
/** `count` JSON lines cycling through `records`, each with its own ids and time (10 ms apart). */
function lines(records: readonly Record<string, unknown>[], count: number): string[] {
  return Array.from({ length: count }, (_, n) => {
    const base = records[n % records.length] as Record<string, unknown>;
    return JSON.stringify({
      ...base,
      eventID: `bench000-0000-4000-8000-${hex(n)}`,
      requestID: base['requestID'] === undefined ? undefined : `bench001-0000-4000-8000-${hex(n)}`,
      eventTime: new Date(BASE_MS + n * 10).toISOString().replace('.000Z', 'Z'),
    });
  });
}

const families = {
  management: fixture('management-events'),
  'sign-in': fixture('signin-events'),
  data: fixture('data-events'),
  insights: fixture('insights-events'),
};
const mixed = [
  ...families.management,
  ...families['sign-in'],
  ...families.data,
  ...families.data,
  ...families.insights.slice(0, 2),
];

const rows: BenchComparison[] = [];
let sink = 0;
const cases: [string, string[]][] = [
  ['mixed trail', lines(mixed, COUNT)],
  ...Object.entries(families).map(([name, records]): [string, string[]] => [
    `${name} events`,
    lines(records, COUNT),
  ]),
];
for (const [name, text] of cases) {
  const bytes = text.reduce((total, line) => total + Buffer.byteLength(line), 0);
  rows.push(
    await compareWithFloor(
      COUNT,
      {
        name: 'floor: JSON.parse',
        run: () => {
          for (const line of text) sink += Object.keys(JSON.parse(line) as object).length;
          return text.length;
        },
        setup: () => undefined,
      },
      {
        name: `normalise: ${name}`,
        run: (records: unknown[]) => {
          for (const record of records) sink += normalizeCloudTrail(record)['class_uid'] as number;
          return records.length;
        },
        setup: () => text.map((line) => JSON.parse(line) as unknown),
      },
      { bytes },
    ),
  );
}

printComparisons('CloudTrail', rows, 'median of 5 rounds, records parsed outside the timing');
const mixedRate = rows[0]?.result.rate ?? 0;
console.log(
  `mixed trail: goal ${GOAL.toLocaleString('en-US')} events/s: ${mixedRate >= GOAL ? 'met' : 'NOT met'} [${sink > 0 ? 'ok' : ''}]`,
);
