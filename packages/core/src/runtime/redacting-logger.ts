import { redact, redactString } from '../errors/redact.js';
import type { Logger } from './logger.js';

type Level = 'trace' | 'debug' | 'info' | 'warn' | 'error';
const levels: readonly Level[] = ['trace', 'debug', 'info', 'warn', 'error'];

/** Wraps a logger so that every object and message it receives is redacted first. */
export function redactingLogger(inner: Logger): Logger {
  const wrapped = {} as Logger;
  for (const level of levels) {
    wrapped[level] = (obj: object | string, msg?: string) => {
      const safeObj = typeof obj === 'string' ? redactString(obj) : redact(obj);
      if (msg === undefined) inner[level](safeObj);
      else inner[level](safeObj, redactString(msg));
    };
  }
  wrapped.child = (bindings) =>
    redactingLogger(inner.child ? inner.child(redact(bindings)) : inner);
  return wrapped;
}
