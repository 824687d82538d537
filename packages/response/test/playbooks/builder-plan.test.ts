import { describe, expect, it } from 'vitest';
import {
  evaluateCondition,
  importCacaoPlaybook,
  manualCommand,
  openc2Command,
  type PlannedCommand,
  parseCacaoPlaybook,
  parseCondition,
  planPlaybook,
  playbook,
} from '../../src/playbooks/index.js';
import { fixture, recordingExecutor } from './helpers.js';

const containHost = () =>
  playbook('contain-host', { description: 'Contain a host when the incident is severe' })
    .variable('__hostname__', { type: 'string', external: true })
    .variable('__severity__', { type: 'integer', value: '0', external: true })
    .if('severe?', { condition: '__severity__:value >= 70', onTrue: 'contain', onFalse: 'triage' })
    .end('done')
    .action('contain', {
      commands: [
        openc2Command({
          action: 'contain',
          target: { device: { hostname: '__hostname__:value' } },
        }),
      ],
      retry: { maxAttempts: 3, backoffMs: 10 },
      timeout: 5000,
    })
    .end('contained')
    .action('triage', { commands: [manualCommand('Triage __hostname__:value')] })
    .end('triaged');

describe('playbook builder', () => {
  it('writes valid CACAO 2.0 and gives the same playbook as importing it', () => {
    const builder = containHost();
    const document = builder.toCacao();
    const imported = importCacaoPlaybook(JSON.parse(JSON.stringify(document)));
    expect(imported.problems).toEqual([]);
    expect(builder.build()).toEqual(imported.playbook);
    expect(builder.toCacao()).toEqual(document);
    const contain = Object.values(imported.playbook?.steps ?? {}).find(
      (step) => step.name === 'contain',
    );
    expect(contain?.retry).toEqual({ maxAttempts: 3, backoffMs: 10 });
    expect(contain?.timeout).toBe(5000);
  });

  it('refuses references to unknown steps', () => {
    expect(() =>
      playbook('x')
        .action('a', { commands: [manualCommand('x')], next: 'nowhere' })
        .end('e')
        .toCacao(),
    ).toThrow(/unknown step 'nowhere'/);
  });
});

describe('conditions', () => {
  it('evaluates the STIX comparison subset', () => {
    const values = { __severity__: '80', __os__: 'windows', __host__: 'ws-01' };
    const check = (text: string) => evaluateCondition(parseCondition(text), values);
    expect(check('__severity__:value >= 70')).toBe(true);
    expect(check('__severity__:value > 100')).toBe(false);
    expect(check("[__os__:value = 'windows' AND NOT __host__:value = 'dc-01']")).toBe(true);
    expect(check("__os__:value IN ('linux', 'macos') OR __host__:value LIKE 'ws-%'")).toBe(true);
    expect(check("__host__:value MATCHES '^ws-[0-9]+$'")).toBe(true);
    expect(check('__missing__:value')).toBe(false);
    expect(() => parseCondition("__os__:value = 'x' )")).toThrow(/unexpected/);
  });
});

describe('dry-run plan', () => {
  it('plans every step and command of the containment example, with policy decisions', async () => {
    const { playbook: containment } = parseCacaoPlaybook(fixture('containment'));
    const executor = recordingExecutor();
    const plan = await planPlaybook(containment, {
      variables: {
        __hostname__: 'ws-042',
        __severity__: '90',
        __account__: 'jdoe',
        __c2_ip__: '203.0.113.7',
      },
      executors: { 'openc2-http': executor },
      authorize: (request) =>
        request.openc2?.action === 'deny'
          ? { decision: 'approval', reason: 'blocking an address needs approval' }
          : { decision: 'allow', reason: 'allowed by policy' },
    });
    expect(executor.calls).toEqual([]);
    const steps = plan.filter((entry) => entry.kind === 'step');
    expect(steps).toHaveLength(Object.keys(containment.steps).length);
    const commands = plan.filter((entry): entry is PlannedCommand => entry.kind === 'command');
    const contain = commands.find((command) => command.request.openc2?.action === 'contain');
    expect(contain).toMatchObject({
      executable: true,
      undoable: true,
      authorization: { decision: 'allow' },
      request: { openc2: { target: { device: { hostname: 'ws-042' } } } },
    });
    expect(
      commands.find((command) => command.request.openc2?.action === 'deny')?.authorization
        ?.decision,
    ).toBe('approval');
    const manual = commands.filter((command) => command.request.type === 'manual');
    expect(manual.length).toBeGreaterThan(0);
    for (const command of manual) {
      expect(command.executable).toBe(false);
      expect(command.reason).toBe("unsupported: no executor registered for command type 'manual'");
    }
    expect(manual.map((command) => command.request.command)).toContain(
      'Triage the low-severity incident on ws-042.',
    );
  });

  it('plans a playbook whose command types have no executor here', async () => {
    const { playbook: basic } = parseCacaoPlaybook(fixture('basic'));
    const plan = await planPlaybook(basic);
    const commands = plan.filter((entry): entry is PlannedCommand => entry.kind === 'command');
    expect(commands.map((command) => [command.request.type, command.executable])).toEqual([
      ['http-api', false],
      ['ssh', false],
    ]);
    expect(commands[0]?.request.command).toBe(
      'GET /search?hash=0000000000000000000000000000000000000000000000000000000000000000 HTTP/1.1',
    );
  });
});
