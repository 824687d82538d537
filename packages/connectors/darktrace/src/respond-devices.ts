import { isRecord } from '@openmdr/connector-kit/normalize';
import type { DarktraceClient } from './client.js';

/** The path of Darktrace's device list (`GET /devices?ip=` / `?did=` answer one device). */
export const DARKTRACE_DEVICES_PATH = '/devices';

/** A device as the RESPOND actions need it. */
export interface RespondDevice {
  /** The Darktrace device id. */
  did: number;
  /** Its current IP address, when the appliance knows one. */
  ip?: string;
}

/** The device of a `/devices` answer: one object, or the first of a list or `{ devices }`. */
function firstDevice(data: unknown): RespondDevice | undefined {
  const list = Array.isArray(data)
    ? data
    : isRecord(data) && Array.isArray(data['devices'])
      ? data['devices']
      : [data];
  const device = list.find(isRecord);
  const did = Number(device?.['did']);
  if (!device || !Number.isSafeInteger(did) || did <= 0) return undefined;
  const ip = device['ip'];
  return { did, ...(typeof ip === 'string' && ip !== '' ? { ip } : {}) };
}

/**
 * Looks a device up by `did` or IP address with `GET /devices` (Darktrace answers one device
 * object for `?did=` and `?ip=`, and `{}` when it knows none). Undefined when no device matches.
 */
export async function findDevice(
  client: DarktraceClient,
  selector: { did?: number | string | undefined; ip?: string | undefined },
): Promise<RespondDevice | undefined> {
  const query =
    selector.did !== undefined ? { did: String(selector.did) } : { ip: selector.ip ?? '' };
  const response = await client.api.request<unknown>({ path: DARKTRACE_DEVICES_PATH, query });
  return firstDevice(response.data);
}
