/**
 * Windows Event Log channels and event ids → Sigma logsources, after SigmaHQ's
 * `tests/thor.yml` logsource mapping (Detection Rule License 1.1, SigmaHQ).
 *
 * @module
 */
import type { SigmaLogsource } from '../field-access.js';

/** Channel (lowercase) → Sigma `service`. */
export const WINDOWS_CHANNEL_SERVICES: Readonly<Record<string, string>> = {
  application: 'application',
  security: 'security',
  system: 'system',
  'microsoft-windows-ntlm/operational': 'ntlm',
  'microsoft-windows-sysmon/operational': 'sysmon',
  'microsoft-windows-powershell/operational': 'powershell',
  'powershellcore/operational': 'powershell',
  'windows powershell': 'powershell-classic',
  'microsoft-windows-taskscheduler/operational': 'taskscheduler',
  'microsoft-windows-wmi-activity/operational': 'wmi',
  'microsoft-windows-dhcp-server/operational': 'dhcp',
  'microsoft-windows-printservice/admin': 'printservice-admin',
  'microsoft-windows-smbclient/security': 'smbclient-security',
  'microsoft-windows-smbclient/connectivity': 'smbclient-connectivity',
  'microsoft-windows-smbserver/connectivity': 'smbserver-connectivity',
  'microsoft-windows-printservice/operational': 'printservice-operational',
  'microsoft-windows-terminalservices-localsessionmanager/operational':
    'terminalservices-localsessionmanager',
  'microsoft-windows-codeintegrity/operational': 'codeintegrity-operational',
  'microsoft-windows-applocker/msi and script': 'applocker',
  'microsoft-windows-applocker/exe and dll': 'applocker',
  'microsoft-windows-applocker/packaged app-deployment': 'applocker',
  'microsoft-windows-applocker/packaged app-execution': 'applocker',
  'msexchange management': 'msexchange-management',
  'microsoft-windows-windows defender/operational': 'windefend',
  'microsoft-windows-windows firewall with advanced security/firewall': 'firewall-as',
  'microsoft-windows-bits-client/operational': 'bits-client',
  'microsoft-windows-security-mitigations/kernel mode': 'security-mitigations',
  'microsoft-windows-security-mitigations/user mode': 'security-mitigations',
  'microsoft-windows-diagnosis-scripted/operational': 'diagnosis-scripted',
  'microsoft-windows-shell-core/operational': 'shell-core',
  'openssh/operational': 'openssh',
  'microsoft-windows-ldap-client/debug': 'ldap',
  'microsoft-windows-bitlocker/bitlocker management': 'bitlocker',
  'microsoft-windows-vhdmp/operational': 'vhdmp',
  'microsoft-windows-appxdeploymentserver/operational': 'appxdeployment-server',
  'microsoft-windows-lsa/operational': 'lsa-server',
  'microsoft-windows-appxpackaging/operational': 'appxpackaging-om',
  'microsoft-windows-dns client events/operational': 'dns-client',
  'microsoft-windows-appmodel-runtime/admin': 'appmodel-runtime',
  'microsoft-windows-capi2/operational': 'capi2',
  'microsoft-windows-certificateservicesclient-lifecycle-system/operational':
    'certificateservicesclient-lifecycle-system',
  'microsoft-windows-kernel-shimengine/operational': 'kernel-shimengine',
  'microsoft-windows-kernel-shimengine/diagnostic': 'kernel-shimengine',
  'microsoft-windows-application-experience/program-telemetry': 'application-experience',
  'microsoft-windows-application-experience/program-compatibility-assistant':
    'application-experience',
  'microsoft-windows-ntfs/operational': 'ntfs',
  'microsoft-windows-hyper-v-worker': 'hyper-v-worker',
  'microsoft-windows-kernel-eventtracing': 'kernel-event-tracing',
  'microsoft-windows-sense/operational': 'sense',
  'microsoft-servicebus-client/admin': 'servicebus-client',
  'microsoft-servicebus-client/operational': 'servicebus-client',
  'microsoft-iis-configuration/operational': 'iis-configuration',
  'microsoft-windows-dns-server/analytical': 'dns-server-analytic',
  'dns server': 'dns-server',
};

/** Sysmon event id → categories. */
const SYSMON_CATEGORIES: Readonly<Record<number, readonly string[]>> = {
  1: ['process_creation'],
  2: ['file_change'],
  3: ['network_connection'],
  4: ['sysmon_status'],
  5: ['process_termination'],
  6: ['driver_load'],
  7: ['image_load'],
  8: ['create_remote_thread'],
  9: ['raw_access_thread'],
  10: ['process_access'],
  11: ['file_event'],
  12: ['registry_event', 'registry_add', 'registry_delete'],
  13: ['registry_event', 'registry_set'],
  14: ['registry_event', 'registry_rename'],
  15: ['create_stream_hash'],
  16: ['sysmon_status'],
  17: ['pipe_created'],
  18: ['pipe_created'],
  19: ['wmi_event'],
  20: ['wmi_event'],
  21: ['wmi_event'],
  22: ['dns_query'],
  23: ['file_delete'],
  24: ['clipboard_change'],
  25: ['process_tampering'],
  26: ['file_delete_detected'],
  27: ['file_block_executable'],
  28: ['file_block_shredding'],
  29: ['file_executable_detected'],
  255: ['sysmon_error'],
};

const SERVICE_CATEGORIES: Readonly<Record<string, Readonly<Record<number, readonly string[]>>>> = {
  sysmon: SYSMON_CATEGORIES,
  security: { 4688: ['process_creation'] },
  powershell: { 4103: ['ps_module'], 4104: ['ps_script'] },
  'powershell-classic': {
    400: ['ps_classic_start'],
    600: ['ps_classic_provider_start'],
    800: ['ps_classic_script'],
  },
  windefend: Object.fromEntries(
    [1006, 1007, 1008, 1009, 1010, 1011, 1012, 1017, 1018, 1019, 1115, 1116].map((id) => [
      id,
      ['antivirus'],
    ]),
  ),
};

/**
 * The logsources of a Windows event with channel `channel` and event id `eventId`
 * (`eventType` narrows Sysmon registry events: `CreateKey` → `registry_add`,
 * `DeleteKey`/`DeleteValue` → `registry_delete`). Unknown channels give a logsource with the
 * channel's lowercase name as `service`, so that only product-wide rules apply.
 */
export function windowsLogsources(
  channel: string | undefined,
  eventId: number | undefined,
  eventType?: string,
): SigmaLogsource[] {
  const key = (channel ?? '').toLowerCase();
  const service = WINDOWS_CHANNEL_SERVICES[key] ?? (key === '' ? undefined : key);
  const categories =
    service === undefined || eventId === undefined
      ? undefined
      : SERVICE_CATEGORIES[service]?.[eventId];
  if (categories === undefined) return [{ product: 'windows', service }];
  return categories
    .filter((category) => {
      if (eventType === undefined || eventId !== 12) return true;
      if (category === 'registry_add') return eventType === 'CreateKey';
      if (category === 'registry_delete')
        return eventType === 'DeleteKey' || eventType === 'DeleteValue';
      return true;
    })
    .map((category) => ({ product: 'windows', service, category }));
}

/**
 * Field aliases per logsource category: Sigma names that Windows events carry under another
 * name in some channels (Security 4688 `NewProcessName` for `Image`; Defender `ThreatName` for
 * `Signature`).
 */
export const WINDOWS_FIELD_ALIASES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  process_creation: { Image: 'NewProcessName', ParentImage: 'ParentProcessName' },
  antivirus: { Signature: 'ThreatName', Filename: 'Path' },
};
