/**
 * Placeholder of the bundled single-page dashboard, replaced by the generated module
 * (`scripts/build-spa`). Keyed by path; each entry is a content type and the file's text.
 */
export const DASHBOARD_ASSETS: Readonly<Record<string, { contentType: string; body: string }>> = {
  '/index.html': {
    contentType: 'text/html; charset=utf-8',
    body: '<!doctype html><html><head><meta charset="utf-8"><title>OpenMDR</title></head><body><main id="app"></main></body></html>\n',
  },
};
