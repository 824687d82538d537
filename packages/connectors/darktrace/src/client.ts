import type { ConnectorContext, HttpClient } from '@openmdr/connector-kit';
import { darktraceAuth } from './auth.js';
import type { DarktraceConfig } from './config.js';

/** The Darktrace vendor client. */
export interface DarktraceClient {
  /** The Darktrace API: the kit's HTTP client (auth, rate limit, retries, redaction). */
  readonly api: HttpClient;
}

/** Builds the Darktrace client: every request signed with the tenant's API token pair. */
export function createDarktraceClient(
  config: DarktraceConfig,
  context: ConnectorContext,
): DarktraceClient {
  const auth = darktraceAuth({
    publicToken: config.publicToken,
    privateToken: config.privateToken,
    clock: context.clock,
  });
  return { api: context.createHttpClient({ baseUrl: config.baseUrl, auth }) };
}
