import { describeFileSourceConformance } from '../testing/file-source-conformance.js';
import type { FileLine } from './file-tail-batch.js';
import { tailFiles } from './tail-files.js';

const line = (n: number): string =>
  JSON.stringify({ ts: 1_700_000_000 + n / 1000, uid: `C${n}`, note: 'conformance line padding' });
const numberOf = (record: FileLine): number =>
  Number((JSON.parse(record.text) as { uid: string }).uid.slice(1));

describeFileSourceConformance({
  name: 'tailFiles, small batches and reads',
  read: (glob, state) => tailFiles({ glob, state, batchLines: 200, readBytes: 4_096 }),
  line,
  numberOf,
});

describeFileSourceConformance({
  name: 'tailFiles, defaults',
  read: (glob, state) => tailFiles({ glob, state }),
  line,
  numberOf,
});
