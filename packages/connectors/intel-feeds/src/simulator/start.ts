import {
  createVendorSimulator,
  type StartedSimulator,
  type StartSimulatorOptions,
  startedSimulator,
} from '@openmdr/connector-kit/simulator';
import {
  INTEL_FEEDS_API_KEY,
  type IntelFeedsSimulatorData,
  intelFeedsSimulatorOptions,
} from './routes.js';

/** The connector config a started feed simulator hands out: every feed, `Auth-Key` auth. */
export interface IntelFeedsSimulatorConfig {
  /** One entry per simulated feed, named after its file. */
  feeds: Array<{ name: string; url: string; format: 'list' | 'csv' }>;
  /** The key header. */
  auth: { type: 'header'; header: 'auth-key' };
}

/**
 * Starts a simulated feed server on 127.0.0.1 serving `feeds` with `ETag` / `Last-Modified` and
 * 304 answers. Add rows while it runs with
 * `simulated.simulator.addRecord('/feeds/iocs.txt', { value, first_seen })`.
 */
export async function startIntelFeedsSimulator(
  options: StartSimulatorOptions & IntelFeedsSimulatorData = {},
): Promise<StartedSimulator<IntelFeedsSimulatorConfig>> {
  const feeds = options.feeds ?? { '/feeds/iocs.txt': { format: 'list' as const, rows: [] } };
  const simulator = await createVendorSimulator({
    ...intelFeedsSimulatorOptions({ feeds }),
    ...(options.faults ? { faults: options.faults } : {}),
  });
  return startedSimulator(
    simulator,
    {
      feeds: Object.entries(feeds).map(([path, feed]) => ({
        name: (path.split('/').at(-1) ?? 'feed').replace(/\.[a-z]+$/, '').toLowerCase(),
        url: `${simulator.url}${path}`,
        format: feed.format,
      })),
      auth: { type: 'header', header: 'auth-key' },
    },
    { 'intel-feeds.api_key': INTEL_FEEDS_API_KEY },
  );
}
