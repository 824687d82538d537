// A worker process for the crash-resume test: runs one playbook run on a PGlite store in a data
// directory, printing `completed <request id>` after each saved command. Arguments: dataDir url steps.
import { openStore } from '@openmdr/core';
import {
  createOpenC2HttpExecutor,
  openc2Command,
  PlaybookEngine,
  playbook,
} from '../../src/playbooks/index.js';

const [dataDir, url, stepsText] = process.argv.slice(2) as [string, string, string];
const builder = playbook('crash-resume');
for (let index = 0; index < Number(stepsText); index++) {
  builder.action(`contain-${index}`, {
    commands: [
      openc2Command({ action: 'contain', target: { device: { hostname: `ws-${index}` } } }),
    ],
  });
}
const containment = builder.end('done').build();
const store = await openStore({ kind: 'pglite', dataDir });
const engine = new PlaybookEngine({
  store: store.forTenant('acme'),
  executors: { 'openc2-http': createOpenC2HttpExecutor({ url }) },
  onProgress: (state, event) => {
    if (event === 'command.completed')
      process.stdout.write(`completed ${state.completed.at(-1)?.requestId}\n`);
  },
});
const state = await engine.run(containment, { runId: 'incident-7:contain' });
process.stdout.write(`status ${state.status}\n`);
await store.close();
