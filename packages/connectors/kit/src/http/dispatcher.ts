import { type Dispatcher, EnvHttpProxyAgent } from 'undici';

/** Proxy settings; each defaults to its environment variable. */
export interface ProxyOptions {
  /** Proxy for `http:` URLs. Default `HTTP_PROXY` / `http_proxy`. */
  httpProxy?: string;
  /** Proxy for `https:` URLs. Default `HTTPS_PROXY` / `https_proxy`. */
  httpsProxy?: string;
  /** Hosts reached directly (comma-separated, `*.example.com`, `127.0.0.1`). Default `NO_PROXY`. */
  noProxy?: string;
}

/**
 * A keep-alive undici dispatcher that sends requests through the configured (or environment)
 * proxy, except for hosts matching `NO_PROXY`. Node's global `fetch` ignores these variables;
 * connectors pass this dispatcher instead.
 */
export function createProxyDispatcher(options: ProxyOptions = {}): Dispatcher {
  return new EnvHttpProxyAgent({
    keepAliveTimeout: 10_000,
    keepAliveMaxTimeout: 60_000,
    connections: 32,
    ...options,
  });
}

let shared: Dispatcher | undefined;

/**
 * The default dispatcher: one {@link createProxyDispatcher} from the environment
 * (`HTTPS_PROXY`, `HTTP_PROXY`, `NO_PROXY`), created on first use and shared by every connector in
 * the process so connections are reused.
 */
export function defaultDispatcher(): Dispatcher {
  shared ??= createProxyDispatcher();
  return shared;
}
