import { defineRule, type NativeRule } from './define-rule.js';

/** The OCSF fields the built-in native rules read. */
export interface OcsfView {
  class_uid?: number;
  activity_id?: number;
  status_id?: number;
  device?: { hostname?: string };
  user?: { name?: string; domain?: string };
  src_endpoint?: { ip?: string };
  logon_type_id?: number;
  process?: {
    cmd_line?: string;
    file?: { path?: string };
    parent_process?: { file?: { path?: string } };
  };
  actor?: { user?: { name?: string } };
}

/** Many failed logons from one source address: brute force or password spraying (OCSF Authentication). */
export const bruteForceLogonRule: NativeRule<OcsfView> = defineRule<OcsfView>({
  id: 'openmdr-native-brute-force-logon',
  title: (event) => `Repeated failed logons from ${event.src_endpoint?.ip ?? 'an unknown address'}`,
  severity: 'medium',
  description: 'Ten or more failed logons from the same source address within ten minutes.',
  author: 'OpenMDR',
  tags: ['attack.credential-access', 'attack.t1110'],
  classUid: 3002,
  match: (event) => event.activity_id === 1 && event.status_id === 2,
  dedupKey: (event) => event.src_endpoint?.ip ?? event.device?.hostname ?? 'unknown',
  threshold: { count: 10, windowMs: 600_000 },
  dedupWindowMs: 3_600_000,
  context: (event) => ({ source_ip: event.src_endpoint?.ip, target_user: event.user?.name }),
});

/** PowerShell started with an encoded command (OCSF Process Activity: Launch). */
export const encodedPowerShellRule: NativeRule<OcsfView> = defineRule<OcsfView>({
  id: 'openmdr-native-encoded-powershell',
  title: (event) => `Encoded PowerShell command on ${event.device?.hostname ?? 'a host'}`,
  severity: 'high',
  description: 'powershell.exe or pwsh.exe launched with -EncodedCommand (or an abbreviation).',
  author: 'OpenMDR',
  tags: ['attack.execution', 'attack.t1059.001', 'attack.defense-evasion', 'attack.t1027'],
  classUid: 1007,
  match: (event) => {
    if (event.activity_id !== 1) return false;
    const path = event.process?.file?.path?.toLowerCase() ?? '';
    if (!path.endsWith('\\powershell.exe') && !path.endsWith('\\pwsh.exe')) return false;
    return /\s[-/]e(c|nc|nco|ncod|ncode|ncoded|ncodedc|ncodedco|ncodedcom|ncodedcomm|ncodedcomma|ncodedcomman|ncodedcommand)?\s/i.test(
      ` ${event.process?.cmd_line ?? ''} `,
    );
  },
  dedupKey: (event) => `${event.device?.hostname ?? ''}|${event.process?.cmd_line ?? ''}`,
  context: (event) => ({
    command_line: event.process?.cmd_line,
    parent: event.process?.parent_process?.file?.path,
  }),
});

/** The native rules OpenMDR ships. */
export const BUILTIN_NATIVE_RULES: readonly NativeRule<OcsfView>[] = [
  bruteForceLogonRule,
  encodedPowerShellRule,
];
