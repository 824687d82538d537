import type { ConformanceCase } from '@openmdr/connector-kit/testing';
import { describeOktaConformance, oktaVariants } from './testing/okta-conformance.js';

// Transport faults do not depend on the credentials: they run in the SSWS suite. This suite runs
// every case where the OAuth 2.0 private_key_jwt token flow matters.
const sameAsSsws = 'auth-independent: covered by okta-ssws.conformance.test.ts';
const skip: Partial<Record<ConformanceCase, string>> = {
  'read-resume': sameAsSsws,
  'read-incremental': sameAsSsws,
  'fault-429-retry-after': sameAsSsws,
  'fault-429-http-date': sameAsSsws,
  'fault-429-reset-header': sameAsSsws,
  'fault-5xx': sameAsSsws,
  'fault-slow': sameAsSsws,
  'fault-late-event': sameAsSsws,
  'fault-clock-offset': sameAsSsws,
  'fault-5xx-give-up': sameAsSsws,
  'ocsf-strict': sameAsSsws,
  'rate-limit': sameAsSsws,
  actions: sameAsSsws,
};

describeOktaConformance(oktaVariants.privateKeyJwt, skip);
