import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { playbookRunCommand } from './playbook-run.js';
import { playbookValidateCommand } from './playbook-validate.js';

const fixtures = resolve(
  dirname(fileURLToPath(import.meta.url)),
  '../../../response/test/playbooks/fixtures',
);

function capture() {
  let stdout = '';
  let stderr = '';
  return {
    io: {
      stdin: new PassThrough(),
      stdout: { write: (chunk: string) => (stdout += chunk) },
      stderr: { write: (chunk: string) => (stderr += chunk) },
    },
    lines: () =>
      stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as Record<string, unknown>),
    stderr: () => stderr,
  };
}

describe('openmdr playbook validate', () => {
  it('accepts the example playbooks', async () => {
    for (const name of ['containment', 'basic']) {
      const output = capture();
      expect(await playbookValidateCommand.run([join(fixtures, `${name}.json`)], output.io)).toBe(
        0,
      );
      expect(output.lines().at(-1)).toMatchObject({ valid: true, errors: 0 });
    }
  });

  it('prints problems with JSON paths and exits 1 when invalid', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'openmdr-playbook-'));
    const file = join(directory, 'bad.json');
    writeFileSync(
      file,
      JSON.stringify({ type: 'playbook', spec_version: 'cacao-2.0', workflow: { x: {} } }),
    );
    const output = capture();
    expect(await playbookValidateCommand.run([file], output.io)).toBe(1);
    expect(output.lines()).toContainEqual({
      path: '',
      message: "must have required property 'id'",
      severity: 'error',
    });
    expect(output.lines()).toContainEqual(
      expect.objectContaining({ path: '/workflow', severity: 'error' }),
    );
    expect(output.lines().at(-1)).toMatchObject({ valid: false });
    writeFileSync(file, '{"type":');
    const broken = capture();
    expect(await playbookValidateCommand.run([file], broken.io)).toBe(1);
    expect(broken.stderr()).toContain('is not JSON');
  });
});

describe('openmdr playbook run --dry-run', () => {
  it('prints the plan with variables from the incident and policy decisions', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'openmdr-playbook-'));
    const incident = join(directory, 'incident.json');
    writeFileSync(
      incident,
      JSON.stringify({
        id: 'inc-42',
        severity: 90,
        hostname: 'ws-042',
        account: 'jdoe',
        c2: { ip: '203.0.113.7' },
      }),
    );
    const policy = join(directory, 'policy.json');
    writeFileSync(
      policy,
      JSON.stringify({
        version: 1,
        defaultDecision: 'deny',
        rules: [{ id: 'contain-auto', actions: ['contain_device'], decision: 'allow' }],
      }),
    );
    const output = capture();
    const code = await playbookRunCommand.run(
      [
        join(fixtures, 'containment.json'),
        '--dry-run',
        '--incident',
        incident,
        '--policy',
        policy,
        '--var',
        '__c2_ip__=198.51.100.9',
      ],
      output.io,
    );
    expect(output.stderr()).toBe('');
    expect(code).toBe(0);
    const commands = output.lines().filter((line) => line.kind === 'command') as {
      request: { type: string; openc2?: Record<string, unknown>; command?: string };
      authorization: { decision: string };
    }[];
    const contain = commands.find((command) => command.request.openc2?.action === 'contain');
    expect(contain?.request.openc2).toEqual({
      action: 'contain',
      target: { device: { hostname: 'ws-042' } },
    });
    expect(contain?.authorization.decision).toBe('allow');
    const deny = commands.find((command) => command.request.openc2?.action === 'deny');
    expect(deny?.request.openc2).toEqual({ action: 'deny', target: { ipv4_net: '198.51.100.9' } });
    expect(deny?.authorization.decision).toBe('deny');
    expect(
      commands.find((command) => command.request.type === 'manual')?.authorization.decision,
    ).toBe('approval');
  });

  it('requires --dry-run', async () => {
    await expect(
      playbookRunCommand.run([join(fixtures, 'basic.json')], capture().io),
    ).rejects.toThrow(/only --dry-run/);
  });
});

const thirdParty = join(fixtures, 'cacao-third-party');
const gathered = ['oasis', 'soarca'].flatMap((project) =>
  readdirSync(join(thirdParty, project)).map((file) => join(thirdParty, project, file)),
);

describe('third-party playbooks (OASIS CACAO TC, SOARCA) from the CLI', () => {
  it('validate reports their deviations as warnings, and --strict as errors', async () => {
    expect(gathered).toHaveLength(10);
    for (const file of gathered) {
      const output = capture();
      expect(await playbookValidateCommand.run([file], output.io)).toBe(0);
      const summary = output.lines().at(-1) as Record<string, number | boolean>;
      expect(summary).toMatchObject({ valid: true, errors: 0 });
      const warnings = output.lines().filter((line) => line.severity === 'warning');
      expect(summary.warnings).toBe(warnings.length);
      if (warnings.length === 0) continue;
      const strict = capture();
      expect(await playbookValidateCommand.run([file, '--strict'], strict.io)).toBe(1);
      expect(strict.lines().at(-1)).toMatchObject({ valid: false, warnings: 0 });
    }
    const ssh = capture();
    await playbookValidateCommand.run([join(thirdParty, 'soarca', 'ssh-playbook.json')], ssh.io);
    expect(ssh.lines()).toContainEqual({
      path: '/agent_definitions/soarca--00010001-1000-1000-a000-000100010001/type',
      message: expect.stringContaining("agent type 'soarca' is not in the CACAO 2.0 vocabulary"),
      severity: 'warning',
    });
  });

  it('run --dry-run plans each of them with one line per action step', async () => {
    for (const file of gathered) {
      const document = JSON.parse(readFileSync(file, 'utf8')) as {
        workflow: Record<string, { type: string }>;
      };
      const output = capture();
      expect(await playbookRunCommand.run([file, '--dry-run'], output.io)).toBe(0);
      const actions = output
        .lines()
        .filter((line) => line.kind === 'step' && line.type === 'action') as {
        step: string;
        action: { summary: string; runnable: boolean };
      }[];
      const expected = Object.entries(document.workflow)
        .filter(([, step]) => step.type === 'action')
        .map(([id]) => id);
      expect(actions.map((line) => line.step).sort()).toEqual(expected.sort());
      for (const line of actions) {
        expect(line.action.runnable).toBe(false);
        expect(line.action.summary).toContain('cannot run: unsupported: no executor registered');
      }
    }
    const fin = capture();
    await playbookRunCommand.run(
      [join(thirdParty, 'soarca', 'fin-playbook.json'), '--dry-run'],
      fin.io,
    );
    expect(fin.stderr()).toContain('deviates from the CACAO 2.0 schemas in 3 tolerated ways');
    expect(fin.lines().find((line) => line.kind === 'command')).toMatchObject({
      executor: 'soarca-fin',
      executable: false,
      reason: "unsupported: no executor registered for agent type 'soarca-fin'",
    });
  });
});
