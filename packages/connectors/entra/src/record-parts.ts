import { isIP } from 'node:net';
import { NormalizationError } from '@openmdr/connector-kit';
import type * as z from 'zod';
import { isRecord } from './records.js';

/** The OCSF `metadata.product` of every Entra event. */
export const ENTRA_PRODUCT = { name: 'Microsoft Entra ID', vendor_name: 'Microsoft' } as const;

/**
 * Reads a Graph record leniently with `schema` and checks its id and time fields; returns the
 * record and its time in epoch milliseconds.
 *
 * @throws {NormalizationError} naming the missing or malformed field.
 */
export function checkGraphRecord<Schema extends z.ZodType<Record<string, unknown>>>(
  record: unknown,
  schema: Schema,
  kind: string,
  timeField: string,
): { value: z.output<Schema>; time: number; id: string } {
  if (!isRecord(record)) {
    throw new NormalizationError(`a Microsoft Graph ${kind} must be a JSON object`, { path: '' });
  }
  const value = schema.parse(record);
  const id = value['id'];
  if (typeof id !== 'string' || id.length === 0) {
    throw new NormalizationError(`Microsoft Graph ${kind} has no id`, { path: 'id' });
  }
  const rawTime = value[timeField];
  const time = typeof rawTime === 'string' ? Date.parse(rawTime) : Number.NaN;
  if (Number.isNaN(time)) {
    throw new NormalizationError(`Microsoft Graph ${kind} has no valid ${timeField}`, {
      path: timeField,
    });
  }
  return { value, time, id };
}

/** A valid IP address, or undefined. */
export function validIp(value: string | null | undefined): string | undefined {
  return typeof value === 'string' && isIP(value) !== 0 ? value : undefined;
}

/** OCSF `location` from a Graph `signInLocation`, when it names a place. */
export function locationOf(
  location:
    | {
        city?: string | null | undefined;
        state?: string | null | undefined;
        countryOrRegion?: string | null | undefined;
        geoCoordinates?:
          | { latitude?: number | null | undefined; longitude?: number | null | undefined }
          | null
          | undefined;
      }
    | null
    | undefined,
): Record<string, unknown> | undefined {
  if (!location) return undefined;
  const place = [location.city, location.state, location.countryOrRegion].some(
    (part) => typeof part === 'string' && part.length > 0,
  );
  if (!place) return undefined;
  return {
    city: location.city,
    region: location.state,
    country: location.countryOrRegion,
    lat: location.geoCoordinates?.latitude,
    long: location.geoCoordinates?.longitude,
  };
}

/** OCSF `risk_level_id` (and OCSF severity) from a Graph risk level (`low`, `medium`, `high`). */
export function riskLevelOf(level: string | null | undefined): number | undefined {
  switch (level) {
    case 'low':
      return 1;
    case 'medium':
      return 2;
    case 'high':
      return 3;
    default:
      return undefined;
  }
}

/** OCSF `os.type_id` from a Graph operating system name (`Windows10`, `MacOs`, `Ios`). */
export function osTypeId(name: string): number {
  const lower = name.toLowerCase();
  if (lower.startsWith('windows')) return 100;
  if (lower.startsWith('android')) return 201;
  if (lower.startsWith('mac')) return 300;
  if (lower.startsWith('ios')) return 301;
  if (lower.startsWith('ipados')) return 302;
  if (lower.includes('linux') || lower.includes('ubuntu')) return 200;
  return 99;
}

/**
 * An authentication method as Entra names it (`Password`, `Mobile app notification`,
 * `PhoneAppNotification`, `Text message`, `FIDO2 security key`, …) as an OCSF factor; `undefined`
 * for "Previously satisfied" (no factor was used).
 */
export function factorOf(method: string): Record<string, unknown> | undefined {
  const lower = method.toLowerCase();
  const typed = (factor_type_id: number, factor_type?: string) => ({
    factor_type_id,
    factor_type,
    is_totp: factor_type_id === 7 ? true : undefined,
  });
  if (lower.includes('previously satisfied')) return undefined;
  if (lower.includes('password')) return typed(11);
  if (lower.includes('notification')) return typed(5);
  if (lower.includes('text message') || lower.includes('sms')) return typed(1);
  if (lower.includes('phone call') || lower.includes('voice')) return typed(3);
  if (lower.includes('fido') || lower.includes('passkey') || lower.includes('security key')) {
    return typed(10);
  }
  if (lower.includes('windows hello')) return typed(4);
  if (lower.includes('hardwareoath') || lower.includes('hardware')) return typed(6);
  if (lower.includes('oath') || lower.includes('otp') || lower.includes('verification code')) {
    return typed(7);
  }
  if (lower.includes('email')) return typed(8);
  return typed(99, method);
}
