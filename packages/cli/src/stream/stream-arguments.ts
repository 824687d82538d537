/**
 * The options `openmdr worker detect`, `openmdr stream append` and `openmdr stream status`
 * share: where the stream is, its name and partitions, and the tenants.
 *
 * @module
 */
import { UsageError } from '../command.js';
import type { OptionSpec, ParsedArguments } from '../options.js';

/** `--stream URL`: the Redis server or Kafka brokers of the event stream. */
export const STREAM_OPTION: OptionSpec = {
  name: 'stream',
  type: 'string',
  valueName: 'URL',
  required: '--stream redis://HOST:PORT[/DB] or kafka://HOST:PORT[,HOST:PORT] is required',
  description:
    'the event stream: a Redis server (redis:// or rediss://) or Kafka brokers (kafka://host:port[,host:port])',
};

/** `--stream-name NAME`: the stream's name (part of every key). */
export const STREAM_NAME_OPTION: OptionSpec = {
  name: 'stream-name',
  type: 'string',
  valueName: 'NAME',
  default: 'events',
  description: "the stream's name (part of every Redis key); the same for writers and workers",
};

/** `--partitions N`: the partitions of every tenant's stream. */
export const PARTITIONS_OPTION: OptionSpec = {
  name: 'partitions',
  type: 'string',
  valueName: 'N',
  default: '12',
  description:
    'partitions of every tenant stream: fixed for the life of the stream, the same for writers and workers; the most workers that share one tenant',
};

/** A positive integer option, or a usage error naming it. */
export function positiveInteger(args: ParsedArguments, name: string): number {
  const text = args.string(name);
  const value = Number(text);
  if (text === undefined || !Number.isSafeInteger(value) || value < 1)
    throw new UsageError(`--${name} must be a positive integer`);
  return value;
}

/** An optional positive integer option. */
export function optionalPositiveInteger(args: ParsedArguments, name: string): number | undefined {
  return args.string(name) === undefined ? undefined : positiveInteger(args, name);
}

/** The tenants of `--tenant T[,T2]` (repeatable), at least one. */
export function tenantsOf(args: ParsedArguments): string[] {
  const tenants = args
    .list('tenant')
    .flatMap((value) => value.split(','))
    .map((value) => value.trim())
    .filter((value) => value !== '');
  if (tenants.length === 0) throw new UsageError('--tenant is required');
  return [...new Set(tenants)];
}

/** The URL of `--stream` (Redis or Kafka), checked. */
export function streamUrlOf(args: ParsedArguments): string {
  const url = args.string('stream') as string;
  const bare = url.startsWith('redis:redis') ? url.slice('redis:'.length) : url;
  if (/^kafka:\/\/[^,/\s]+(,[^,/\s]+)*\/?$/.test(bare)) return bare;
  if (!/^rediss?:\/\//.test(bare))
    throw new UsageError(
      `--stream must be a redis://, rediss:// or kafka://host:port[,host:port] URL, got '${redactUrl(url)}'`,
    );
  return bare;
}

/** The URL with any password hidden, for messages. */
function redactUrl(url: string): string {
  return url.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@');
}
