// The REST reference connector passes the conformance suite for every cursor style, and with
// every auth scheme: each pair is a connector of its own (its spec names the cursor), so each
// runs a suite of its own.
import { describeConnectorConformance } from '@openmdr/connector-kit/testing';
import { restConformance } from './conformance.test-helpers.js';

describeConnectorConformance(restConformance('next-token', 'oauth2'));
describeConnectorConformance(restConformance('link-header', 'ssws'));
describeConnectorConformance(restConformance('odata-next-link', 'privateKeyJwtEs256'));
describeConnectorConformance(restConformance('offset', 'basic'));
describeConnectorConformance(restConformance('search-after', 'apiKeyHeader'));
describeConnectorConformance(restConformance('time-window', 'hmac'));
describeConnectorConformance(restConformance('next-token', 'sigv4'));
describeConnectorConformance(restConformance('link-header', 'privateKeyJwtRs256'));
