import { describe, expect, it } from 'vitest';
import { hasRole, requireRole, resolveTenants } from '../src/access/authorize.js';
import type { Principal } from '../src/access/principal.js';
import {
  createTokenAuthenticator,
  generateAccessToken,
} from '../src/access/token-authenticator.js';
import { DASHBOARD_ERROR_CODES, httpStatusOf } from '../src/error-codes.js';
import { DashboardError } from '../src/errors.js';
import { principals } from './soc-fixture.js';

const codeOf = (run: () => unknown): string | undefined => {
  try {
    run();
  } catch (error) {
    return DashboardError.isInstance(error) ? error.code : 'not a DashboardError';
  }
  return undefined;
};

describe('resolveTenants', () => {
  it('gives the only tenant when none is named, and refuses to guess among several', () => {
    expect(resolveTenants(principals.acmeViewer, undefined)).toEqual(['acme']);
    expect(codeOf(() => resolveTenants(principals.twoTenants, undefined))).toBe(
      'DASHBOARD_TENANT_REQUIRED',
    );
    expect(codeOf(() => resolveTenants(principals.mssp, undefined))).toBe(
      'DASHBOARD_TENANT_REQUIRED',
    );
  });

  it('refuses a tenant not granted, and * without the mssp role', () => {
    expect(codeOf(() => resolveTenants(principals.acmeViewer, 'globex'))).toBe(
      'DASHBOARD_FORBIDDEN',
    );
    expect(codeOf(() => resolveTenants(principals.twoTenants, '*'))).toBe('DASHBOARD_FORBIDDEN');
    expect(codeOf(() => resolveTenants(principals.acmeViewer, ''))).toBe('DASHBOARD_INVALID');
  });

  it('gives an mssp operator its own list, or every known tenant for tenants *', () => {
    const partner: Principal = { ...principals.twoTenants, roles: ['viewer', 'mssp'] };
    expect(resolveTenants(partner, '*', ['other'])).toEqual(['acme', 'globex']);
    expect(resolveTenants(principals.mssp, '*', ['acme', 'globex', 'initech'])).toEqual([
      'acme',
      'globex',
      'initech',
    ]);
    expect(resolveTenants(principals.mssp, 'initech')).toEqual(['initech']);
  });
});

describe('roles', () => {
  it('orders viewer < analyst < approver; mssp stands apart and reads as a viewer', () => {
    expect(hasRole(principals.acmeApprover, 'analyst')).toBe(true);
    expect(hasRole(principals.acmeApprover, 'viewer')).toBe(true);
    expect(hasRole(principals.acmeAnalyst, 'approver')).toBe(false);
    expect(hasRole(principals.acmeViewer, 'analyst')).toBe(false);
    expect(hasRole(principals.acmeApprover, 'mssp')).toBe(false);
    expect(hasRole({ id: 'm', tenants: '*', roles: ['mssp'] }, 'viewer')).toBe(true);
    expect(hasRole({ id: 'm', tenants: '*', roles: ['mssp'] }, 'analyst')).toBe(false);
    expect(codeOf(() => requireRole(principals.acmeViewer, 'analyst'))).toBe('DASHBOARD_FORBIDDEN');
    expect(codeOf(() => requireRole({ id: 'n', tenants: ['acme'], roles: [] }, 'viewer'))).toBe(
      'DASHBOARD_FORBIDDEN',
    );
  });

  it('maps every code to its HTTP status', () => {
    expect(DASHBOARD_ERROR_CODES.map((code) => [code, httpStatusOf(code)])).toEqual([
      ['DASHBOARD_UNAUTHENTICATED', 401],
      ['DASHBOARD_FORBIDDEN', 403],
      ['DASHBOARD_TENANT_REQUIRED', 400],
      ['DASHBOARD_NOT_FOUND', 404],
      ['DASHBOARD_INVALID', 400],
    ]);
  });
});

describe('createTokenAuthenticator', () => {
  const aliceToken = generateAccessToken();
  const bobToken = generateAccessToken();
  const authenticate = createTokenAuthenticator({
    tokens: [
      { token: aliceToken, principal: principals.acmeAnalyst },
      { token: bobToken, principal: principals.mssp },
    ],
  });
  const request = (authorization?: string | string[]) => ({
    method: 'GET',
    url: '/api/session',
    headers: authorization === undefined ? {} : { authorization },
  });

  it('returns the principal of the bearer token, and null otherwise', () => {
    expect(authenticate(request(`Bearer ${aliceToken}`))).toBe(principals.acmeAnalyst);
    expect(authenticate(request(`bearer ${bobToken}`))).toBe(principals.mssp);
    expect(authenticate(request([`Bearer ${bobToken}`]))).toBe(principals.mssp);
    expect(authenticate(request())).toBeNull();
    expect(authenticate(request(`Bearer ${aliceToken}x`))).toBeNull();
    expect(authenticate(request(`Basic ${aliceToken}`))).toBeNull();
    expect(authenticate(request(aliceToken))).toBeNull();
  });

  it('refuses short or repeated tokens without echoing them', () => {
    const short = 'short-secret';
    let error: unknown;
    try {
      createTokenAuthenticator({ tokens: [{ token: short, principal: principals.acmeViewer }] });
    } catch (caught) {
      error = caught;
    }
    expect(DashboardError.isInstance(error) && error.code).toBe('DASHBOARD_INVALID');
    expect(JSON.stringify((error as DashboardError).toJSON())).not.toContain(short);
    expect(() =>
      createTokenAuthenticator({
        tokens: [
          { token: aliceToken, principal: principals.acmeViewer },
          { token: aliceToken, principal: principals.mssp },
        ],
      }),
    ).toThrow(/given twice/);
  });

  it('generates distinct base64url tokens of 32 random bytes', () => {
    expect(aliceToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(aliceToken).not.toBe(bobToken);
  });
});
