/**
 * The worker thread of `openmdr normalize --threads N`: normalises chunks of JSON lines with the
 * built-in source named in its setup.
 *
 * @module
 */
import { normalizeSources } from '../commands/normalize.js';
import {
  type NormalizeChunk,
  type NormalizeRecordOptions,
  normalizeChunk,
} from './normalize-lines.js';
import { serveChunks } from './serve-chunks.js';

/** The setup of a normalize worker. */
export interface NormalizeWorkerSetup extends NormalizeRecordOptions {
  readonly source: string;
}

await serveChunks<NormalizeChunk, { out: string; failed: number }>(async (setup) => {
  const { source: id, ...options } = setup as NormalizeWorkerSetup;
  const source = normalizeSources.find((candidate) => candidate.id === id);
  if (source === undefined) throw new Error(`unknown source '${id}'`);
  return (chunk) => normalizeChunk(source, chunk, options);
});
