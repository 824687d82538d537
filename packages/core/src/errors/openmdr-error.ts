import { redact, redactString } from './redact.js';

const marker = Symbol.for('openmdr.error');

/** Options accepted by every {@link OpenMdrError}. */
export interface OpenMdrErrorOptions {
  /** The underlying error. It is kept, and redacted wherever it is serialised. */
  cause?: unknown;
  /** Whether retrying the same operation may succeed. Defaults to `false`. */
  isRetryable?: boolean;
  /** Where the problem is: a file and line, a config key, a field path, a rule id. */
  details?: Record<string, unknown>;
}

/** The JSON form of an {@link OpenMdrError}; every string in it is redacted. */
export interface OpenMdrErrorJSON {
  name: string;
  code: string;
  message: string;
  isRetryable: boolean;
  details?: Record<string, unknown>;
  cause?: unknown;
}

/**
 * The base class of every error OpenMDR throws.
 *
 * - `code` is stable (`'OCSF_VALIDATION'`, `'CONNECTOR_HTTP'`, …): branch on it, not on messages.
 * - `isRetryable` says whether the same operation may succeed later.
 * - Messages, `details`, `cause` chains and {@link OpenMdrError.toJSON} are redacted: tokens,
 *   passwords, API keys and Authorization headers never leave an error.
 * - {@link OpenMdrError.isInstance} works across duplicated copies of the package.
 */
export class OpenMdrError extends Error {
  // biome-ignore lint/correctness/noUnusedPrivateClassMembers: read by isInstance through `in`
  private readonly [marker] = true;
  /** Stable machine-readable code. */
  readonly code: string;
  /** Whether retrying may succeed. */
  readonly isRetryable: boolean;
  /** Structured location of the problem (redacted). */
  readonly details: Record<string, unknown> | undefined;

  constructor(code: string, message: string, options: OpenMdrErrorOptions = {}) {
    super(
      redactString(message),
      options.cause === undefined ? undefined : { cause: redactCause(options.cause) },
    );
    this.name = 'OpenMdrError';
    this.code = code;
    this.isRetryable = options.isRetryable ?? false;
    this.details = options.details === undefined ? undefined : redact(options.details);
  }

  /** True when `error` is an {@link OpenMdrError}, from any copy of the package. */
  static isInstance(error: unknown): error is OpenMdrError {
    return typeof error === 'object' && error !== null && marker in error;
  }

  /** A redacted, JSON-safe form, with the cause chain. */
  toJSON(): OpenMdrErrorJSON {
    const json: OpenMdrErrorJSON = {
      name: this.name,
      code: this.code,
      message: this.message,
      isRetryable: this.isRetryable,
    };
    if (this.details !== undefined) json.details = this.details;
    if (this.cause !== undefined) json.cause = serialiseCause(this.cause);
    return json;
  }
}

function redactCause(cause: unknown): unknown {
  if (OpenMdrError.isInstance(cause)) return cause;
  if (cause instanceof Error) {
    const copy = new Error(redactString(cause.message), {
      cause: cause.cause === undefined ? undefined : redactCause(cause.cause),
    });
    copy.name = cause.name;
    if (cause.stack) copy.stack = redactString(cause.stack);
    const code = (cause as { code?: unknown }).code;
    if (code !== undefined) (copy as { code?: unknown }).code = code;
    return copy;
  }
  return redact(cause);
}

function serialiseCause(cause: unknown, depth = 0): unknown {
  if (depth > 8) return '[cause chain truncated]';
  if (OpenMdrError.isInstance(cause)) return cause.toJSON();
  if (cause instanceof Error) {
    const out: Record<string, unknown> = { name: cause.name, message: redactString(cause.message) };
    const code = (cause as { code?: unknown }).code;
    if (code !== undefined) out['code'] = code;
    if (cause.cause !== undefined) out['cause'] = serialiseCause(cause.cause, depth + 1);
    return out;
  }
  return redact(cause);
}
