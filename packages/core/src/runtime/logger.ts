/**
 * A pino-compatible logger interface. Pass a pino logger (or anything with these methods);
 * OpenMDR does not depend on a logging library. Objects passed as the first argument are
 * redacted by {@link redactingLogger} before they reach the underlying logger.
 */
export interface Logger {
  trace(obj: object | string, msg?: string): void;
  debug(obj: object | string, msg?: string): void;
  info(obj: object | string, msg?: string): void;
  warn(obj: object | string, msg?: string): void;
  error(obj: object | string, msg?: string): void;
  child?(bindings: Record<string, unknown>): Logger;
}

const noop = (): void => {};

/** A logger that discards everything: the default. */
export const silentLogger: Logger = {
  trace: noop,
  debug: noop,
  info: noop,
  warn: noop,
  error: noop,
  child: () => silentLogger,
};
