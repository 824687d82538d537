// The REST reference connector passes the conformance suite for every cursor style.
import { describeRestConformance } from './__fixtures__/rest-conformance.js';

describeRestConformance('next-token', 'oauth2');
describeRestConformance('link-header', 'ssws');
describeRestConformance('odata-next-link', 'privateKeyJwtEs256');
describeRestConformance('offset', 'basic');
describeRestConformance('search-after', 'apiKeyHeader');
describeRestConformance('time-window', 'hmac');
