import { OsTypeId } from '@openmdr/core';
import { compact, type OcsfPart } from './compact.js';

/** An OCSF 1.8.0 `os.type_id`: 0 Unknown, 99 Other, 100 Windows, … 402 HP-UX. */
export type OsTypeIdValue = keyof typeof OsTypeId;

/** Linux distributions whose names vendors give without the word "Linux". */
const LINUX_DISTRIBUTIONS =
  /^(ubuntu|debian|rhel|redhat|centos|fedora|suse|sles|opensuse|amazon|rocky|alma|kali|mint|gentoo|alpine|raspbian|coreos|flatcar)/;

/**
 * OCSF `os.type_id` of an operating-system or platform name as vendors write it, in any case
 * and spacing:
 *
 * - CrowdStrike `platform_name` (`Windows`, `Mac`, `Linux`, `Android`, `iOS`), Defender
 *   `osPlatform` (`Windows10`, `WindowsServer2022`, `macOS`, `Linux`, `Ubuntu`, …), SentinelOne
 *   `osType` (`windows`, `windows_legacy`, `macos`, `linux`), Okta user-agent OS (`Windows 10`,
 *   `Mac OS X`, `iOS`, `Android`, `Chrome OS`), Entra `operatingSystem` (`Windows10`, `MacOs`,
 *   `Ios 18.3`, `Android`, `Linux`, `ChromeOS`), and Node/Go platform names (`win32`,
 *   `darwin`, `linux`).
 * - `darwin`, `Mac OS X`, `OS X` are macOS (300); `iPhone OS` is iOS (301); `iPadOS` is 302;
 *   Windows Phone / Windows Mobile are 101; Linux distributions are Linux (200); Solaris /
 *   SunOS, AIX and HP-UX have their ids (400–402).
 * - ChromeOS is Other (99): OCSF types an operating system by platform, not by kernel (Android,
 *   a Linux kernel too, has its own 201), and ChromeOS is neither a Linux distribution nor any
 *   other type OCSF 1.8.0 names. {@link osPart} keeps the vendor's name in `os.type`.
 * - Nothing (`undefined`, `''`) and `Unknown` are Unknown (0); any other name is Other (99).
 */
export function osTypeId(name: string | undefined): OsTypeIdValue {
  const key = (name ?? '').toLowerCase().replaceAll(/[\s_-]/g, '');
  if (key === '' || key === 'unknown') return 0;
  if (key.startsWith('windowsmobile') || key.startsWith('windowsphone')) return 101;
  if (key.startsWith('win')) return 100;
  if (key.startsWith('ipados')) return 302;
  if (key.startsWith('ios') || key.startsWith('iphoneos')) return 301;
  if (key.startsWith('android')) return 201;
  if (key.startsWith('mac') || key.startsWith('osx') || key === 'darwin') return 300;
  if (key.startsWith('chrome') || key === 'cros') return 99;
  if (key.includes('solaris') || key.startsWith('sunos')) return 400;
  if (key.includes('linux') || LINUX_DISTRIBUTIONS.test(key)) return 200;
  if (key.startsWith('aix')) return 401;
  if (key.startsWith('hpux')) return 402;
  return 99;
}

/**
 * OCSF `os` from a name (`Windows 11`, `Sonoma (14)`) and a platform (`Windows`, `Mac`), typed
 * by {@link osTypeId} of the platform (else of the name), with the caption in `type` (for Other,
 * the vendor's own word, as OCSF asks). `undefined` when neither is known; `Unknown` counts as
 * not known.
 */
export function osPart(os: {
  name?: string | undefined;
  platform?: string | undefined;
  version?: string | undefined;
  build?: string | undefined;
  kernel?: string | undefined;
}): OcsfPart | undefined {
  const known = (value: string | undefined) =>
    value && value.trim().toLowerCase() !== 'unknown' ? value : undefined;
  const platform = known(os.platform);
  const name = known(os.name) ?? platform;
  if (!name) return undefined;
  const typeName = platform ?? name;
  const typeId = osTypeId(typeName);
  return compact({
    name,
    type_id: typeId,
    version: os.version,
    build: os.build,
    kernel_release: os.kernel,
    type: typeId === 99 ? typeName : OsTypeId[typeId],
  });
}
