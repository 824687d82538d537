import { describeDefenderConformance } from './defender-conformance.test-helpers.js';

describeDefenderConformance('xdr-alerts');
