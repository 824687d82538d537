import {
  type AttackInput,
  compact,
  macAddress,
  type OcsfPart,
  type RecordReader,
  type SeverityIdValue,
  tacticOf,
  validIp,
} from '@openmdr/connector-kit/normalize';

/** `metadata.product` of every Darktrace event. */
export const DARKTRACE_PRODUCT = {
  name: 'Darktrace DETECT',
  vendor_name: 'Darktrace',
} as const;

/**
 * OCSF `severity_id` of a Darktrace score on the 0–1 scale (a model breach's `score`; an AI
 * Analyst score of 0–100 divided by 100): ≥ 0.9 Critical (5), ≥ 0.7 High (4), ≥ 0.4 Medium (3),
 * ≥ 0.2 Low (2), below Informational (1); no score is Unknown (0). The bands follow the console's
 * colour bands for breach scores.
 */
export function darktraceSeverity(score: number | undefined): SeverityIdValue {
  if (score === undefined || Number.isNaN(score)) return 0;
  if (score >= 0.9) return 5;
  if (score >= 0.7) return 4;
  if (score >= 0.4) return 3;
  if (score >= 0.2) return 2;
  return 1;
}

const TECHNIQUE = /^T\d{4}(?:\.\d{3})?$/i;

/**
 * ATT&CK pairs from what Darktrace gives: technique ids among model tags (`T1071.001`),
 * `mitre.techniques` / `mitre.tactics` of newer model JSON, and tactic names (`command-and-control`).
 */
export function darktraceAttacks(
  tags: readonly string[],
  techniques: readonly string[],
  tactics: readonly string[],
): AttackInput[] {
  const out: AttackInput[] = [];
  for (const id of [...tags, ...techniques]) {
    if (TECHNIQUE.test(id.trim())) out.push({ techniqueUid: id.trim().toUpperCase() });
  }
  for (const name of [...tags, ...tactics]) {
    const tactic = tacticOf(name);
    if (tactic) out.push(tactic);
  }
  return out;
}

/**
 * An OCSF `device` from a Darktrace device (`did`, `ip`, `ips[]`, `macaddress` or `mac`,
 * `hostname`, `typelabel`/`typename`, `vendor`, `os`, `sid`); `undefined` when it names nothing.
 */
export function darktraceDevice(device: RecordReader | undefined): OcsfPart | undefined {
  if (!device) return undefined;
  const ip = validIp(device.string('ip')) ?? validIp(device.objects('ips')[0]?.string('ip'));
  const hostname = device.string('hostname');
  const mac = macAddress(device.string('macaddress') ?? device.string('mac'));
  const uid = device.value('did');
  const type = device.string('typelabel') ?? device.string('typename');
  const typeId = deviceTypeId(type);
  const part = compact({
    uid: uid === undefined ? undefined : String(uid),
    hostname,
    ip,
    mac,
    name: device.string('identifier') ?? hostname,
    vendor_name: device.string('vendor'),
    subnet_uid: device.value('sid') === undefined ? undefined : String(device.value('sid')),
    type: typeId === 99 ? type : undefined,
    type_id: typeId,
    os: device.string('os') ? { name: device.string('os'), type_id: 0 } : undefined,
  });
  return part.uid || part.hostname || part.ip || part.mac ? part : undefined;
}

/** OCSF device `type_id` of a Darktrace device type (`desktop`, `server`, `laptop`, …). */
function deviceTypeId(type: string | undefined): number {
  const word = type?.toLowerCase() ?? '';
  if (word.includes('server') || word.includes('domain controller')) return 1;
  if (word.includes('desktop') || word.includes('workstation')) return 2;
  if (word.includes('laptop')) return 3;
  if (word.includes('tablet')) return 4;
  if (word.includes('mobile') || word.includes('phone')) return 5;
  if (word.includes('firewall')) return 9;
  if (word.includes('switch')) return 10;
  if (word.includes('iot') || word.includes('camera') || word.includes('printer')) return 7;
  if (word.includes('router')) return 12;
  return type ? 99 : 0;
}
