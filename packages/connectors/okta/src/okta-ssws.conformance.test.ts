import { describeOktaConformance, oktaVariants } from './testing/okta-conformance.js';

describeOktaConformance(oktaVariants.ssws);
