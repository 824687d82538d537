/**
 * Where Windows events of each Sigma logsource come from: the Event Log channels of each
 * `service`, and the channel and event ids of each `category`. After SigmaHQ's `thor.yml`
 * logsource mapping (Detection Rule License 1.1, SigmaHQ) and the detections' Windows routing
 * (`inputs/windows-logsources.ts`), which agree; the query mappings (Splunk, Sentinel) are
 * built from this table so that they agree too.
 *
 * @module
 */

/** Sigma Windows `service` → its Event Log channel names, as Windows spells them. */
export const WINDOWS_SERVICE_CHANNELS: Readonly<Record<string, readonly string[]>> = {
  application: ['Application'],
  security: ['Security'],
  system: ['System'],
  ntlm: ['Microsoft-Windows-NTLM/Operational'],
  sysmon: ['Microsoft-Windows-Sysmon/Operational'],
  powershell: ['Microsoft-Windows-PowerShell/Operational', 'PowerShellCore/Operational'],
  'powershell-classic': ['Windows PowerShell'],
  taskscheduler: ['Microsoft-Windows-TaskScheduler/Operational'],
  wmi: ['Microsoft-Windows-WMI-Activity/Operational'],
  dhcp: ['Microsoft-Windows-DHCP-Server/Operational'],
  'printservice-admin': ['Microsoft-Windows-PrintService/Admin'],
  'smbclient-security': ['Microsoft-Windows-SmbClient/Security'],
  'smbclient-connectivity': ['Microsoft-Windows-SmbClient/Connectivity'],
  'smbserver-connectivity': ['Microsoft-Windows-SMBServer/Connectivity'],
  'printservice-operational': ['Microsoft-Windows-PrintService/Operational'],
  'terminalservices-localsessionmanager': [
    'Microsoft-Windows-TerminalServices-LocalSessionManager/Operational',
  ],
  'codeintegrity-operational': ['Microsoft-Windows-CodeIntegrity/Operational'],
  applocker: [
    'Microsoft-Windows-AppLocker/MSI and Script',
    'Microsoft-Windows-AppLocker/EXE and DLL',
    'Microsoft-Windows-AppLocker/Packaged app-Deployment',
    'Microsoft-Windows-AppLocker/Packaged app-Execution',
  ],
  'msexchange-management': ['MSExchange Management'],
  windefend: ['Microsoft-Windows-Windows Defender/Operational'],
  'firewall-as': ['Microsoft-Windows-Windows Firewall With Advanced Security/Firewall'],
  'bits-client': ['Microsoft-Windows-Bits-Client/Operational'],
  'security-mitigations': [
    'Microsoft-Windows-Security-Mitigations/Kernel Mode',
    'Microsoft-Windows-Security-Mitigations/User Mode',
  ],
  'diagnosis-scripted': ['Microsoft-Windows-Diagnosis-Scripted/Operational'],
  'shell-core': ['Microsoft-Windows-Shell-Core/Operational'],
  openssh: ['OpenSSH/Operational'],
  ldap: ['Microsoft-Windows-LDAP-Client/Debug'],
  bitlocker: ['Microsoft-Windows-BitLocker/BitLocker Management'],
  vhdmp: ['Microsoft-Windows-VHDMP/Operational'],
  'appxdeployment-server': ['Microsoft-Windows-AppXDeploymentServer/Operational'],
  'lsa-server': ['Microsoft-Windows-LSA/Operational'],
  'appxpackaging-om': ['Microsoft-Windows-AppxPackaging/Operational'],
  'dns-client': ['Microsoft-Windows-DNS Client Events/Operational'],
  'appmodel-runtime': ['Microsoft-Windows-AppModel-Runtime/Admin'],
  capi2: ['Microsoft-Windows-CAPI2/Operational'],
  'certificateservicesclient-lifecycle-system': [
    'Microsoft-Windows-CertificateServicesClient-Lifecycle-System/Operational',
  ],
  'kernel-shimengine': [
    'Microsoft-Windows-Kernel-ShimEngine/Operational',
    'Microsoft-Windows-Kernel-ShimEngine/Diagnostic',
  ],
  'application-experience': [
    'Microsoft-Windows-Application-Experience/Program-Telemetry',
    'Microsoft-Windows-Application-Experience/Program-Compatibility-Assistant',
  ],
  ntfs: ['Microsoft-Windows-Ntfs/Operational'],
  'hyper-v-worker': ['Microsoft-Windows-Hyper-V-Worker'],
  'kernel-event-tracing': ['Microsoft-Windows-Kernel-EventTracing'],
  sense: ['Microsoft-Windows-SENSE/Operational'],
  'servicebus-client': [
    'Microsoft-ServiceBus-Client/Admin',
    'Microsoft-ServiceBus-Client/Operational',
  ],
  'iis-configuration': ['Microsoft-IIS-Configuration/Operational'],
  'microsoft-servicebus-client': [
    'Microsoft-ServiceBus-Client/Admin',
    'Microsoft-ServiceBus-Client/Operational',
  ],
  'dns-server': ['DNS Server'],
  'dns-server-analytic': ['Microsoft-Windows-DNS-Server/Analytical'],
  'driver-framework': ['Microsoft-Windows-DriverFrameworks-UserMode/Operational'],
};

/** One way the events of a Windows `category` are logged. */
export interface WindowsCategorySource {
  /** The service (channel) that logs them. */
  readonly service: string;
  /** The event ids (any of them). */
  readonly eventIds: readonly number[];
  /** Sysmon registry events: the `EventType` values (any of them), when narrowed. */
  readonly eventTypes?: readonly string[];
  /** Sigma field → the name this channel gives it. */
  readonly fields?: Readonly<Record<string, string>>;
}

/** Sigma Windows `category` → the channels and event ids that log it (first: Sysmon). */
export const WINDOWS_CATEGORY_SOURCES: Readonly<Record<string, readonly WindowsCategorySource[]>> =
  {
    process_creation: [
      { service: 'sysmon', eventIds: [1] },
      {
        service: 'security',
        eventIds: [4688],
        fields: { Image: 'NewProcessName', ParentImage: 'ParentProcessName' },
      },
    ],
    file_change: [{ service: 'sysmon', eventIds: [2] }],
    network_connection: [{ service: 'sysmon', eventIds: [3] }],
    sysmon_status: [{ service: 'sysmon', eventIds: [4, 16] }],
    process_termination: [{ service: 'sysmon', eventIds: [5] }],
    driver_load: [{ service: 'sysmon', eventIds: [6] }],
    image_load: [{ service: 'sysmon', eventIds: [7] }],
    create_remote_thread: [{ service: 'sysmon', eventIds: [8] }],
    raw_access_thread: [{ service: 'sysmon', eventIds: [9] }],
    process_access: [{ service: 'sysmon', eventIds: [10] }],
    file_event: [{ service: 'sysmon', eventIds: [11] }],
    registry_event: [{ service: 'sysmon', eventIds: [12, 13, 14] }],
    registry_add: [{ service: 'sysmon', eventIds: [12], eventTypes: ['CreateKey'] }],
    registry_delete: [
      { service: 'sysmon', eventIds: [12], eventTypes: ['DeleteKey', 'DeleteValue'] },
    ],
    registry_set: [{ service: 'sysmon', eventIds: [13] }],
    registry_rename: [{ service: 'sysmon', eventIds: [14] }],
    create_stream_hash: [{ service: 'sysmon', eventIds: [15] }],
    pipe_created: [{ service: 'sysmon', eventIds: [17, 18] }],
    wmi_event: [{ service: 'sysmon', eventIds: [19, 20, 21] }],
    dns_query: [{ service: 'sysmon', eventIds: [22] }],
    file_delete: [{ service: 'sysmon', eventIds: [23] }],
    clipboard_change: [{ service: 'sysmon', eventIds: [24] }],
    process_tampering: [{ service: 'sysmon', eventIds: [25] }],
    file_delete_detected: [{ service: 'sysmon', eventIds: [26] }],
    file_block_executable: [{ service: 'sysmon', eventIds: [27] }],
    file_block_shredding: [{ service: 'sysmon', eventIds: [28] }],
    file_executable_detected: [{ service: 'sysmon', eventIds: [29] }],
    sysmon_error: [{ service: 'sysmon', eventIds: [255] }],
    ps_module: [{ service: 'powershell', eventIds: [4103] }],
    ps_script: [{ service: 'powershell', eventIds: [4104] }],
    ps_classic_start: [{ service: 'powershell-classic', eventIds: [400] }],
    ps_classic_provider_start: [{ service: 'powershell-classic', eventIds: [600] }],
    ps_classic_script: [{ service: 'powershell-classic', eventIds: [800] }],
    antivirus: [
      {
        service: 'windefend',
        eventIds: [1006, 1007, 1008, 1009, 1010, 1011, 1012, 1017, 1018, 1019, 1115, 1116],
        fields: { Signature: 'ThreatName', Filename: 'Path' },
      },
    ],
  };
