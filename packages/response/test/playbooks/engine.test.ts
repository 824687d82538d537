import { OpenMdrError, openStore } from '@openmdr/core';
import { describe, expect, it } from 'vitest';
import { AuditLog } from '../../src/audit/index.js';
import {
  type CommandExecutor,
  manualCommand,
  openc2Command,
  PlaybookEngine,
  parseCacaoPlaybook,
  playbook,
} from '../../src/playbooks/index.js';
import { fixture, recordingExecutor } from './helpers.js';

const noSleep = async () => {};

async function engineWith(
  executor: ReturnType<typeof recordingExecutor>,
  extra: Partial<ConstructorParameters<typeof PlaybookEngine>[0]> = {},
) {
  const store = await openStore({ kind: 'memory' });
  const engine = new PlaybookEngine({
    store: store.forTenant('acme'),
    executors: { 'openc2-http': executor },
    sleep: noSleep,
    ...extra,
  });
  return { engine, store };
}

const device = (hostname: string) =>
  openc2Command({ action: 'contain', target: { device: { hostname } } });

describe('PlaybookEngine', () => {
  it('runs the containment example: parallel, while, switch, exception handler', async () => {
    const { playbook: containment } = parseCacaoPlaybook(fixture('containment'));
    let polls = 0;
    const executor = recordingExecutor({
      variables: (request) => {
        if (request.openc2?.action !== 'query') return undefined;
        polls++;
        return { __containment_status__: polls >= 3 ? 'contained' : 'pending' };
      },
    });
    const { engine } = await engineWith(executor);
    const state = await engine.run(containment, {
      runId: 'incident-1',
      variables: {
        __hostname__: 'ws-042',
        __severity__: '90',
        __account__: 'jdoe',
        __c2_ip__: '203.0.113.7',
      },
    });
    const actions = executor.calls.map((call) => call.openc2?.action);
    expect(actions).toEqual(['contain', 'set', 'query', 'query', 'query', 'deny']);
    expect(executor.calls[0]?.openc2).toEqual({
      action: 'contain',
      target: { device: { hostname: 'ws-042' } },
    });
    // The manual notification has no executor: that step fails, and on_completion goes on to the end.
    expect(state.status).toBe('completed');
    expect(state.history.find((record) => record.status === 'failed')?.error?.code).toBe(
      'NO_EXECUTOR',
    );
    expect(state.compensations).toEqual([]);
    // A finished run is returned as it is: nothing is sent again.
    await engine.run(containment, { runId: 'incident-1' });
    expect(executor.calls).toHaveLength(6);
  });

  it('retries a failing step up to its limit, then follows on_failure', async () => {
    const flaky = playbook('flaky')
      .action('contain', {
        commands: [device('ws-1')],
        retry: { maxAttempts: 3, backoffMs: 5 },
        onFailure: 'failed',
      })
      .end('ok')
      .action('failed', {
        commands: [openc2Command({ action: 'query', target: { features: ['versions'] } })],
      })
      .end('handled')
      .build();
    const sleeps: number[] = [];
    const failsTwice = recordingExecutor({
      fail: (_request, call) => (call <= 2 ? new Error('503 from EDR') : undefined),
    });
    const first = await engineWith(failsTwice, { sleep: async (ms) => void sleeps.push(ms) });
    const ok = await first.engine.run(flaky, { runId: 'r1' });
    expect(ok.status).toBe('completed');
    expect(failsTwice.calls.map((call) => call.requestId)).toEqual(
      Array(3).fill(failsTwice.calls[0]?.requestId),
    );
    expect(sleeps).toEqual([5, 10]);
    expect(ok.history.find((record) => record.type === 'action')?.attempts).toBe(3);

    const alwaysFails = recordingExecutor({
      fail: (request) =>
        request.openc2?.action === 'contain' ? new Error('503 from EDR') : undefined,
    });
    const second = await engineWith(alwaysFails);
    const handled = await second.engine.run(flaky, { runId: 'r2' });
    expect(handled.status).toBe('completed');
    expect(alwaysFails.calls.map((call) => call.openc2?.action)).toEqual([
      'contain',
      'contain',
      'contain',
      'query',
    ]);
  });

  it('does not retry a non-retryable error', async () => {
    const once = playbook('once')
      .action('contain', { commands: [device('ws-1')], retry: { maxAttempts: 5, backoffMs: 0 } })
      .end('ok')
      .build();
    const executor = recordingExecutor({
      fail: () => new OpenMdrError('NOT_FOUND', 'no such device'),
    });
    const { engine } = await engineWith(executor);
    const state = await engine.run(once, { runId: 'r' });
    expect(executor.calls).toHaveLength(1);
    expect(state.status).toBe('compensated');
    expect(state.failure).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('fails a step that exceeds its timeout (ACTION_TIMEOUT), retried within limits', async () => {
    const slow = playbook('slow')
      .action('contain', {
        commands: [device('ws-1')],
        timeout: 20,
        retry: { maxAttempts: 2, backoffMs: 0 },
      })
      .end('ok')
      .build();
    const executor = recordingExecutor({ delayMs: 200 });
    const { engine } = await engineWith(executor, { compensateOnFailure: false });
    const state = await engine.run(slow, { runId: 'r' });
    expect(state.status).toBe('failed');
    expect(state.failure?.code).toBe('ACTION_TIMEOUT');
    expect(state.history.at(-1)).toMatchObject({ status: 'timeout', attempts: 2 });
    expect(executor.calls).toHaveLength(2);
  });

  it('compensates on request, newest first, once', async () => {
    const two = playbook('two')
      .action('contain', {
        commands: [
          device('ws-1'),
          device('ws-2'),
          openc2Command({ action: 'query', target: { features: ['versions'] } }),
        ],
      })
      .end('ok')
      .build();
    const executor = recordingExecutor();
    const { engine } = await engineWith(executor);
    expect((await engine.run(two, { runId: 'r' })).status).toBe('completed');
    const compensated = await engine.compensate('r');
    expect(compensated.status).toBe('compensated');
    const undos = executor.calls.slice(3);
    expect(
      undos.map((call) => [
        call.requestId,
        (call.openc2 as { target: { device: { hostname: string } } }).target.device.hostname,
      ]),
    ).toEqual([
      [`${executor.calls[1]?.requestId}:undo`, 'ws-2'],
      [`${executor.calls[0]?.requestId}:undo`, 'ws-1'],
    ]);
    await engine.compensate('r');
    expect(executor.calls).toHaveLength(5);
  });

  it('asks the policy before every command and fails the step when refused', async () => {
    const guarded = playbook('guarded')
      .action('contain', { commands: [device('dc-01')] })
      .end('ok')
      .build();
    const executor = recordingExecutor();
    const { engine, store } = await engineWith(executor, {
      authorize: () => ({
        decision: 'deny',
        reason: 'domain controllers are never contained automatically',
      }),
    });
    const state = await engine.run(guarded, { runId: 'r' });
    expect(executor.calls).toEqual([]);
    expect(state.failure).toMatchObject({ code: 'POLICY_DENIED' });
    const timeline = await store.forTenant('acme').log.read('playbook-run:r');
    expect(timeline.map((entry) => (entry.data as { event: string }).event)).toContain(
      'command.authorization',
    );
  });

  it('runs if/else branches and playbook-action sub-playbooks', async () => {
    const child = playbook('child')
      .action('contain', { commands: [device('__hostname__:value')] })
      .end('done')
      .build();
    const parent = playbook('parent')
      .variable('__hostname__', { type: 'string', value: 'ws-9' })
      .variable('__severity__', { type: 'integer', value: '10' })
      .if('severe?', { condition: '__severity__:value >= 70', onTrue: 'sub', onFalse: 'low' })
      .end('done')
      .playbook('sub', { playbookId: child.id, inArgs: ['__hostname__'] })
      .end('sub-done')
      .action('low', {
        commands: [openc2Command({ action: 'query', target: { features: ['versions'] } })],
      })
      .end('low-done')
      .build();
    const executor = recordingExecutor();
    const { engine } = await engineWith(executor, { playbooks: { [child.id]: child } });
    expect((await engine.run(parent, { runId: 'low' })).status).toBe('completed');
    expect(executor.calls.map((call) => call.openc2?.action)).toEqual(['query']);
    expect(
      (await engine.run(parent, { runId: 'high', variables: { __severity__: '95' } })).status,
    ).toBe('completed');
    expect(executor.calls.at(-1)?.openc2).toEqual({
      action: 'contain',
      target: { device: { hostname: 'ws-9' } },
    });
    expect(executor.calls.at(-1)?.requestId.startsWith('high/')).toBe(true);
  });

  it('refuses to resume a run with another playbook version', async () => {
    const v1 = playbook('p', { version: '2026-01-01T00:00:00.000Z' })
      .action('a', { commands: [manualCommand('x')] })
      .end('e')
      .build();
    const v2 = playbook('p', { version: '2026-02-01T00:00:00.000Z' })
      .action('a', { commands: [manualCommand('x')] })
      .end('e')
      .build();
    const { engine } = await engineWith(recordingExecutor());
    await engine.run(v1, { runId: 'r' });
    await expect(engine.run(v2, { runId: 'r' })).rejects.toMatchObject({ code: 'PLAYBOOK_RUN' });
  });

  it('appends run and step state changes, policy decisions, commands and undos to the audit log', async () => {
    const store = (await openStore({ kind: 'memory' })).forTenant('acme');
    const audit = new AuditLog(store);
    const executor = recordingExecutor({
      fail: (request) =>
        request.openc2?.action === 'query'
          ? new OpenMdrError('NOT_FOUND', 'nothing to query')
          : undefined,
    });
    const engine = new PlaybookEngine({
      store,
      executors: { 'openc2-http': executor },
      authorize: () => ({ decision: 'allow', reason: 'allowed' }),
      audit,
      sleep: noSleep,
    });
    const audited = playbook('audited')
      .action('contain', { commands: [device('ws-1')] })
      .action('query', {
        commands: [openc2Command({ action: 'query', target: { features: ['versions'] } })],
      })
      .end('done')
      .build();
    const state = await engine.run(audited, { runId: 'r' });
    expect(state.status).toBe('compensated');
    const records = await audit.read();
    const contain = state.completed[0]?.requestId as string;
    expect(
      records.filter((record) => record.requestId === contain).map((record) => record.type),
    ).toEqual(['policy.decided', 'command.sent', 'command.response']);
    expect(
      records
        .filter((record) => record.requestId === `${contain}:undo`)
        .map((record) => record.type),
    ).toEqual(['command.sent', 'command.response']);
    const events = records
      .filter((record) => record.type === 'state.changed')
      .map((record) => (record.data as { event: string }).event);
    expect(events[0]).toBe('run.started');
    expect(events).toContain('step.failed');
    expect(events.at(-1)).toBe('run.compensated');
    expect((await audit.verify()).valid).toBe(true);
  });

  it('compensates the actions of a completed sub-playbook when the parent fails', async () => {
    const child = playbook('child-contain')
      .action('contain', { commands: [device('ws-7')] })
      .end('done')
      .build();
    const parent = playbook('parent-fails')
      .playbook('sub', { playbookId: child.id })
      .action('block', {
        commands: [openc2Command({ action: 'deny', target: { ipv4_net: '203.0.113.9' } })],
      })
      .end('done')
      .build();
    const executor = recordingExecutor({
      fail: (request) =>
        request.openc2?.action === 'deny' ? new OpenMdrError('REFUSED', 'refused') : undefined,
    });
    const { engine } = await engineWith(executor, { playbooks: { [child.id]: child } });
    const state = await engine.run(parent, { runId: 'p' });
    expect(state.status).toBe('compensated');
    expect(
      executor.calls.map((call) => [call.openc2?.action, call.requestId.endsWith(':undo')]),
    ).toEqual([
      ['contain', false],
      ['deny', false],
      ['allow', true],
    ]);
  });

  it('runs parallel branches at the same time, as durable branch runs, and merges their variables', async () => {
    const events: string[] = [];
    const executor: CommandExecutor = {
      async execute(request) {
        const host = (request.openc2 as { target: { device: { hostname: string } } }).target.device
          .hostname;
        events.push(`start ${host}`);
        await new Promise((resolve) => setTimeout(resolve, 30));
        events.push(`end ${host}`);
        return { variables: { [`__${host}__`]: 'contained' } };
      },
    };
    const both = playbook('both')
      .parallel('fan-out', { branches: ['a', 'b'], next: 'done' })
      .action('a', { commands: [device('ws1')], next: 'a-end' })
      .end('a-end')
      .action('b', { commands: [device('ws2')], next: 'b-end' })
      .end('b-end')
      .end('done')
      .build();
    const store = await openStore({ kind: 'memory' });
    const engine = new PlaybookEngine({
      store: store.forTenant('acme'),
      executors: { 'openc2-http': executor },
    });
    const state = await engine.run(both, { runId: 'par' });
    expect(state.status).toBe('completed');
    expect(events.slice(0, 2).sort()).toEqual(['start ws1', 'start ws2']);
    expect(state.variables).toMatchObject({ __ws1__: 'contained', __ws2__: 'contained' });
    expect(state.completed).toHaveLength(2);
    const parallelId = Object.keys(both.steps).find((id) => id.startsWith('parallel--')) as string;
    for (const branch of [0, 1]) {
      expect((await engine.getRun(`par/${parallelId}/1/${branch}`))?.status).toBe('completed');
    }
  });

  it('waits step delays and bounds endless while loops', async () => {
    const loop = playbook('loop')
      .variable('__status__', { type: 'string', value: 'pending' })
      .while('until contained', { condition: "__status__:value != 'contained'", onTrue: 'poll' })
      .end('done')
      .action('poll', {
        commands: [openc2Command({ action: 'query', target: { features: ['versions'] } })],
        delay: 250,
      })
      .end('polled')
      .build();
    const sleeps: number[] = [];
    const executor = recordingExecutor();
    const { engine } = await engineWith(executor, {
      sleep: async (ms) => void sleeps.push(ms),
      maxStepVisits: 5,
    });
    const state = await engine.run(loop, { runId: 'loop' });
    expect(state.status).toBe('compensated');
    expect(state.failure?.code).toBe('STEP_VISIT_LIMIT');
    expect(executor.calls).toHaveLength(5);
    expect(new Set(executor.calls.map((call) => call.requestId)).size).toBe(5);
    expect(sleeps).toEqual([250, 250, 250, 250, 250]);
  });
});
