import { describe, expect, it } from 'vitest';
import { factorOf } from './auth-factor.js';

describe('factorOf', () => {
  it.each([
    // Okta methodTypeUsed, debugData.factor, credentialType
    ['OKTA_VERIFY_PUSH', { factor_type_id: 5 }],
    ['Get a push notification', { factor_type_id: 5 }],
    ['SMS', { factor_type_id: 1 }],
    ['EMAIL', { factor_type_id: 8 }],
    ['PASSWORD', { factor_type_id: 11 }],
    ['Enter a code', { factor_type_id: 7, is_totp: true }],
    ['OTP', { factor_type_id: 7 }],
    ['token:hotp', { factor_type_id: 7, is_hotp: true }],
    ['token:software:totp', { factor_type_id: 7, is_totp: true }],
    ['token:hardware', { factor_type_id: 6 }],
    ['YUBIKEY_TOKEN', { factor_type_id: 6 }],
    ['WEBAUTHN', { factor_type_id: 10 }],
    ['U2F', { factor_type_id: 9 }],
    ['question', { factor_type_id: 2 }],
    ['call', { factor_type_id: 3 }],
    ['SIGNED_NONCE', { factor_type_id: 99, factor_type: 'Okta FastPass' }],
    // Entra authenticationMethod and mfaDetail.authMethod
    ['Password', { factor_type_id: 11 }],
    ['Mobile app notification', { factor_type_id: 5 }],
    ['PhoneAppNotification', { factor_type_id: 5 }],
    ['Passwordless phone sign-in', { factor_type_id: 5 }],
    ['Text message', { factor_type_id: 1 }],
    ['OneWaySMS', { factor_type_id: 1 }],
    ['Phone call', { factor_type_id: 3 }],
    ['TwoWayVoiceMobile', { factor_type_id: 3 }],
    ['OATH verification code', { factor_type_id: 7, is_totp: true }],
    ['PhoneAppOTP', { factor_type_id: 7, is_totp: true }],
    ['Email OTP', { factor_type_id: 8 }],
    ['FIDO2 security key', { factor_type_id: 10 }],
    ['Passkey (Microsoft Authenticator)', { factor_type_id: 10 }],
    ['Windows Hello for Business', { factor_type_id: 4 }],
    // neither vendor's word for a known type
    ['Temporary Access Pass', { factor_type_id: 99, factor_type: 'Temporary Access Pass' }],
  ] as const)('%j → %j', (method, expected) => {
    expect(factorOf(method)).toEqual(expected);
  });

  it('is undefined for a factor satisfied earlier', () => {
    expect(factorOf('Previously satisfied')).toBeUndefined();
  });

  it('names the provider, except of a password', () => {
    expect(factorOf('Enter a code', 'Google Authenticator')).toEqual({
      factor_type_id: 7,
      provider: 'Google Authenticator',
      is_totp: true,
    });
    expect(factorOf('Password', 'Okta')).toEqual({ factor_type_id: 11 });
    expect(factorOf('Okta Verify', 'Okta Verify')).toEqual({
      factor_type_id: 99,
      factor_type: 'Okta Verify',
      provider: 'Okta Verify',
    });
  });
});
