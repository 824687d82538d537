// The REST reference connector passes the conformance suite with the remaining auth schemes.
import { describeRestConformance } from './__fixtures__/rest-conformance.js';

describeRestConformance('next-token', 'sigv4');
describeRestConformance('link-header', 'privateKeyJwtRs256');
