/**
 * Redaction of secrets in strings and structured values.
 *
 * Principle 7 of the architecture: credentials are never logged, never put in errors, never
 * serialised. Everything that leaves an {@link OpenMdrError} goes through these functions.
 */

/** The placeholder that replaces a secret value. */
export const REDACTED = '[REDACTED]';

/** Keys whose values are always secret, compared case-insensitively with `-` and `_` removed. */
const SECRET_KEY_PATTERN =
  /^(authorization|proxyauthorization|cookie|setcookie|password|passwd|pwd|secret|clientsecret|token|accesstoken|refreshtoken|idtoken|apikey|apitoken|xapikey|privatekey|sessiontoken|secretaccesskey|signature|credentials?|bearer|ssws)$/;

/** True when an object key names a secret (`Authorization`, `client_secret`, `apiKey`, …). */
export function isSecretKey(key: string): boolean {
  const normalised = key.toLowerCase().replace(/[-_\s]/g, '');
  return (
    SECRET_KEY_PATTERN.test(normalised) ||
    normalised.endsWith('secret') ||
    normalised.endsWith('password') ||
    normalised.endsWith('token') ||
    normalised.endsWith('apikey') ||
    normalised.endsWith('privatekey')
  );
}

type Replacement = string | ((match: string, ...groups: string[]) => string);

const STRING_PATTERNS: ReadonlyArray<[RegExp, Replacement]> = [
  // Authorization-style headers and schemes: keep the scheme, drop the credential.
  // The credential must look like one (8+ characters with a digit or a symbol, or 20+), so that
  // prose such as "token endpoint" or "bearer tokens" is left alone.
  [
    /\b(Bearer|Basic|SSWS|Token|ApiToken|Digest)\s+(?:(?=[A-Za-z]*[0-9._~+/=-])[A-Za-z0-9._~+/=-]{8,}|[A-Za-z]{20,})/gi,
    `$1 ${REDACTED}`,
  ],
  // key=value pairs in query strings, form bodies and messages.
  [
    /\b(client_secret|access_token|refresh_token|id_token|api_key|apikey|api-key|token|password|passwd|secret|signature|X-Amz-Signature|X-Amz-Credential|X-Amz-Security-Token|sig)=([^&\s"',;]+)/gi,
    `$1=${REDACTED}`,
  ],
  // Header-style `Name: value` for credential headers: the value goes, with or without a scheme.
  [
    /\b(authorization|proxy-authorization|x-api-key|api-key|x-auth-token|x-access-token|cookie|set-cookie)(\s*:\s*)(?:((?:Bearer|Basic|SSWS|Token|ApiToken|Digest)\s+)(?!\[REDACTED\])|(?!(?:Bearer|Basic|SSWS|Token|ApiToken|Digest)\s)(?!\[REDACTED\]))[^\s,;"']+/gi,
    (_match: string, header: string, separator: string, scheme: string | undefined) =>
      `${header}${separator}${scheme ?? ''}${REDACTED}`,
  ],
  // `password: value` and the like in free text.
  [
    /\b(password|passwd|client_secret|api_key|apikey|access_token|refresh_token)(\s*:\s*)(?!\[REDACTED\])[^\s,;"']+/gi,
    `$1$2${REDACTED}`,
  ],
  // "key": "value" pairs in JSON text.
  [
    /("(?:client_secret|access_token|refresh_token|id_token|api_key|apiKey|token|password|secret|private_key|privateKey|authorization|Authorization)"\s*:\s*)"[^"]*"/g,
    `$1"${REDACTED}"`,
  ],
  // user:password@host in URLs.
  [/(\b[a-z][a-z0-9+.-]*:\/\/[^:/\s@]+:)[^@\s/]+@/gi, `$1${REDACTED}@`],
  // PEM private keys.
  [
    /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----/g,
    `-----BEGIN PRIVATE KEY-----${REDACTED}-----END PRIVATE KEY-----`,
  ],
  // JSON Web Tokens.
  [/\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\b/g, REDACTED],
];

/** A set of literal secret values that must never appear in output, shared process-wide. */
const knownSecrets = new Set<string>();

/**
 * Registers a literal secret value (an API key read from a secret provider, say) so that every
 * later redaction replaces it wherever it appears. Values shorter than 6 characters are ignored
 * to avoid replacing ordinary words.
 */
export function registerSecret(value: string): void {
  if (value.length >= 6) knownSecrets.add(value);
}

/** Removes a value registered with {@link registerSecret}. */
export function unregisterSecret(value: string): void {
  knownSecrets.delete(value);
}

/** Redacts secrets from a string: registered secret values, auth headers, tokens in URLs, JWTs. */
export function redactString(text: string): string {
  let out = text;
  for (const secret of knownSecrets) {
    if (out.includes(secret)) out = out.split(secret).join(REDACTED);
  }
  for (const [pattern, replacement] of STRING_PATTERNS) {
    out =
      typeof replacement === 'string'
        ? out.replace(pattern, replacement)
        : out.replace(pattern, replacement);
  }
  return out;
}

/**
 * Deep-copies a value with every secret removed: values under secret keys become
 * {@link REDACTED}, strings are passed through {@link redactString}. Cycles are cut.
 */
export function redact<T>(value: T, seen: WeakSet<object> = new WeakSet()): T {
  if (typeof value === 'string') return redactString(value) as T;
  if (value === null || typeof value !== 'object') return value;
  if (seen.has(value)) return '[Circular]' as T;
  seen.add(value);
  if (Array.isArray(value)) return value.map((item) => redact(item, seen)) as T;
  if (value instanceof Error) return redactString(String(value.message)) as T;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    out[key] = isSecretKey(key) && inner != null && inner !== '' ? REDACTED : redact(inner, seen);
  }
  return out as T;
}
