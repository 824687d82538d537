import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openStore } from '@openmdr/core';
import { describe, expect, it } from 'vitest';
import {
  importCacaoPlaybook,
  type PlannedCommand,
  type PlannedStep,
  PlaybookEngine,
  planPlaybook,
} from '../../src/playbooks/index.js';
import { recordingExecutor } from './helpers.js';

const root = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'cacao-third-party');

/** Every third-party playbook gathered (see fixtures/cacao-third-party/SOURCES.md). */
const gathered = ['oasis', 'soarca'].flatMap((project) =>
  readdirSync(join(root, project))
    .filter((file) => file.endsWith('.json'))
    .map((file) => `${project}/${file}`),
);

const read = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(join(root, name), 'utf8')) as Record<string, unknown>;

const actionSteps = (document: Record<string, unknown>): string[] =>
  Object.entries(document.workflow as Record<string, { type: string }>)
    .filter(([, step]) => step.type === 'action')
    .map(([id]) => id);

async function plan(name: string, executors = {}) {
  const { playbook } = importCacaoPlaybook(read(name));
  if (playbook === undefined) throw new Error(`${name} did not import`);
  const entries = await planPlaybook(playbook, { executors });
  return {
    actions: entries.filter(
      (entry): entry is PlannedStep => entry.kind === 'step' && entry.type === 'action',
    ),
    commands: entries.filter((entry): entry is PlannedCommand => entry.kind === 'command'),
  };
}

describe('third-party CACAO playbooks (OASIS CACAO TC, SOARCA)', () => {
  it('gathers the published examples of both projects', () => {
    expect(gathered).toEqual([
      'oasis/basic-example-1.json',
      'oasis/layout-extension-example.json',
      'oasis/locky-bart-mbc-examples.json',
      'oasis/spec-3.1-example.json',
      'soarca/fin-playbook.json',
      'soarca/http-playbook.json',
      'soarca/manual-playbook.json',
      'soarca/openc2-playbook.json',
      'soarca/powershell-playbook.json',
      'soarca/ssh-playbook.json',
    ]);
  });

  it.each(gathered)(
    '%s imports without errors and plans one line per action step',
    async (name) => {
      const document = read(name);
      const result = importCacaoPlaybook(document);
      expect(result.problems.filter((problem) => problem.severity === 'error')).toEqual([]);
      expect(result.playbook?.name).toBe(document.name);
      const { actions, commands } = await plan(name);
      expect(actions.map((step) => step.step).sort()).toEqual(actionSteps(document).sort());
      for (const step of actions) {
        expect(step.action?.summary).toMatch(
          /; (via executor|cannot run: unsupported: no executor)/,
        );
        const own = commands.filter((command) => command.step === step.step);
        expect(own.length).toBeGreaterThan(0);
        expect(step.action?.runnable).toBe(own.every((command) => command.executable));
      }
    },
  );

  it('holds only the conformant ones to the schemas in strict mode', () => {
    const strictlyValid = gathered.filter(
      (name) => importCacaoPlaybook(read(name), { strict: true }).playbook !== undefined,
    );
    expect(strictlyValid).toEqual(['oasis/basic-example-1.json', 'oasis/spec-3.1-example.json']);
  });

  it("maps SOARCA's capabilities to executor keys and says which have no executor", async () => {
    const routes: Record<string, string[]> = {};
    for (const name of gathered.filter((item) => item.startsWith('soarca/'))) {
      const { commands } = await plan(name);
      routes[name] = commands.map((command) => `${command.executor}: ${command.reason}`);
    }
    expect(routes).toEqual({
      'soarca/fin-playbook.json': [
        "soarca-fin: unsupported: no executor registered for agent type 'soarca-fin'",
      ],
      'soarca/http-playbook.json': [
        "http-api: unsupported: no executor registered for agent type 'http-api'",
      ],
      'soarca/manual-playbook.json': [
        "manual: unsupported: no executor registered for command type 'manual'",
      ],
      'soarca/openc2-playbook.json': [
        "openc2-http: unsupported: no executor registered for agent type 'openc2-http'",
      ],
      'soarca/powershell-playbook.json': [
        "powershell: unsupported: no executor registered for agent type 'powershell'",
      ],
      'soarca/ssh-playbook.json': [
        "ssh: unsupported: no executor registered for agent type 'ssh'",
        "ssh: unsupported: no executor registered for agent type 'ssh'",
      ],
    });
    const ssh = await plan('soarca/ssh-playbook.json');
    expect(ssh.actions[0]?.action).toMatchObject({
      agentType: 'soarca',
      agentName: 'soarca-ssh',
      targets: ['system 1'],
      executors: ['ssh'],
      runnable: false,
    });
    expect(ssh.actions[0]?.action?.summary).toBe(
      "soarca-ssh (soarca): ssh 'ls -la' on system 1; cannot run: unsupported: no executor registered for agent type 'ssh'",
    );
  });

  it("warns about SOARCA's own command types, which its agents route", () => {
    const { problems } = importCacaoPlaybook(read('soarca/openc2-playbook.json'));
    expect(problems).toContainEqual({
      path: '/workflow/action--eb9372d4-d524-49fc-bf24-be26ea084779/commands/0/type',
      message: expect.stringMatching(
        /^unknown command type 'openc2' .*: the step's agent routes it to executor 'openc2-http'$/,
      ),
      severity: 'warning',
    });
    // Without an agent to route it, an unknown command type is unsupported.
    const locky = importCacaoPlaybook(read('oasis/locky-bart-mbc-examples.json')).problems;
    expect(
      locky.find((problem) => problem.message.startsWith("unknown command type 'ftp'"))?.severity,
    ).toBe('unsupported');
  });

  it('plans the SOARCA OpenC2 example on the OpenC2 executor, from the message it carries', async () => {
    const { actions, commands } = await plan('soarca/openc2-playbook.json', {
      'openc2-http': recordingExecutor(),
    });
    expect(actions[0]?.action).toMatchObject({ runnable: true, executors: ['openc2-http'] });
    expect(commands[0]).toMatchObject({ executable: true, undoable: true });
    expect(commands[0]?.request.openc2).toMatchObject({
      action: 'deny',
      target: { ipv4_connection: { protocol: 'tcp', dst_addr: '198.2.3.4', dst_port: 80 } },
    });
  });

  it('runs the SOARCA OpenC2 example through a registered openc2-http executor', async () => {
    const { playbook } = importCacaoPlaybook(read('soarca/openc2-playbook.json'));
    if (playbook === undefined) throw new Error('did not import');
    const executor = recordingExecutor();
    const store = await openStore({ kind: 'memory' });
    try {
      const engine = new PlaybookEngine({
        store: store.forTenant('acme'),
        executors: { 'openc2-http': executor },
        sleep: async () => {},
      });
      const state = await engine.run(playbook, { runId: 'soarca-openc2' });
      expect(state.status).toBe('completed');
      expect(executor.calls.map((call) => call.openc2?.action)).toEqual(['deny']);
    } finally {
      await store.close();
    }
  });

  it('fails a step whose agent type has no executor, saying so', async () => {
    const { playbook } = importCacaoPlaybook(read('soarca/fin-playbook.json'));
    if (playbook === undefined) throw new Error('did not import');
    const store = await openStore({ kind: 'memory' });
    try {
      const engine = new PlaybookEngine({
        store: store.forTenant('acme'),
        executors: { 'openc2-http': recordingExecutor() },
        sleep: async () => {},
      });
      const state = await engine.run(playbook, { runId: 'soarca-fin' });
      // The step fails; its on_completion still leads to the end, as CACAO says.
      const action = state.history.find((record) => record.type === 'action');
      expect(action).toMatchObject({
        status: 'failed',
        error: {
          code: 'NO_EXECUTOR',
          message: "unsupported: no executor registered for agent type 'soarca-fin'",
        },
      });
    } finally {
      await store.close();
    }
  });

  it('plans action steps without commands as manual steps (OASIS layout example)', async () => {
    const { actions, commands } = await plan('oasis/layout-extension-example.json', {
      manual: recordingExecutor(),
    });
    expect(actions).toHaveLength(4);
    for (const step of actions) {
      expect(step.action).toMatchObject({ manual: true, agent: null, runnable: true });
    }
    expect(commands.map((command) => command.request.command)).toContain('Handle case 1');
  });
});
