/**
 * Starting a worker thread on a module that sits next to the calling one: its built `.js` file,
 * or its `.ts` source (run through tsx, with the `@openmdr/source` export condition) when the
 * caller itself runs from source. Shared by the Sigma worker pool and the CLI's chunk pools.
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

/**
 * Starts `name` (without extension) beside `base` (an `import.meta.url`) as a worker thread.
 * From a `.ts` module the worker is the `.ts` sibling, loaded after registering tsx's ESM hooks
 * in the worker (an inherited `--import tsx` does not reach worker threads on Node 20; tsx is
 * resolved from `base`, so only a development checkout needs it).
 *
 * @example
 * ```ts
 * const worker = startSiblingWorker(import.meta.url, 'sigma-worker', { rules: ['rules/'] });
 * ```
 */
export function startSiblingWorker(base: string, name: string, workerData: unknown): Worker {
  if (!base.endsWith('.ts')) {
    // The parent's flags, less --input-type (valid only for its own --eval or stdin script).
    const execArgv = process.execArgv.filter((argument) => !argument.startsWith('--input-type'));
    return new Worker(new URL(`./${name}.js`, base), { workerData, execArgv });
  }
  // Only the source condition: the parent's other flags (a test runner's --require hooks, an
  // --import of tsx that does not reach workers) are no use to the worker.
  const execArgv = ['--conditions=@openmdr/source'];
  const tsx = tsxEsmApi(base);
  const entry = new URL(`./${name}.ts`, base).href;
  const boot = `import(${JSON.stringify(tsx)}).then((api) => { api.register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(boot, { eval: true, workerData, execArgv });
}

/** The URL of tsx's ESM `register` API (its `import` export, which `require.resolve` skips). */
function tsxEsmApi(base: string): string {
  const manifest = createRequire(base).resolve('tsx/package.json');
  const { exports } = JSON.parse(readFileSync(manifest, 'utf8')) as {
    exports: Record<string, { import?: { default?: string } }>;
  };
  const target = exports['./esm/api']?.import?.default ?? './dist/esm/api/index.mjs';
  return new URL(target, pathToFileURL(manifest)).href;
}
