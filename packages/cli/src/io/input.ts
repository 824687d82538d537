/**
 * Reading the inputs of a command: a FILE or standard input (`-`), gunzipped when it is gzip
 * (a name ending in `.gz`, or the magic bytes `1f 8b`), counted for the progress line.
 *
 * @module
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { FileAccessError } from '../command.js';
import type { Progress } from './progress.js';

/** Options of {@link openInput} and {@link readInputBytes}. */
export interface InputOptions {
  /** Told the input size (for a file) and every byte and line read. */
  readonly progress?: Progress;
}

/** True for gzip data: the magic bytes `1f 8b`. */
export const isGzip = (bytes: Uint8Array): boolean => bytes[0] === 0x1f && bytes[1] === 0x8b;

/** True when `file` means standard input: no FILE, or `-`. */
export const isStdin = (file: string | undefined): boolean => file === undefined || file === '-';

const toBuffer = (chunk: unknown): Buffer =>
  typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk as Uint8Array);

/** Counts the newlines of a chunk (the events of JSON lines, for the progress line). */
function newlines(chunk: Buffer): number {
  let lines = 0;
  for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, at + 1)) lines++;
  return lines;
}

/** The chunks of `source` as Buffers, counted into `progress`. */
async function* counted(
  source: AsyncIterable<unknown>,
  progress: Progress | undefined,
): AsyncGenerator<Buffer> {
  for await (const chunk of source) {
    const bytes = toBuffer(chunk);
    progress?.advance(newlines(bytes), bytes.length);
    yield bytes;
  }
}

/** Reading errors as {@link FileAccessError}s naming the input; gzip ones say so. */
function accessError(name: string, error: unknown): FileAccessError {
  if (error instanceof FileAccessError) return error;
  const code = (error as { code?: unknown })?.code;
  const verb = typeof code === 'string' && code.startsWith('Z_') ? 'gunzip' : 'read';
  return new FileAccessError(`cannot ${verb} ${name}: ${(error as Error)?.message ?? error}`, {
    cause: error,
  });
}

/**
 * The bytes of `source`, gunzipped when `gzipByName` or when they start with the gzip magic;
 * progress counts the bytes as read (compressed), the lines as decoded.
 */
async function* decoded(
  source: AsyncIterable<unknown>,
  name: string,
  gzipByName: boolean,
  progress: Progress | undefined,
): AsyncGenerator<Buffer> {
  try {
    const iterator = source[Symbol.asyncIterator]();
    let head = Buffer.alloc(0);
    let ended = false;
    while (head.length < 2 && !ended) {
      const next = await iterator.next();
      if (next.done) ended = true;
      else head = Buffer.concat([head, toBuffer(next.value)]);
    }
    const rest = async function* (): AsyncGenerator<Buffer> {
      if (head.length > 0) yield head;
      if (ended) return;
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
        yield toBuffer(next.value);
      }
    };
    if (!gzipByName && !isGzip(head)) {
      for await (const chunk of rest()) {
        progress?.advance(newlines(chunk), chunk.length);
        yield chunk;
      }
      return;
    }
    const gunzip = createGunzip();
    const compressed = async function* (): AsyncGenerator<Buffer> {
      for await (const chunk of rest()) {
        progress?.advance(0, chunk.length);
        yield chunk;
      }
    };
    let failure: unknown;
    const piping = pipeline(Readable.from(compressed()), gunzip).catch((error: unknown) => {
      failure = error;
    });
    for await (const chunk of counted(gunzip, undefined)) {
      progress?.advance(newlines(chunk));
      yield chunk;
    }
    await piping;
    if (failure !== undefined) throw failure;
  } catch (error) {
    throw accessError(name, error);
  }
}

/**
 * Opens an input: FILE, or `stdin` for `-` or no FILE, as a byte stream, gunzipped when FILE ends
 * in `.gz` or the bytes start with the gzip magic. The progress reporter, if any, is told the
 * file's size and counts the bytes and lines read.
 *
 * @throws {FileAccessError} when FILE cannot be opened; the stream fails with one when it cannot
 *   be read or gunzipped.
 */
export async function openInput(
  file: string | undefined,
  stdin: NodeJS.ReadableStream,
  options: InputOptions = {},
): Promise<Readable> {
  const progress = options.progress?.enabled ? options.progress : undefined;
  if (isStdin(file)) {
    return Readable.from(decoded(stdin, 'standard input', false, progress), { objectMode: false });
  }
  const path = file as string;
  const stream = createReadStream(path);
  try {
    await new Promise<void>((resolve, reject) => {
      stream.once('open', () => resolve());
      stream.once('error', reject);
    });
  } catch (error) {
    throw accessError(path, error);
  }
  if (progress !== undefined) {
    const info = await stat(path).catch(() => undefined);
    if (info?.isFile()) progress.total(info.size);
  }
  return Readable.from(decoded(stream, path, path.endsWith('.gz'), progress), {
    objectMode: false,
  });
}

/**
 * The whole content of an input (see {@link openInput}) as bytes, gunzipped when gzip.
 *
 * @throws {FileAccessError} when it cannot be read or gunzipped.
 */
export async function readInputBytes(
  file: string | undefined,
  stdin: NodeJS.ReadableStream,
  options: InputOptions = {},
): Promise<Buffer> {
  const input = await openInput(file, stdin, options);
  const chunks: Buffer[] = [];
  for await (const chunk of input) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * The whole content of an input (see {@link openInput}) as UTF-8 text.
 *
 * @throws {FileAccessError} when it cannot be read or gunzipped.
 */
export async function readInputText(
  file: string | undefined,
  stdin: NodeJS.ReadableStream,
  options: InputOptions = {},
): Promise<string> {
  return (await readInputBytes(file, stdin, options)).toString('utf8');
}
