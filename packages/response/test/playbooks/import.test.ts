import { describe, expect, it } from 'vitest';
import {
  CACAO_SCHEMAS,
  CACAO_SCHEMAS_LICENSE,
  importCacaoPlaybook,
  PlaybookValidationError,
  parseCacaoPlaybook,
} from '../../src/playbooks/index.js';
import { fixture } from './helpers.js';

describe('CACAO 2.0 import', () => {
  it('validates the example playbooks and reads every step type', () => {
    for (const name of ['containment', 'basic']) {
      const result = importCacaoPlaybook(fixture(name));
      expect(result.problems).toEqual([]);
      expect(result.playbook?.name).toBe(fixture(name).name);
    }
    const { playbook } = parseCacaoPlaybook(fixture('containment'));
    const types = new Set(Object.values(playbook.steps).map((step) => step.type));
    expect([...types].sort()).toEqual(
      [
        'action',
        'end',
        'if-condition',
        'parallel',
        'start',
        'switch-condition',
        'while-condition',
      ].sort(),
    );
    expect(playbook.exception).toBeDefined();
  });

  it('carries the schemas with their licence', () => {
    expect(Object.keys(CACAO_SCHEMAS)).toContain('playbook.json');
    expect(CACAO_SCHEMAS_LICENSE).toContain('Apache License');
  });

  it('reports schema errors with JSON Pointers', () => {
    const document = fixture('basic');
    document.spec_version = 'cacao-1.0';
    delete document.name;
    const result = importCacaoPlaybook(document);
    expect(result.playbook).toBeUndefined();
    expect(result.problems).toContainEqual({
      path: '/spec_version',
      message: 'must be equal to one of the allowed values',
      severity: 'error',
    });
    expect(result.problems).toContainEqual({
      path: '',
      message: "must have required property 'name'",
      severity: 'error',
    });
  });

  it('reports unknown command types as unsupported, precisely, and still imports', () => {
    const document = fixture('basic');
    const workflow = document.workflow as Record<string, Record<string, unknown>>;
    const [actionId, action] = Object.entries(workflow).find(
      ([, step]) => step.type === 'action',
    ) as [string, Record<string, unknown>];
    action.commands = [{ type: 'x-acme-quarantine', description: 'vendor specific' }];
    const result = importCacaoPlaybook(document);
    expect(result.playbook).toBeDefined();
    expect(result.problems).toEqual([
      {
        path: `/workflow/${actionId}/commands/0/type`,
        message: expect.stringContaining("unknown command type 'x-acme-quarantine'"),
        severity: 'unsupported',
      },
    ]);
  });

  it('reports bad command fields, missing steps and unsupported conditions', () => {
    const document = fixture('containment');
    const workflow = document.workflow as Record<string, Record<string, unknown>>;
    const ifId = Object.keys(workflow).find((id) => id.startsWith('if-condition--')) as string;
    const whileId = Object.keys(workflow).find((id) =>
      id.startsWith('while-condition--'),
    ) as string;
    const actionId = Object.keys(workflow).find(
      (id) =>
        (workflow[id]?.commands as { type: string }[] | undefined)?.[0]?.type === 'openc2-http',
    ) as string;
    (workflow[ifId] as Record<string, unknown>).on_true =
      'action--00000000-0000-4000-8000-000000000000';
    (workflow[whileId] as Record<string, unknown>).condition =
      '[file:hashes.MD5 = 1 FOLLOWEDBY x] WITHIN 5 SECONDS ~';
    (
      (workflow[actionId] as { commands: Record<string, unknown>[] }).commands[0] as Record<
        string,
        unknown
      >
    ).headers = 'x';
    const result = importCacaoPlaybook(document);
    expect(result.playbook).toBeUndefined();
    expect(result.problems).toContainEqual({
      path: `/workflow/${ifId}/on_true`,
      message:
        "refers to step 'action--00000000-0000-4000-8000-000000000000', which is not in the workflow",
      severity: 'error',
    });
    expect(result.problems).toContainEqual(
      expect.objectContaining({ path: `/workflow/${whileId}/condition`, severity: 'unsupported' }),
    );
    expect(result.problems).toContainEqual(
      expect.objectContaining({
        path: `/workflow/${actionId}/commands/0/headers`,
        severity: 'error',
      }),
    );
    expect(() => parseCacaoPlaybook(document)).toThrow(PlaybookValidationError);
    try {
      parseCacaoPlaybook(document);
    } catch (error) {
      expect((error as PlaybookValidationError).code).toBe('PLAYBOOK_INVALID');
    }
  });
});
