import { type Dispatcher, EnvHttpProxyAgent } from 'undici';

let shared: Dispatcher | undefined;

/**
 * The default dispatcher: an undici `EnvHttpProxyAgent` with keep-alive, which sends requests
 * through `HTTPS_PROXY` / `HTTP_PROXY` unless the host matches `NO_PROXY`. Created once per
 * process and shared, so connections are reused across connectors.
 */
export function defaultDispatcher(): Dispatcher {
  shared ??= new EnvHttpProxyAgent({
    keepAliveTimeout: 10_000,
    keepAliveMaxTimeout: 60_000,
    connections: 32,
  });
  return shared;
}
