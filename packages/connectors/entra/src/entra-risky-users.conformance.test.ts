import type { ConformanceCase } from '@openmdr/connector-kit/testing';
import { describeEntraConformance, entraStreamsUnderTest } from './testing/entra-conformance.js';

// The streams share one Graph reader: transport faults and actions run in the sign-ins suite
// (entra-signins.conformance.test.ts); this suite runs what depends on the stream's data.
const shared = 'same Graph reader as signins: covered by entra-signins.conformance.test.ts';
const skip: Partial<Record<ConformanceCase, string>> = {
  actions: shared,
  'fault-429-http-date': shared,
  'fault-429-reset-header': shared,
  'fault-5xx': shared,
  'fault-5xx-give-up': shared,
  'fault-slow': shared,
  'fault-clock-offset': shared,
  'token-refresh': shared,
  'secrets-redacted': shared,
  'fault-token-expiry': shared,
  'fault-429-retry-after': shared,
  'rate-limit': shared,
};

describeEntraConformance(entraStreamsUnderTest['risky-users'], { actions: false, skip });
