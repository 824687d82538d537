import { redact, redactString } from './redact.js';

/** The marker of {@link OpenMdrError}, shared by every copy of the package (and by older ones). */
const baseMarker = Symbol.for('openmdr.error');

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
 * An error class as {@link OpenMdrError.isInstance} sees it: its own marker, and the type of its
 * instances.
 */
export interface OpenMdrErrorClass<E> {
  /** The class's marker (see {@link OpenMdrError.marker}). */
  readonly marker: symbol;
  /** The class's prototype, which carries the type of its instances. */
  readonly prototype: E;
}

/**
 * The base class of every error OpenMDR throws.
 *
 * - `code` is stable (`'OCSF_VALIDATION'`, `'CONNECTOR_HTTP_STATUS'`, …): branch on it, not on
 *   messages. Every code has an entry in the error reference (docs/reference/errors.md), whose
 *   anchor is the code in lower case.
 * - `isRetryable` says whether the same operation may succeed later.
 * - Messages, `details`, `cause` chains and {@link OpenMdrError.toJSON} are redacted: tokens,
 *   passwords, API keys and Authorization headers never leave an error.
 * - Every subclass declares its own {@link OpenMdrError.marker}, so that
 *   `SomeError.isInstance(error)` is true for instances of `SomeError` and of its subclasses
 *   only, from any copy of the package. `OpenMdrError.isInstance` is true for every OpenMDR
 *   error.
 *
 * @example A subclass: its own marker, its own codes.
 * ```ts
 * export class QuotaError extends OpenMdrError {
 *   static override readonly marker: symbol = Symbol.for('openmdr.error.acme.QuotaError');
 *   declare readonly code: 'ACME_QUOTA';
 *   constructor(message: string) {
 *     super('ACME_QUOTA', message, { isRetryable: true });
 *     this.name = 'QuotaError';
 *   }
 * }
 * QuotaError.isInstance(new StorageError('x')); // false
 * ```
 */
export class OpenMdrError extends Error {
  /**
   * The class's marker: a `Symbol.for` key that the constructor sets on every instance of the
   * class and of its subclasses, and that {@link OpenMdrError.isInstance} looks for. Because it is
   * a registered symbol, instances made by another copy of the package carry the same key.
   *
   * Every subclass declares its own, in one line:
   * `static override readonly marker: symbol = Symbol.for('openmdr.error.<package>.<Class>');`.
   * A subclass that does not shares its parent's identity (the error-class test of the
   * repository fails on it).
   */
  static readonly marker: symbol = baseMarker;
  /** Stable machine-readable code; see the error reference for each. */
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
    markInstance(this, new.target);
    this.name = 'OpenMdrError';
    this.code = code;
    this.isRetryable = options.isRetryable ?? false;
    this.details = options.details === undefined ? undefined : redact(options.details);
  }

  /**
   * True when `error` is an instance of the class this is called on (or of a subclass of it),
   * from any copy of the package: `CaseNotFoundError.isInstance(error)` is true for case-not-found
   * errors only; `OpenMdrError.isInstance(error)` for every OpenMDR error.
   */
  static isInstance<E>(this: OpenMdrErrorClass<E>, error: unknown): error is E {
    // biome-ignore lint/complexity/noThisInStatic: `this` is the class called on, a subclass too
    return typeof error === 'object' && error !== null && this.marker in error;
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

/**
 * Sets, on a new error, the marker of its class and of every class above it (each class that
 * declares its own {@link OpenMdrError.marker}). The markers are not enumerable: they stay out of
 * spreads, `Object.keys` and JSON.
 */
function markInstance(error: OpenMdrError, leaf: unknown): void {
  for (let type = leaf; typeof type === 'function'; type = Object.getPrototypeOf(type)) {
    if (!Object.hasOwn(type, 'marker')) continue;
    const marker: unknown = (type as { marker?: unknown }).marker;
    if (typeof marker === 'symbol') Object.defineProperty(error, marker, { value: true });
  }
}
