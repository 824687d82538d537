import { type AttackInput, tacticOf } from '@openmdr/connector-kit/normalize';

/**
 * ATT&CK tactics of the threat purposes GuardDuty names at the head of a finding type
 * (`ThreatPurpose:ResourceTypeAffected/ThreatFamilyName.DetectionMechanism!Artifact`) that are
 * not ATT&CK tactic names themselves. `Behavior`, `Policy`, `PenTest`, `Canary` and
 * `AttackSequence` name no tactic.
 */
const PURPOSE_TACTICS: Readonly<Record<string, string>> = {
  backdoor: 'Command and Control',
  trojan: 'Command and Control',
  cryptocurrency: 'Impact',
  recon: 'Reconnaissance',
  stealth: 'Defense Evasion',
  unauthorizedaccess: 'Initial Access',
};

/** A finding type's technique, by a pattern of its family name; first match wins. */
interface TechniqueRule {
  readonly pattern: RegExp;
  readonly tactic: string;
  readonly techniqueUid: string;
  readonly techniqueName: string;
}

/**
 * Techniques of the finding families the GuardDuty finding-type reference describes plainly
 * enough to name one (brute force, Tor, crypto-mining, cloud logging disabled…). Matched against
 * the whole type; the tactic replaces the purpose's when the family says more (SSH brute force is
 * Credential Access, not Initial Access).
 */
const TECHNIQUE_RULES: readonly TechniqueRule[] = [
  {
    pattern: /BruteForce/i,
    tactic: 'Credential Access',
    techniqueUid: 'T1110',
    techniqueName: 'Brute Force',
  },
  {
    pattern: /^CryptoCurrency:|CryptoMiner|BitcoinTool/i,
    tactic: 'Impact',
    techniqueUid: 'T1496',
    techniqueName: 'Resource Hijacking',
  },
  {
    pattern: /Tor(Client|Relay|IPCaller)|TorAccess/i,
    tactic: 'Command and Control',
    techniqueUid: 'T1090.003',
    techniqueName: 'Multi-hop Proxy',
  },
  {
    pattern: /CloudTrailLoggingDisabled|S3ServerAccessLoggingDisabled/i,
    tactic: 'Defense Evasion',
    techniqueUid: 'T1562.008',
    techniqueName: 'Disable or Modify Cloud Logs',
  },
  {
    pattern: /InstanceCredentialExfiltration|MetadataDNSRebind|InstanceMetadata/i,
    tactic: 'Credential Access',
    techniqueUid: 'T1552.005',
    techniqueName: 'Cloud Instance Metadata API',
  },
  {
    pattern: /DNSDataExfiltration/i,
    tactic: 'Exfiltration',
    techniqueUid: 'T1048',
    techniqueName: 'Exfiltration Over Alternative Protocol',
  },
  {
    pattern: /C&CActivity|DropPoint/i,
    tactic: 'Command and Control',
    techniqueUid: 'T1071',
    techniqueName: 'Application Layer Protocol',
  },
  {
    pattern: /DenialOfService/i,
    tactic: 'Impact',
    techniqueUid: 'T1498',
    techniqueName: 'Network Denial of Service',
  },
  {
    pattern: /PortProbe|PortScan/i,
    tactic: 'Reconnaissance',
    techniqueUid: 'T1595',
    techniqueName: 'Active Scanning',
  },
  {
    pattern: /ReverseShell/i,
    tactic: 'Execution',
    techniqueUid: 'T1059',
    techniqueName: 'Command and Scripting Interpreter',
  },
  {
    pattern: /ExecInKubeSystemPod/i,
    tactic: 'Execution',
    techniqueUid: 'T1609',
    techniqueName: 'Container Administration Command',
  },
  {
    pattern: /ContainerWithSensitiveMount|PrivilegedContainer/i,
    tactic: 'Privilege Escalation',
    techniqueUid: 'T1611',
    techniqueName: 'Escape to Host',
  },
  {
    pattern: /PasswordPolicyChange/i,
    tactic: 'Defense Evasion',
    techniqueUid: 'T1556',
    techniqueName: 'Modify Authentication Process',
  },
  {
    pattern: /^Exfiltration:S3\//i,
    tactic: 'Exfiltration',
    techniqueUid: 'T1530',
    techniqueName: 'Data from Cloud Storage',
  },
];

/** The threat purpose of a finding type: `UnauthorizedAccess` of `UnauthorizedAccess:EC2/…`. */
export function threatPurposeOf(type: string | undefined): string | undefined {
  const purpose = type?.split(':')[0]?.trim();
  return purpose && purpose !== type ? purpose : undefined;
}

/**
 * The ATT&CK tactic and technique a finding type says, from its threat purpose and, for the
 * families listed above, its family name; none for purposes that name no tactic (`Policy`,
 * `Behavior`, `PenTest`…).
 */
export function findingTypeAttacks(type: string | undefined): AttackInput[] {
  if (!type) return [];
  const rule = TECHNIQUE_RULES.find((candidate) => candidate.pattern.test(type));
  if (rule) {
    return [
      {
        ...tacticOf(rule.tactic),
        techniqueUid: rule.techniqueUid,
        techniqueName: rule.techniqueName,
      },
    ];
  }
  const purpose = threatPurposeOf(type);
  if (!purpose) return [];
  const tactic = tacticOf(PURPOSE_TACTICS[purpose.toLowerCase()] ?? purpose);
  return tactic ? [tactic] : [];
}
