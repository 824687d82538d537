import { mkdtempSync, writeFileSync } from 'node:fs';
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
