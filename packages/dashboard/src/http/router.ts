import { DashboardError } from '../errors.js';

/** A route of a {@link Router}: a method and a path pattern whose `:name` segments are parameters. */
export interface RouteDefinition {
  /** Upper-case HTTP method (`GET`, `POST`). */
  readonly method: string;
  /** A path such as `/api/cases/:id`; every `:name` segment matches one non-empty path segment. */
  readonly path: string;
}

/** What {@link Router.match} found for a method and a path. */
export type RouteMatch<R extends RouteDefinition> =
  | {
      readonly kind: 'found';
      readonly route: R;
      /** The path parameters, percent-decoded. */
      readonly params: Readonly<Record<string, string>>;
    }
  /** The path exists for other methods (`allow`): answer 405. */
  | { readonly kind: 'method-not-allowed'; readonly allow: readonly string[] }
  | { readonly kind: 'not-found' };

/** A table-driven router: routes are tried in order; the first whose method and path match wins. */
export interface Router<R extends RouteDefinition> {
  /**
   * The route for `method` and `path` (no query string). Throws a `DASHBOARD_INVALID`
   * {@link DashboardError} when a path parameter is not valid percent-encoding.
   */
  match(method: string, path: string): RouteMatch<R>;
}

interface CompiledRoute<R> {
  readonly route: R;
  /** A literal segment, or `{ param }` for a `:param` segment. */
  readonly segments: readonly (string | { readonly param: string })[];
}

/** Compiles a route table into a {@link Router}. Throws on a malformed or duplicate pattern. */
export function createRouter<R extends RouteDefinition>(routes: readonly R[]): Router<R> {
  const seen = new Set<string>();
  const compiled: CompiledRoute<R>[] = routes.map((route) => {
    if (!route.path.startsWith('/'))
      throw new TypeError(`route path must start with '/': ${route.path}`);
    const key = `${route.method} ${route.path.replace(/:[^/]+/g, ':')}`;
    if (seen.has(key)) throw new TypeError(`duplicate route: ${route.method} ${route.path}`);
    seen.add(key);
    const segments = route.path
      .slice(1)
      .split('/')
      .map((segment) => {
        if (!segment.startsWith(':')) return segment;
        const param = segment.slice(1);
        if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(param))
          throw new TypeError(`invalid route parameter name in ${route.path}`);
        return { param };
      });
    return { route, segments };
  });

  return {
    match(method, path) {
      const parts = path.slice(1).split('/');
      const allow: string[] = [];
      for (const candidate of compiled) {
        const params = matchSegments(candidate.segments, parts);
        if (params === undefined) continue;
        if (candidate.route.method !== method) {
          if (!allow.includes(candidate.route.method)) allow.push(candidate.route.method);
          continue;
        }
        return { kind: 'found', route: candidate.route, params };
      }
      return allow.length > 0 ? { kind: 'method-not-allowed', allow } : { kind: 'not-found' };
    },
  };
}

function matchSegments(
  segments: CompiledRoute<unknown>['segments'],
  parts: readonly string[],
): Record<string, string> | undefined {
  if (segments.length !== parts.length) return undefined;
  const params: Record<string, string> = {};
  for (let index = 0; index < segments.length; index += 1) {
    const segment = segments[index];
    const part = parts[index] as string;
    if (typeof segment === 'string') {
      if (segment !== part) return undefined;
      continue;
    }
    if (segment === undefined || part === '') return undefined;
    params[segment.param] = decodeParam(segment.param, part);
  }
  return params;
}

function decodeParam(name: string, raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    throw new DashboardError(
      'DASHBOARD_INVALID',
      `invalid path parameter '${name}': bad percent-encoding`,
      {
        details: { parameter: name },
      },
    );
  }
}
