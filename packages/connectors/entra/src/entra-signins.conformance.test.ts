import { describeEntraConformance, entraStreamsUnderTest } from './testing/entra-conformance.js';

describeEntraConformance(entraStreamsUnderTest.signins, { actions: true });
