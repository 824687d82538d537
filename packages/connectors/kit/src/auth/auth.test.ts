import { generateKeyPairSync } from 'node:crypto';
import { ManualClock } from '@openmdr/core';
import { Agent } from 'undici';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { ConnectorAuthError } from '../errors/connector-errors.js';
import { createHttpClient } from '../http/http-client.js';
import { verifyClientAssertion } from '../simulator/simulator-auth.js';
import { createVendorSimulator, type VendorSimulator } from '../simulator/vendor-simulator.js';
import type { OutgoingRequest } from './authenticator.js';
import { awsSigV4 } from './aws-sigv4.js';
import { hmacSignature } from './hmac-signature.js';
import { oauth2ClientCredentials } from './oauth2-client-credentials.js';
import { privateKeyJwt, signClientAssertion } from './private-key-jwt.js';
import { basicAuth, staticToken } from './static-token.js';

const dispatcher = new Agent();
let simulator: VendorSimulator | undefined;
afterEach(async () => {
  await simulator?.close();
});
afterAll(async () => {
  await dispatcher.close();
});

const request = (): OutgoingRequest => ({
  method: 'GET',
  url: new URL('https://api.vendor.test/v1/alerts?limit=5'),
  headers: {},
  body: undefined,
});
const context = { serverTimeOffsetMs: 0 };

describe('OAuth2 client credentials', () => {
  const SECRET = 'client-secret-for-oauth-tests';
  async function start(lifetimeSeconds = 600) {
    simulator = await createVendorSimulator({
      auth: {
        type: 'oauth2',
        clientId: 'app',
        clientSecret: SECRET,
        tokenLifetimeSeconds: lifetimeSeconds,
      },
      routes: [{ method: 'GET', path: '/me', handle: () => ({ body: { ok: true } }) }],
    });
    return simulator;
  }

  it('caches the token and renews it only inside the refresh margin', async () => {
    const sim = await start(600);
    const clock = new ManualClock(Date.now());
    const auth = oauth2ClientCredentials({
      tokenUrl: `${sim.url}/oauth2/token`,
      clientId: 'app',
      clientSecret: SECRET,
      dispatcher,
      clock,
      refreshMarginMs: 60_000,
    });
    const first = request();
    await auth.authorize(first, context);
    await auth.authorize(request(), context);
    expect(auth.tokens.fetchCount).toBe(1);
    clock.advance(539_000); // 61 s before expiry: still outside the margin
    await auth.authorize(request(), context);
    expect(auth.tokens.fetchCount).toBe(1);
    clock.advance(2_000); // 59 s before expiry: renew early
    const renewed = request();
    await auth.authorize(renewed, context);
    expect(auth.tokens.fetchCount).toBe(2);
    expect(renewed.headers['authorization']).not.toBe(first.headers['authorization']);
  });

  it('lets one renewal run at a time (single flight)', async () => {
    const sim = await start();
    const auth = oauth2ClientCredentials({
      tokenUrl: `${sim.url}/oauth2/token`,
      clientId: 'app',
      clientSecret: SECRET,
      dispatcher,
    });
    await Promise.all(Array.from({ length: 20 }, () => auth.authorize(request(), context)));
    expect(sim.tokensIssued).toBe(1);
    await Promise.all(Array.from({ length: 10 }, () => auth.refresh?.(context)));
    expect(sim.tokensIssued).toBe(2);
  });

  it('sends client credentials as HTTP Basic when asked', async () => {
    const sim = await start();
    const auth = oauth2ClientCredentials({
      tokenUrl: `${sim.url}/oauth2/token`,
      clientId: 'app',
      clientSecret: SECRET,
      dispatcher,
      clientAuthentication: 'basic',
    });
    await auth.authorize(request(), context);
    const tokenCall = sim.requests[0];
    expect(tokenCall?.headers['authorization']).toBe('[REDACTED]');
    expect(tokenCall?.body).toEqual({ grant_type: 'client_credentials' });
  });

  it('fails with a retryable-or-not ConnectorAuthError without the secret', async () => {
    const sim = await start();
    const wrong = 'wrong-secret-abcdef123456';
    const auth = oauth2ClientCredentials({
      tokenUrl: `${sim.url}/oauth2/token`,
      clientId: 'app',
      clientSecret: wrong,
      dispatcher,
    });
    const error = (await auth
      .authorize(request(), context)
      .catch((caught: unknown) => caught)) as ConnectorAuthError;
    expect(ConnectorAuthError.isInstance(error)).toBe(true);
    expect(error.status).toBe(401);
    expect(error.isRetryable).toBe(false);
    expect(JSON.stringify(error.toJSON()) + error.message).not.toContain(wrong);
  });

  it('a 401 from the API refreshes once; a second 401 is a ConnectorAuthError', async () => {
    const sim = await createVendorSimulator({
      auth: { type: 'oauth2', clientId: 'app', clientSecret: SECRET },
      faults: [{ type: 'token-expiry', at: [1, 2] }],
      routes: [{ method: 'GET', path: '/me', handle: () => ({ body: { ok: true } }) }],
    });
    simulator = sim;
    const auth = oauth2ClientCredentials({
      tokenUrl: `${sim.url}/oauth2/token`,
      clientId: 'app',
      clientSecret: SECRET,
      dispatcher,
    });
    const http = createHttpClient({ baseUrl: sim.url, dispatcher, auth, retry: false });
    const error = await http.request({ path: '/me' }).catch((caught: unknown) => caught);
    expect(ConnectorAuthError.isInstance(error)).toBe(true);
    expect(sim.tokensIssued).toBe(2);
  });
});

describe('private_key_jwt', () => {
  it.each(['RS256', 'ES256'] as const)(
    'signs %s assertions the server verifies, backdated against skew',
    (algorithm) => {
      const pair =
        algorithm === 'RS256'
          ? generateKeyPairSync('rsa', { modulusLength: 2048 })
          : generateKeyPairSync('ec', { namedCurve: 'P-256' });
      const clock = new ManualClock(1_800_000_000_000);
      const assertion = signClientAssertion({
        clientId: 'app',
        audience: 'https://auth.test/token',
        privateKey: String(pair.privateKey.export({ type: 'pkcs8', format: 'pem' })),
        algorithm,
        keyId: 'k1',
        clock,
      });
      const claims = verifyClientAssertion(
        assertion,
        String(pair.publicKey.export({ type: 'spki', format: 'pem' })),
        clock.now(),
      );
      expect(claims).toMatchObject({
        iss: 'app',
        sub: 'app',
        aud: 'https://auth.test/token',
        iat: 1_800_000_000 - 30,
        exp: 1_800_000_300,
      });
      const header = JSON.parse(Buffer.from(assertion.split('.')[0] ?? '', 'base64url').toString());
      expect(header).toEqual({ alg: algorithm, typ: 'JWT', kid: 'k1' });
    },
  );

  it('re-signs with the server clock when the server rejects a skewed assertion', async () => {
    const pair = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const sim = await createVendorSimulator({
      auth: {
        type: 'oauth2',
        clientId: 'app',
        publicKey: String(pair.publicKey.export({ type: 'spki', format: 'pem' })),
      },
      clockOffsetMs: 3_600_000,
    });
    simulator = sim;
    const auth = privateKeyJwt({
      tokenUrl: `${sim.url}/oauth2/token`,
      clientId: 'app',
      privateKey: String(pair.privateKey.export({ type: 'pkcs8', format: 'pem' })),
      algorithm: 'ES256',
      dispatcher,
    });
    await auth.authorize(request(), context);
    expect(sim.requests.map((entry) => entry.status)).toEqual([401, 200]);
  });
});

describe('static tokens, Basic, HMAC, SigV4', () => {
  it.each([
    ['bearer', 'authorization', 'Bearer tok-1234567890'],
    ['ssws', 'authorization', 'SSWS tok-1234567890'],
    ['api-token', 'authorization', 'ApiToken tok-1234567890'],
    ['api-key', 'authorization', 'ApiKey tok-1234567890'],
  ] as const)('%s style', async (style, header, value) => {
    const outgoing = request();
    await staticToken({ token: 'tok-1234567890', style }).authorize(outgoing, context);
    expect(outgoing.headers[header]).toBe(value);
  });

  it('custom header style (X-Api-Key)', async () => {
    const outgoing = request();
    await staticToken({ token: 'tok-1234567890', style: { header: 'X-Api-Key' } }).authorize(
      outgoing,
      context,
    );
    expect(outgoing.headers['x-api-key']).toBe('tok-1234567890');
  });

  it('Basic', async () => {
    const outgoing = request();
    await basicAuth({ username: 'user', password: 'pass-word-123' }).authorize(outgoing, context);
    expect(outgoing.headers['authorization']).toBe(
      `Basic ${Buffer.from('user:pass-word-123').toString('base64')}`,
    );
  });

  it('HMAC signs with the vendor clock and asks for a retry when it learns a skew', async () => {
    const clock = new ManualClock(1_700_000_000_000);
    const auth = hmacSignature({ secret: 'hmac-secret-123456', clock, keyId: 'pub-1' });
    const outgoing = request();
    await auth.authorize(outgoing, { serverTimeOffsetMs: 120_000 });
    expect(outgoing.headers['x-timestamp']).toBe(String(1_700_000_120));
    expect(outgoing.headers['x-signature']).toMatch(/^[0-9a-f]{64}$/);
    expect(outgoing.headers['x-api-key-id']).toBe('pub-1');
    expect(await auth.refresh?.({ serverTimeOffsetMs: 120_000 })).toBe(false);
    expect(await auth.refresh?.({ serverTimeOffsetMs: 0 })).toBe(true);
  });

  it('SigV4 requests verify against an independent signature and carry the session token', async () => {
    const sim = await createVendorSimulator({
      auth: {
        type: 'aws-sigv4',
        keys: [
          {
            accessKeyId: 'AKIDEXAMPLE',
            secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
          },
        ],
        region: 'us-east-1',
        service: 'guardduty',
      },
      routes: [
        {
          method: 'POST',
          path: '/detector/d1/findings',
          handle: (r) => ({ body: { got: r.json } }),
        },
      ],
    });
    simulator = sim;
    const http = createHttpClient({
      baseUrl: sim.url,
      dispatcher,
      auth: awsSigV4({
        accessKeyId: 'AKIDEXAMPLE',
        secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
        region: 'us-east-1',
        service: 'guardduty',
      }),
      retry: false,
    });
    const response = await http.request({
      method: 'POST',
      path: '/detector/d1/findings',
      json: { maxResults: 50 },
      query: { a: 'b c' },
    });
    expect(response.data).toEqual({ got: { maxResults: 50 } });
    const wrong = createHttpClient({
      baseUrl: sim.url,
      dispatcher,
      auth: awsSigV4({
        accessKeyId: 'AKIDEXAMPLE',
        secretAccessKey: 'not-the-right-secret-key-000000',
        region: 'us-east-1',
        service: 'guardduty',
      }),
      retry: false,
    });
    await expect(
      wrong.request({ method: 'POST', path: '/detector/d1/findings', json: {} }),
    ).rejects.toMatchObject({ code: 'CONNECTOR_AUTH' });
    const session = request();
    await awsSigV4({
      accessKeyId: 'A',
      secretAccessKey: 'secret-key-000000',
      sessionToken: 'session-token-000000',
      region: 'us-east-1',
      service: 's3',
    }).authorize(session, context);
    expect(session.headers['x-amz-security-token']).toBe('session-token-000000');
    expect(session.headers['authorization']).toMatch(/^AWS4-HMAC-SHA256 Credential=A\//);
  });
});
