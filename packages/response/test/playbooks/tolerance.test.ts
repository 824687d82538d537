import { describe, expect, it } from 'vitest';
import {
  type ActionStep,
  importCacaoPlaybook,
  type PlannedCommand,
  type PlannedStep,
  type PlaybookProblem,
  planPlaybook,
  routeCommand,
} from '../../src/playbooks/index.js';
import { fixture, recordingExecutor } from './helpers.js';

type Json = Record<string, unknown>;

const AGENT = 'soarca--00010001-1000-1000-a000-000100010001';
const TARGET = 'net-address--0115a514-7a79-4c3f-8d87-77d5e52fabab';
const SOFTWARE = 'software--5e1cadae-7532-45d8-89f8-fe051a1e7df8';

/** The basic fixture, with its first action step given to `change`. */
function basicWith(change: (document: Json, action: Json, actionId: string) => void): Json {
  const document = fixture('basic');
  const workflow = document.workflow as Record<string, Json>;
  const [actionId, action] = Object.entries(workflow).find(
    ([, step]) => step.type === 'action',
  ) as [string, Json];
  change(document, action, actionId);
  return document;
}

const bySeverity = (problems: readonly PlaybookProblem[], severity: PlaybookProblem['severity']) =>
  problems.filter((problem) => problem.severity === severity);

/** Imports tolerantly (must import, no errors) and strictly (must fail); returns the warnings. */
function tolerated(document: Json): PlaybookProblem[] {
  const result = importCacaoPlaybook(document);
  expect(bySeverity(result.problems, 'error')).toEqual([]);
  expect(result.playbook).toBeDefined();
  const strict = importCacaoPlaybook(document, { strict: true });
  expect(strict.playbook).toBeUndefined();
  expect(bySeverity(strict.problems, 'error').length).toBeGreaterThan(0);
  return bySeverity(result.problems, 'warning');
}

describe('tolerant CACAO import', () => {
  it('keeps extension agent types (soarca) and routes by the SOARCA capability', async () => {
    const document = basicWith((doc, action) => {
      (doc.agent_definitions as Json)[AGENT] = { type: 'soarca', name: 'soarca-ssh' };
      action.agent = AGENT;
    });
    expect(tolerated(document)).toContainEqual({
      path: `/agent_definitions/${AGENT}/type`,
      message: expect.stringContaining("agent type 'soarca' is not in the CACAO 2.0 vocabulary"),
      severity: 'warning',
    });
    const { playbook } = importCacaoPlaybook(document);
    expect(playbook?.agents[AGENT]).toEqual({ type: 'soarca', name: 'soarca-ssh' });
    const plan = await planPlaybook(playbook as NonNullable<typeof playbook>, {
      executors: { ssh: recordingExecutor() },
    });
    const commands = plan.filter((entry): entry is PlannedCommand => entry.kind === 'command');
    // The step's http-api command goes where its SOARCA agent says: the ssh executor.
    expect(commands[0]).toMatchObject({ executor: 'ssh', executable: true });
  });

  it('keeps software-- agents and targets, reported as unsupported until an executor is registered', async () => {
    const document = basicWith((doc, action) => {
      const software = { type: 'software', name: 'LockyBart', description: 'ransomware' };
      (doc.agent_definitions as Json)[SOFTWARE] = software;
      doc.target_definitions = { [SOFTWARE]: software };
      action.agent = SOFTWARE;
      action.targets = [SOFTWARE];
    });
    const warnings = tolerated(document);
    expect(warnings.map((warning) => warning.path)).toEqual(
      expect.arrayContaining([
        `/agent_definitions/${SOFTWARE}/type`,
        `/target_definitions/${SOFTWARE}/type`,
      ]),
    );
    const { playbook } = importCacaoPlaybook(document);
    const bare = await planPlaybook(playbook as NonNullable<typeof playbook>);
    const step = bare.find(
      (entry): entry is PlannedStep => entry.kind === 'step' && entry.action?.agent === SOFTWARE,
    );
    expect(step?.action).toMatchObject({
      agentType: 'software',
      targets: ['LockyBart'],
      executors: ['software'],
      runnable: false,
    });
    expect(step?.action?.summary).toContain(
      "cannot run: unsupported: no executor registered for agent type 'software'",
    );
    const registered = await planPlaybook(playbook as NonNullable<typeof playbook>, {
      executors: { software: recordingExecutor() },
    });
    expect(
      registered.find((entry) => entry.kind === 'command' && entry.executor === 'software'),
    ).toMatchObject({ executable: true });
  });

  it('keeps authentication_info_definitions of any type, never quoting secrets', () => {
    const secret = 'not-a-real-password-123';
    const document = basicWith((doc) => {
      doc.authentication_info_definitions = {
        'authentication-info--5a9c4caa-734b-4bd4-bbe1-fef0d426cf5a': {
          type: 'authentication-info',
          name: 'Server',
          username: 'admin',
          password: secret,
        },
        'user-auth--b7ddc2ea-9f6a-4e82-8eaa-be202e942090': {
          type: 'user-auth',
          username: 'root',
          password: secret,
          realm: 'corp',
        },
      };
    });
    const warnings = tolerated(document);
    expect(warnings.map((warning) => warning.path)).toEqual([
      '/authentication_info_definitions/authentication-info--5a9c4caa-734b-4bd4-bbe1-fef0d426cf5a/type',
      '/authentication_info_definitions/user-auth--b7ddc2ea-9f6a-4e82-8eaa-be202e942090/realm',
    ]);
    const all = JSON.stringify(importCacaoPlaybook(document).problems);
    expect(all).not.toContain(secret);
  });

  it('keeps a port on a net-address target', () => {
    const document = basicWith((doc, action) => {
      (doc.target_definitions as Json)[TARGET] = {
        type: 'net-address',
        name: 'Windows',
        address: { ipv4: ['192.168.1.2'] },
        port: '5985',
      };
      action.targets = [TARGET];
    });
    expect(tolerated(document)).toEqual([
      {
        path: `/target_definitions/${TARGET}/port`,
        message:
          "property 'port' is not defined for a net-address target in CACAO 2.0: kept with the definition",
        severity: 'warning',
      },
    ]);
    const { playbook } = importCacaoPlaybook(document);
    expect(playbook?.targets[TARGET]?.port).toBe('5985');
  });

  it('plans an action step without commands as a manual step', async () => {
    let id = '';
    const document = basicWith((_doc, action, actionId) => {
      id = actionId;
      delete action.commands;
      delete action.agent;
      action.name = 'Isolate the switch port';
    });
    expect(tolerated(document).map((warning) => [warning.path, warning.message])).toEqual([
      [
        `/workflow/${id}`,
        'action step has no commands: planned as a manual step (a person carries out its name and description)',
      ],
      [
        `/workflow/${id}`,
        'action step names no agent: its commands go to the executor of their type',
      ],
    ]);
    const { playbook } = importCacaoPlaybook(document);
    const step = playbook?.steps[id] as ActionStep;
    expect(step.manualFallback).toBe(true);
    expect(step.commands).toEqual([
      expect.objectContaining({
        type: 'manual',
        command: expect.stringMatching(/^Isolate the switch port/),
      }),
    ]);
    const plan = await planPlaybook(playbook as NonNullable<typeof playbook>, {
      executors: { manual: recordingExecutor() },
    });
    const planned = plan.find(
      (entry): entry is PlannedStep => entry.kind === 'step' && entry.step === id,
    );
    expect(planned?.action).toMatchObject({ manual: true, runnable: true, executors: ['manual'] });
    expect(planned?.action?.summary).toMatch(
      /^no agent named: manual step 'Isolate the switch port/,
    );
  });

  it('ignores properties the schemas do not define, but not unknown workflow entries', () => {
    const document = basicWith((doc) => {
      doc.playbook_extension = { note: 'a typo of playbook_extensions' };
    });
    expect(tolerated(document)).toEqual([
      {
        path: '/playbook_extension',
        message: "property 'playbook_extension' is not defined here by CACAO 2.0: ignored",
        severity: 'warning',
      },
    ]);
    const strayStep = basicWith((doc) => {
      (doc.workflow as Json).x = { type: 'end' };
    });
    const result = importCacaoPlaybook(strayStep);
    expect(result.playbook).toBeUndefined();
    expect(result.problems).toContainEqual({
      path: '/workflow',
      message: "unknown property 'x'",
      severity: 'error',
    });
  });

  it('treats an empty commands list like a missing one', () => {
    const document = basicWith((_doc, action) => {
      action.commands = [];
    });
    expect(tolerated(document)[0]?.message).toContain('planned as a manual step');
  });

  it('still refuses what is wrong, not merely unusual', () => {
    const document = basicWith((doc) => {
      (doc.target_definitions as Json)[TARGET] = {
        type: 'net-address',
        name: 'bad',
        address: { ipv4: 'not-a-list' },
      };
    });
    const result = importCacaoPlaybook(document);
    expect(result.playbook).toBeUndefined();
    expect(result.problems).toContainEqual(
      expect.objectContaining({
        path: `/target_definitions/${TARGET}/address/ipv4`,
        severity: 'error',
      }),
    );
    const missingStep = basicWith((_doc, action) => {
      action.on_completion = 'end--00000000-0000-4000-8000-000000000000';
    });
    expect(importCacaoPlaybook(missingStep).playbook).toBeUndefined();
  });

  it('warns about a step naming an undefined target, and strict mode refuses it', () => {
    let id = '';
    const document = basicWith((_doc, action, actionId) => {
      id = actionId;
      action.targets = ['security-category--acc1cff5-af87-4caa-8529-84b08c187653'];
    });
    const result = importCacaoPlaybook(document);
    expect(result.problems).toEqual([
      {
        path: `/workflow/${id}/targets/0`,
        message:
          "refers to target 'security-category--acc1cff5-af87-4caa-8529-84b08c187653', which is not in target_definitions: its commands get only the id",
        severity: 'warning',
      },
    ]);
    expect(importCacaoPlaybook(document, { strict: true }).problems).toEqual([
      {
        path: `/workflow/${id}/targets/0`,
        message:
          "refers to target 'security-category--acc1cff5-af87-4caa-8529-84b08c187653', which is not in target_definitions",
        severity: 'error',
      },
    ]);
  });
});

describe('routeCommand', () => {
  it('routes by SOARCA capability, extension agent type, or command type', () => {
    const route = (type: string, agent?: Json) => routeCommand(type, agent);
    expect(route('ssh', { type: 'soarca', name: 'soarca-ssh' })).toEqual({
      executor: 'ssh',
      by: 'agent',
    });
    expect(route('openc2', { type: 'soarca', name: 'soarca-openc2-http' }).executor).toBe(
      'openc2-http',
    );
    expect(route('http-api', { type: 'soarca', name: 'soarca-http-api' }).executor).toBe(
      'http-api',
    );
    expect(route('powershell', { type: 'soarca', name: 'soarca-powershell' }).executor).toBe(
      'powershell',
    );
    expect(route('pong', { type: 'net-address', name: 'soarca-fin-pong-f896bb3b' })).toEqual({
      executor: 'soarca-fin',
      by: 'agent',
    });
    expect(route('x', { type: 'soarca-fin', name: 'anything' }).executor).toBe('soarca-fin');
    expect(route('x', { type: 'soarca-manual', name: 'soarca-manual' }).executor).toBe('manual');
    expect(route('x', { type: 'soarca-manual-capability', name: 'm' }).executor).toBe('manual');
    expect(route('manual', { type: 'soarca', name: 'soarca-ssh' })).toEqual({
      executor: 'manual',
      by: 'command',
    });
    expect(route('bash', { type: 'software', name: 'LockyBart' })).toEqual({
      executor: 'software',
      by: 'agent',
    });
    expect(route('x', { type: 'soarca', name: 'soarca-caldera' }).executor).toBe('soarca');
    expect(route('http-api', { type: 'individual', name: 'analyst' })).toEqual({
      executor: 'http-api',
      by: 'command',
    });
    expect(route('openc2-http')).toEqual({ executor: 'openc2-http', by: 'command' });
  });
});
