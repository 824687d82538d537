import { describe, expect, it } from 'vitest';
import { drainOnSignals } from '../src/index.js';

describe('drainOnSignals', () => {
  it('aborts on the first signal with PIPELINE_STOPPED and then removes its listeners', async () => {
    const before = process.listenerCount('SIGUSR2');
    const drain = drainOnSignals(['SIGUSR2']);
    expect(process.listenerCount('SIGUSR2')).toBe(before + 1);
    const aborted = new Promise((resolve) => drain.signal.addEventListener('abort', resolve));
    process.kill(process.pid, 'SIGUSR2');
    await aborted;
    expect(drain.signal.reason).toMatchObject({
      code: 'PIPELINE_STOPPED',
      details: { signal: 'SIGUSR2' },
    });
    expect(process.listenerCount('SIGUSR2')).toBe(before);
  });

  it('dispose removes the listeners without aborting', () => {
    const before = process.listenerCount('SIGUSR2');
    const drain = drainOnSignals(['SIGUSR2']);
    drain.dispose();
    expect(process.listenerCount('SIGUSR2')).toBe(before);
    expect(drain.signal.aborted).toBe(false);
  });
});
