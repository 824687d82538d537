import { numberAt, text, textAt } from '../graph/ocsf-fields.js';
import type { ImpactKind } from './assessment-types.js';
import type { EventView } from './event-view.js';

/**
 * One impact detector: a named predicate over an {@link EventView}. `match` returns a short
 * description of what it saw (`LSASS memory read by rundll32.exe`) or `undefined`.
 */
export interface ImpactRule {
  /** Stable name (`lsass-access`). */
  name: string;
  /** The kind of harm. */
  kind: ImpactKind;
  /** ATT&CK technique, when one fits. */
  technique: string | null;
  /** What the event shows, or `undefined` when the rule does not apply. */
  match(view: EventView): string | undefined;
}

/** Image names of processes that read LSASS as part of normal work. */
const LSASS_READERS_BENIGN = new Set([
  'lsass.exe',
  'csrss.exe',
  'wininit.exe',
  'msmpeng.exe',
  'mssense.exe',
  'svchost.exe',
  'services.exe',
  'vmtoolsd.exe',
  'lsm.exe',
]);

/** PROCESS_VM_READ. */
const VM_READ = 0x10;

function commandMatch(pattern: RegExp, what: string): (view: EventView) => string | undefined {
  return (view) =>
    view.commandLine !== '' && pattern.test(view.commandLine)
      ? `${what}: ${clip(view.commandLine)}`
      : undefined;
}

function clip(value: string): string {
  const flat = value.replace(/\s+/g, ' ').trim();
  return flat.length > 160 ? `${flat.slice(0, 157)}…` : flat;
}

/** Whether a cloud call succeeded (no failure status, no error code). */
function succeeded(view: EventView): boolean {
  return (
    numberAt(view.event, 'status_id') !== 2 &&
    textAt(view.event, 'api.response.error') === undefined
  );
}

function operationMatch(pattern: RegExp, what: string): (view: EventView) => string | undefined {
  return (view) =>
    view.operation !== '' && pattern.test(view.operation) && succeeded(view)
      ? `${what}: ${view.operation}${resourceSuffix(view)}`
      : undefined;
}

function resourceSuffix(view: EventView): string {
  const resource =
    textAt(view.event, 'resources.0.uid') ??
    textAt(view.event, 'api.request.data.bucketName') ??
    textAt(view.event, 'api.request.data.roleName') ??
    textAt(view.event, 'api.request.data.userName') ??
    textAt(view.event, 'api.request.data.groupId') ??
    textAt(view.event, 'api.request.data.name');
  return resource === undefined ? '' : ` on ${resource}`;
}

function isSysmon(view: EventView): boolean {
  return view.provider.includes('sysmon');
}

function isWindowsSecurity(view: EventView): boolean {
  return view.provider.includes('security-auditing') || view.provider.includes('security auditing');
}

/** Either of several predicates. */
function any(
  ...predicates: Array<(view: EventView) => string | undefined>
): (view: EventView) => string | undefined {
  return (view) => {
    for (const predicate of predicates) {
      const found = predicate(view);
      if (found !== undefined) return found;
    }
    return undefined;
  };
}

const SECURITY_SERVICES =
  'windefend|sense|mssense|sysmon\\w*|wdnissvc|wdboot|wdfilter|csagent|csfalconservice|sentinelagent|cbdefense|carbonblack|mcshield|savservice|ekrn|xagt|cylancesvc|eventlog|mpssvc';

/**
 * The impact detectors, in the order markers are reported. Each is a named predicate; add a
 * row to detect something new.
 */
export const IMPACT_RULES: readonly ImpactRule[] = [
  {
    name: 'lsass-access',
    kind: 'credential-access',
    technique: 'T1003.001',
    match: any(
      (view) => {
        if (view.classUid !== 1007 || view.targetImage !== 'lsass.exe') return undefined;
        if (view.activityId !== 3 && view.activityId !== 4) return undefined;
        if (LSASS_READERS_BENIGN.has(view.image)) return undefined;
        const access = numberAt(view.event, 'requested_permissions');
        if (access !== undefined && (access & VM_READ) === 0) return undefined;
        return `LSASS memory ${view.activityId === 4 ? 'injected into' : 'opened'} by ${view.image || 'an unknown process'}`;
      },
      (view) => {
        if (!isWindowsSecurity(view) || (view.eventCode !== '4656' && view.eventCode !== '4663')) {
          return undefined;
        }
        const object = textAt(view.event, 'unmapped.ObjectName') ?? '';
        if (!/\\lsass\.exe$/i.test(object)) return undefined;
        const by = textAt(view.event, 'unmapped.ProcessName') ?? 'an unknown process';
        return `LSASS handle requested by ${by}`;
      },
    ),
  },
  {
    name: 'credential-dump-tool',
    kind: 'credential-access',
    technique: 'T1003',
    match: any(
      commandMatch(
        /mimikatz|sekurlsa::|lsadump::|kerberos::(ptt|golden|list)|privilege::debug|procdump(64)?(\.exe)?\b.*(-ma\b|lsass)|comsvcs(\.dll)?[\s,#"']+.*minidump|minidumpwritedump|out-minidump|nanodump|pypykatz|lsassy|rdrleakdiag.*\/fullmemdmp|sqldumper(\.exe)?\s/,
        'credential dumping',
      ),
      (view) =>
        view.classUid === 1001 && /\\lsass[^\\]*\.dmp$/.test(view.filePath)
          ? `LSASS dump written: ${view.filePath}`
          : undefined,
    ),
  },
  {
    name: 'hive-save',
    kind: 'credential-access',
    technique: 'T1003.002',
    match: any(
      commandMatch(
        /reg(\.exe)?\s+(save|export)\s+"?hklm\\(sam|system|security)\b|ntdsutil.*\b(ifm|create full)\b|esentutl.*ntds|copy\s.*\\ntds\.dit|\\windows\\ntds\\ntds\.dit/,
        'credential store copied',
      ),
      (view) =>
        view.classUid === 1001 &&
        view.activityId === 1 &&
        /(\\ntds\.dit|\\(sam|system|security)(\.(save|hiv|bak|dmp))?)$/.test(view.filePath) &&
        !/\\system32\\config\\|\\windows\\ntds\\/.test(view.filePath)
          ? `credential store file written: ${view.filePath}`
          : undefined,
    ),
  },
  {
    name: 'dcsync',
    kind: 'credential-access',
    technique: 'T1003.006',
    match: (view) => {
      if (!isWindowsSecurity(view) || view.eventCode !== '4662') return undefined;
      const properties = (textAt(view.event, 'unmapped.Properties') ?? '').toLowerCase();
      if (
        !/1131f6aa-9c07-11d1-f79f-00c04fc2dcd2|1131f6ad-9c07-11d1-f79f-00c04fc2dcd2|89e95b76-444d-4c62-991a-0facbeda640c/.test(
          properties,
        )
      ) {
        return undefined;
      }
      const actor = textAt(view.event, 'actor.user.name') ?? '';
      return actor.endsWith('$')
        ? undefined
        : `directory replication requested by ${actor || 'an account'}`;
    },
  },
  {
    name: 'run-key',
    kind: 'persistence',
    technique: 'T1547.001',
    match: any(
      (view) =>
        view.registryPath !== '' &&
        !/get|read|delete|query/i.test(text(view.event.activity_name) ?? '') &&
        /\\currentversion\\(run|runonce|runservices|runonceex|policies\\explorer\\run)(\\|$)|\\winlogon\\(userinit|shell)$|image file execution options\\.+\\debugger$|\\currentversion\\windows\\(load|appinit_dlls)$/.test(
          view.registryPath,
        )
          ? `autostart registry value set: ${view.registryPath}`
          : undefined,
      commandMatch(/reg(\.exe)?\s+add\s.*\\currentversion\\run/, 'autostart registry value added'),
    ),
  },
  {
    name: 'service-created',
    kind: 'persistence',
    technique: 'T1543.003',
    match: any(
      (view) =>
        view.classUid === 201004 && view.activityId === 1
          ? `service installed: ${textAt(view.event, 'win_service.name') ?? '?'} (${clip(textAt(view.event, 'win_service.cmd_line') ?? '')})`
          : undefined,
      (view) =>
        isWindowsSecurity(view) && view.eventCode === '4697'
          ? `service installed: ${textAt(view.event, 'unmapped.ServiceName') ?? textAt(view.event, 'win_service.name') ?? '?'}`
          : undefined,
      commandMatch(/\bsc(\.exe)?\s+(\\\\\S+\s+)?create\s|new-service\s/, 'service created'),
      (view) =>
        view.registryPath.endsWith('\\imagepath') &&
        /\\currentcontrolset\\services\\[^\\]+\\imagepath$/.test(view.registryPath) &&
        !/get|read|delete|query/i.test(text(view.event.activity_name) ?? '')
          ? `service image path set: ${view.registryPath}`
          : undefined,
    ),
  },
  {
    name: 'scheduled-task',
    kind: 'persistence',
    technique: 'T1053.005',
    match: any(
      (view) =>
        view.classUid === 1006 && (view.activityId === 1 || view.activityId === 2)
          ? `scheduled task ${view.activityId === 1 ? 'created' : 'updated'}: ${textAt(view.event, 'job.name') ?? '?'}`
          : undefined,
      commandMatch(
        /schtasks(\.exe)?\s.*\/create|register-scheduledtask|\bat(\.exe)?\s+\d{1,2}:\d{2}/,
        'scheduled task created',
      ),
    ),
  },
  {
    name: 'wmi-subscription',
    kind: 'persistence',
    technique: 'T1546.003',
    match: any(
      (view) =>
        isSysmon(view) && ['19', '20', '21'].includes(view.eventCode)
          ? `WMI event subscription ${textAt(view.event, 'unmapped.Operation') ?? 'changed'}: ${textAt(view.event, 'unmapped.Name') ?? textAt(view.event, 'unmapped.Consumer') ?? '?'}`
          : undefined,
      commandMatch(
        /__eventfilter|commandlineeventconsumer|activescripteventconsumer|__filtertoconsumerbinding/,
        'WMI subscription created',
      ),
    ),
  },
  {
    name: 'account-created',
    kind: 'persistence',
    technique: 'T1136',
    match: any(
      (view) =>
        view.classUid === 3001 && view.activityId === 1 && succeeded(view)
          ? `account created: ${textAt(view.event, 'user.name') ?? textAt(view.event, 'api.request.data.userName') ?? '?'}`
          : undefined,
      commandMatch(/\bnet1?(\.exe)?\s+user\s+\S+\s+\S+.*\/add|new-localuser\s/, 'account created'),
    ),
  },
  {
    name: 'defender-tampering',
    kind: 'defense-evasion',
    technique: 'T1562.001',
    match: any(
      commandMatch(
        /set-mppreference.*-disable|add-mppreference.*-exclusion|disableantispyware|disablerealtimemonitoring|mpcmdrun(\.exe)?.*-removedefinitions|(sc|net1?)(\.exe)?\s+(stop|delete|config)\s+"?windefend/,
        'Microsoft Defender tampered with',
      ),
      (view) =>
        view.registryPath !== '' &&
        /\\windows defender\\.*(disable\w*|\\exclusions\\)/.test(view.registryPath)
          ? `Defender setting changed: ${view.registryPath}`
          : undefined,
      (view) =>
        view.provider.includes('windows defender') &&
        ['5001', '5010', '5012', '5013'].includes(view.eventCode)
          ? `Defender protection turned off (event ${view.eventCode})`
          : undefined,
    ),
  },
  {
    name: 'log-cleared',
    kind: 'defense-evasion',
    technique: 'T1070.001',
    match: any(
      (view) =>
        (view.classUid === 1008 && view.activityId === 1) ||
        (view.provider === 'microsoft-windows-eventlog' &&
          (view.eventCode === '1102' || view.eventCode === '104'))
          ? `event log cleared: ${textAt(view.event, 'log_name') ?? textAt(view.event, 'metadata.log_name') ?? '?'}`
          : undefined,
      commandMatch(
        /wevtutil(\.exe)?\s+(cl|clear-log)\b|clear-eventlog|remove-eventlog/,
        'event log cleared',
      ),
    ),
  },
  {
    name: 'security-tool-stopped',
    kind: 'defense-evasion',
    technique: 'T1562.001',
    match: any(
      commandMatch(
        new RegExp(
          `(\\bnet1?|\\bsc)(\\.exe)?\\s+(stop|delete|config)\\s+"?(${SECURITY_SERVICES})\\b|taskkill.*(msmpeng|mssense|sysmon|csfalcon|sentinel)|fltmc(\\.exe)?\\s+unload|sysmon(64)?(\\.exe)?\\s+-u\\b`,
        ),
        'security tool stopped',
      ),
    ),
  },
  {
    name: 'audit-policy-changed',
    kind: 'defense-evasion',
    technique: 'T1562.002',
    match: any(
      (view) =>
        isWindowsSecurity(view) && view.eventCode === '4719' ? 'audit policy changed' : undefined,
      commandMatch(
        /auditpol(\.exe)?\s.*\/(clear|remove)|auditpol(\.exe)?\s.*\/set.*disable/,
        'audit policy changed',
      ),
    ),
  },
  {
    name: 'cloud-logging-disabled',
    kind: 'defense-evasion',
    technique: 'T1562.008',
    match: operationMatch(
      /^(StopLogging|DeleteTrail|UpdateTrail|PutEventSelectors|DeleteFlowLogs|DeleteDetector|UpdateDetector|DisassociateFromMasterAccount|StopConfigurationRecorder|DeleteConfigurationRecorder|DeleteDeliveryChannel|DeleteLogGroup|DeleteLogStream|DeleteQueryLoggingConfig)$/,
      'cloud logging weakened',
    ),
  },
  {
    name: 'remote-service-execution',
    kind: 'lateral-movement',
    technique: 'T1569.002',
    match: any(
      (view) =>
        view.image === 'psexesvc.exe' || view.parentImage === 'psexesvc.exe'
          ? `PsExec service ran ${view.image}`
          : undefined,
      (view) =>
        view.parentImage === 'services.exe' &&
        /^(cmd|powershell|pwsh|rundll32|mshta|cscript|wscript)\.exe$/.test(view.image)
          ? `the service manager started ${view.image}: ${clip(view.commandLine)}`
          : undefined,
      (view) =>
        view.classUid === 201004 &&
        /psexesvc|paexec|remcom|csexec/i.test(textAt(view.event, 'win_service.name') ?? '')
          ? `remote execution service installed: ${textAt(view.event, 'win_service.name')}`
          : undefined,
      (view) =>
        view.classUid === 4006 &&
        /psexesvc|remcom|paexec|csexec/i.test(textAt(view.event, 'file.name') ?? '')
          ? `remote execution pipe opened: ${textAt(view.event, 'file.name')}`
          : undefined,
      commandMatch(
        /psexec(64)?(\.exe)?\s.*\\\\|paexec|remcom|\bsc(\.exe)?\s+\\\\\S+\s+(create|start|config)/,
        'remote service execution',
      ),
    ),
  },
  {
    name: 'wmi-remote-execution',
    kind: 'lateral-movement',
    technique: 'T1047',
    match: any(
      (view) =>
        view.parentImage === 'wmiprvse.exe' &&
        /^(cmd|powershell|pwsh|mshta|rundll32|regsvr32|cscript|wscript)\.exe$/.test(view.image)
          ? `WMI provider host started ${view.image}`
          : undefined,
      commandMatch(
        /wmic(\.exe)?\s.*\/node:.*process\s+call\s+create|invoke-wmimethod.*-computername|invoke-cimmethod.*-computername/,
        'remote WMI execution',
      ),
    ),
  },
  {
    name: 'winrm-remote-execution',
    kind: 'lateral-movement',
    technique: 'T1021.006',
    match: any(
      (view) =>
        view.parentImage === 'wsmprovhost.exe' ? `WinRM host started ${view.image}` : undefined,
      commandMatch(
        /winrs(\.exe)?\s.*-r(emote)?:|invoke-command.*-computername|enter-pssession/,
        'remote PowerShell/WinRM',
      ),
    ),
  },
  {
    name: 'admin-share-access',
    kind: 'lateral-movement',
    technique: 'T1021.002',
    match: (view) => {
      if (view.classUid !== 4006) return undefined;
      const share = (textAt(view.event, 'share') ?? '').toUpperCase();
      if (!/(^|\\)(ADMIN\$|[A-Z]\$)$/.test(share)) return undefined;
      const from = textAt(view.event, 'src_endpoint.ip');
      if (from === undefined || /^(127\.|::1$)/.test(from)) return undefined;
      return `administrative share ${share} opened from ${from}`;
    },
  },
  {
    name: 'archive-created',
    kind: 'data-staged',
    technique: 'T1560.001',
    match: any(
      commandMatch(
        /\b(7z|7za|7zr|7zg)(\.exe)?"?\s+a\b|\brar(\.exe)?"?\s+a\b|winrar(\.exe)?"?\s+a\b|compress-archive|\bzip(\.exe)?\s+-r|\btar(\.exe)?\s+-?[a-z]*c[a-z]*f|makecab(\.exe)?\s|diantz(\.exe)?\s/,
        'archive created',
      ),
      (view) =>
        view.classUid === 1001 &&
        view.activityId === 1 &&
        /\.(zip|7z|rar|cab|tar|tgz|gz)$/.test(view.filePath)
          ? `archive written: ${view.filePath}`
          : undefined,
    ),
  },
  {
    name: 'exfiltration-tool',
    kind: 'data-exfiltrated',
    technique: 'T1567',
    match: any(
      commandMatch(
        /rclone(\.exe)?\s+(copy|sync|move)|mega(cmd|-put)|curl(\.exe)?\s.*(-t\s|--upload-file|-f\s+"?\w+=@)|ftp(\.exe)?\s+-s:|pscp(\.exe)?\s|bitsadmin.*\/upload/,
        'data uploaded',
      ),
      operationMatch(
        /^(ModifySnapshotAttribute|ModifyDBSnapshotAttribute|ModifyDBClusterSnapshotAttribute|ModifyImageAttribute)$/,
        'snapshot shared',
      ),
    ),
  },
  {
    name: 'iam-change',
    kind: 'cloud-change',
    technique: 'T1098',
    match: operationMatch(
      /^((Create|Delete|Attach|Detach|Put|Update)(User|Role|Group)?Policy(Version)?|SetDefaultPolicyVersion|CreateAccessKey|UpdateAccessKey|CreateLoginProfile|UpdateLoginProfile|AddUserToGroup|CreateUser|CreateRole|UpdateAssumeRolePolicy|DeleteRole|DeleteUser|CreateTrustAnchor|CreateProfile|CreateServiceSpecificCredential|UploadSSHPublicKey|DeactivateMFADevice|DeleteVirtualMFADevice|GetFederationToken|CreateSAMLProvider|UpdateSAMLProvider|AddRoleToInstanceProfile)$/,
      'IAM changed',
    ),
  },
  {
    name: 'network-exposure',
    kind: 'cloud-change',
    technique: 'T1562.007',
    match: operationMatch(
      /^(AuthorizeSecurityGroup(Ingress|Egress)|CreateSecurityGroup|ModifySecurityGroupRules|RevokeSecurityGroup(Ingress|Egress)|CreateNetworkAclEntry|ReplaceNetworkAclEntry|DeleteNetworkAcl(Entry)?|CreateRoute|AuthorizeClientVpnIngress)$/,
      'network access changed',
    ),
  },
  {
    name: 'storage-exposure',
    kind: 'cloud-change',
    technique: 'T1530',
    match: operationMatch(
      /^(PutBucketPolicy|PutBucketAcl|DeleteBucketPolicy|DeletePublicAccessBlock|PutPublicAccessBlock|PutBucketPublicAccessBlock|PutObjectAcl|ModifySnapshotAttribute|ModifyDBSnapshotAttribute|ModifyImageAttribute|PutBucketReplication)$/,
      'storage access changed',
    ),
  },
  {
    name: 'compute-change',
    kind: 'cloud-change',
    technique: 'T1578',
    match: operationMatch(
      /^(RunInstances|CreateFunction(20\d\d\d\d\d\d)?|UpdateFunctionCode(20\d\d\d\d\d\d)?|UpdateFunctionConfiguration(20\d\d\d\d\d\d)?|PublishLayerVersion(20\d\d\d\d\d\d)?|AddPermission(20\d\d\d\d\d\d)?|ModifyInstanceAttribute|CreateSnapshot|CopySnapshot|StartSession|SendCommand|LeaveOrganization)$/,
      'cloud workload changed',
    ),
  },
  {
    name: 'key-deletion',
    kind: 'destruction',
    technique: 'T1485',
    match: operationMatch(
      /^(ScheduleKeyDeletion|DisableKey|DeleteBucket|DeleteDBInstance|DeleteDBCluster)$/,
      'cloud data destroyed',
    ),
  },
  {
    name: 'recovery-inhibited',
    kind: 'destruction',
    technique: 'T1490',
    match: commandMatch(
      /vssadmin(\.exe)?"?\s+(delete\s+shadows|resize\s+shadowstorage)|wmic(\.exe)?"?\s+shadowcopy\s+delete|win32_shadowcopy.*(delete|remove)|wbadmin(\.exe)?"?\s+delete\s+(catalog|systemstatebackup|backup)|bcdedit(\.exe)?"?.*(recoveryenabled\s+no|bootstatuspolicy\s+ignoreallfailures)|diskshadow.*delete\s+shadows/,
      'recovery inhibited',
    ),
  },
  {
    name: 'data-wiped',
    kind: 'destruction',
    technique: 'T1485',
    match: commandMatch(/cipher(\.exe)?\s+\/w:|sdelete(64)?(\.exe)?\s/, 'data wiped'),
  },
];
