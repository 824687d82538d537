import { type PanosClient, panosRequest } from './client.js';
import { unescapeXml, xmlElement } from './xml.js';

/** What `type=version` tells of a firewall or Panorama. */
export interface PanosVersionInfo {
  /** PAN-OS version (`10.2.4`). */
  swVersion?: string;
  /** Model (`PA-VM`, `Panorama`). */
  model?: string;
  /** Serial number. */
  serial?: string;
  /** Whether the firewall runs several virtual systems (`multi-vsys` `on`). */
  multiVsys?: boolean;
}

/**
 * Reads the version of the firewall or Panorama (`type=version`), the cheapest authenticated
 * XML API call: the connector's `check()`.
 */
export async function getPanosVersion(client: PanosClient): Promise<PanosVersionInfo> {
  const response = await panosRequest(client, 'version', { type: 'version' });
  const result = response.result ?? '';
  const field = (name: string) => {
    const value = xmlElement(result, name);
    return value === undefined ? undefined : unescapeXml(value.trim());
  };
  const multiVsys = field('multi-vsys');
  const info: PanosVersionInfo = {};
  const swVersion = field('sw-version');
  const model = field('model');
  const serial = field('serial');
  if (swVersion !== undefined) info.swVersion = swVersion;
  if (model !== undefined) info.model = model;
  if (serial !== undefined) info.serial = serial;
  if (multiVsys !== undefined) info.multiVsys = multiVsys === 'on';
  return info;
}
