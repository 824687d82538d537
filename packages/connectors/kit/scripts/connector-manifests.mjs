// Prints, as JSON, the connectors each given module exports: export name, manifest id, stream and
// action ids. check-connectors.mjs runs it in a child process with TypeScript sources enabled:
//   node --conditions=@openmdr/source --import tsx connector-manifests.mjs <src/index.ts>…
import { pathToFileURL } from 'node:url';

/** The manifests of the connectors a module exports (values with `specificationVersion`). */
async function manifestsOf(file) {
  try {
    const module = await import(pathToFileURL(file).href);
    return {
      connectors: Object.entries(module)
        .filter(
          ([, value]) =>
            value !== null && typeof value === 'object' && 'specificationVersion' in value,
        )
        .map(([name, value]) => ({
          export: name,
          id: value.manifest?.id,
          streams: Object.keys(value.manifest?.streams ?? {}),
          actions: Object.keys(value.manifest?.actions ?? {}),
        })),
    };
  } catch (error) {
    return { error: error instanceof Error ? error.message.split('\n')[0] : String(error) };
  }
}

const result = {};
for (const file of process.argv.slice(2)) result[file] = await manifestsOf(file);
process.stdout.write(JSON.stringify(result));
