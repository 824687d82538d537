import type { ServerResponse } from 'node:http';
import { send } from './responses.js';

/** A file of the single-page dashboard: its content type and text. */
export interface DashboardAsset {
  readonly contentType: string;
  readonly body: string;
}

/** The files of the single-page dashboard, keyed by path (`/index.html`, `/assets/app.js`). */
export type DashboardAssets = Readonly<Record<string, DashboardAsset>>;

interface PreparedAsset {
  readonly contentType: string;
  readonly body: Buffer;
}

/** Serves the single-page dashboard from an assets map. */
export interface StaticSite {
  /**
   * Answers a GET or HEAD of `path` (relative to the mount point): the asset, `index.html` for
   * `/` and for client-side routes (paths without an extension), 404 for other paths.
   */
  serve(res: ServerResponse, path: string, headOnly: boolean): void;
}

/**
 * Prepares `assets` for serving under `basePath`: `index.html` gets a `<base href="<basePath>/">`
 * (unless it has one) so that the page's relative URLs (`assets/…`, `api/…`) resolve under the
 * mount point from any client-side route.
 */
export function createStaticSite(assets: DashboardAssets, basePath: string): StaticSite {
  const prepared = new Map<string, PreparedAsset>();
  for (const [path, asset] of Object.entries(assets)) {
    const body = path === '/index.html' ? withBase(asset.body, basePath) : asset.body;
    prepared.set(path, { contentType: asset.contentType, body: Buffer.from(body) });
  }
  const index = prepared.get('/index.html');
  return {
    serve(res, path, headOnly) {
      const target = path === '/' ? '/index.html' : path;
      const asset = prepared.get(target) ?? (hasExtension(target) ? undefined : index);
      if (asset === undefined) {
        send(res, 404, 'text/plain; charset=utf-8', 'Not Found', {}, headOnly);
        return;
      }
      send(res, 200, asset.contentType, asset.body, { 'cache-control': 'no-cache' }, headOnly);
    },
  };
}

function hasExtension(path: string): boolean {
  const last = path.slice(path.lastIndexOf('/') + 1);
  return last.includes('.');
}

function withBase(html: string, basePath: string): string {
  if (/<base[\s>]/i.test(html)) return html;
  const href = `${basePath}/`.replace(/[&"<>]/g, (c) => `&#${c.charCodeAt(0)};`);
  return html.replace(/<head(\s[^>]*)?>/i, (head) => `${head}<base href="${href}">`);
}
