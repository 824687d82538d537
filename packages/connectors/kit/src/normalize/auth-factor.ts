import type { FactorTypeId } from '@openmdr/core';
import type { OcsfPart } from './compact.js';

/** An OCSF 1.8.0 `auth_factor.factor_type_id`: 0 Unknown, 1 SMS, … 11 Password, 99 Other. */
export type FactorTypeIdValue = keyof typeof FactorTypeId;

/**
 * Factor types by the words vendors name a method with, first match wins: a passwordless phone
 * sign-in is a push before it is a password, an email OTP is email before it is OTP.
 */
const FACTOR_TYPES: ReadonlyArray<readonly [RegExp, FactorTypeIdValue]> = [
  [/PASSWORDLESS|PUSH|NOTIFICATION/, 5],
  [/SMS|TEXT MESSAGE/, 1],
  [/CALL|VOICE/, 3],
  [/EMAIL/, 8],
  [/WINDOWS HELLO/, 4],
  [/WEBAUTHN|FIDO|PASSKEY|SECURITY KEY|BIOMETRIC AUTHENTICATOR/, 10],
  [/U2F/, 9],
  [/QUESTION/, 2],
  [/PASSWORD/, 11],
  [/HARDWARE|YUBIKEY|RSA TOKEN|SYMANTEC/, 6],
  [/OTP|OATH|CODE|AUTHENTICATOR/, 7],
];

/** OTP methods that are time-based: authenticator apps, OATH tokens, "enter a code". */
const TOTP = /TOTP|AUTHENTICATOR|ENTER A CODE|OATH|APP ?OTP|VERIFICATION CODE/;

/**
 * An authentication method as Okta or Entra names it — Okta `methodTypeUsed`, `debugData.factor`
 * and credential types (`OKTA_VERIFY_PUSH`, `Get a push notification`, `SMS`, `Enter a code`,
 * `SIGNED_NONCE`, `PASSWORD`), Entra `authenticationMethod` and `mfaDetail.authMethod`
 * (`Password`, `Mobile app notification`, `PhoneAppNotification`, `Text message`, `OneWaySMS`,
 * `Phone call`, `TwoWayVoiceMobile`, `OATH verification code`, `PhoneAppOTP`, `FIDO2 security
 * key`, `Windows Hello for Business`) — as an OCSF `auth_factor`: `factor_type_id` (Other with
 * the method's name in `factor_type` when none fits; Okta FastPass is Other), `is_totp` /
 * `is_hotp` for one-time passwords that say so, and the `provider` (not for passwords).
 * `undefined` for Entra's "Previously satisfied": no factor was used.
 */
export function factorOf(method: string, provider?: string | null): OcsfPart | undefined {
  const upper = method.toUpperCase().replaceAll('_', ' ');
  if (upper.includes('PREVIOUSLY SATISFIED')) return undefined;
  if (/SIGNED NONCE|FASTPASS/.test(upper)) return factor(99, 'Okta FastPass', provider);
  const found = FACTOR_TYPES.find(([pattern]) => pattern.test(upper));
  if (!found) return factor(99, method, provider);
  const out = factor(found[1], undefined, provider);
  if (found[1] === 7 && /HOTP/.test(upper)) out['is_hotp'] = true;
  else if (found[1] === 7 && TOTP.test(upper)) out['is_totp'] = true;
  return out;
}

function factor(
  id: FactorTypeIdValue,
  name: string | undefined,
  provider: string | null | undefined,
): OcsfPart {
  const out: OcsfPart = { factor_type_id: id };
  if (name !== undefined) out['factor_type'] = name;
  if (provider && id !== 11) out['provider'] = provider;
  return out;
}
