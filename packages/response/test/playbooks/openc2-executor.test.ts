import { describe, expect, it } from 'vitest';
import { createOpenC2HttpExecutor } from '../../src/playbooks/index.js';
import { startOpenC2Simulator } from './openc2-simulator.js';

describe('createOpenC2HttpExecutor', () => {
  it('sends the command with its request id, and undoes from the action vocabulary', async () => {
    const simulator = await startOpenC2Simulator();
    try {
      const executor = createOpenC2HttpExecutor({ url: simulator.url });
      const request = {
        requestId: 'run-1:step:1:0',
        step: 'step',
        index: 0,
        type: 'openc2-http',
        openc2: { action: 'contain', target: { device: { hostname: 'ws-1' } } },
      };
      await executor.execute(request, new AbortController().signal);
      await executor.execute(request, new AbortController().signal);
      expect(simulator.receipts.map((receipt) => receipt.requestId)).toEqual([
        'run-1:step:1:0',
        'run-1:step:1:0',
      ]);
      expect(simulator.effects.size).toBe(1);
      const undo = executor.undo?.(request);
      expect(undo?.requestId).toBe('run-1:step:1:0:undo');
      expect(undo?.openc2).toMatchObject({
        action: 'allow',
        target: { device: { hostname: 'ws-1' } },
      });
      expect(
        executor.undo?.({
          ...request,
          openc2: { action: 'query', target: { features: ['versions'] } },
        }),
      ).toBeNull();
    } finally {
      await simulator.close();
    }
  });

  it('fails with a retryable error when the consumer is unreachable', async () => {
    const executor = createOpenC2HttpExecutor({ url: 'http://127.0.0.1:9/openc2' });
    await expect(
      executor.execute(
        {
          requestId: 'r',
          step: 's',
          index: 0,
          type: 'openc2-http',
          openc2: { action: 'contain', target: { device: { hostname: 'x' } } },
        },
        new AbortController().signal,
      ),
    ).rejects.toMatchObject({ code: 'OPENC2_TRANSPORT', isRetryable: true });
  });
});
