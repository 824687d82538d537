/** The OCSF 1.8.0 event classes the Windows normaliser emits, with their activity captions. */
export interface OcsfClassInfo {
  readonly uid: number;
  readonly name: string;
  readonly categoryUid: number;
  readonly categoryName: string;
  readonly activities: Readonly<Record<number, string>>;
}

const system = { categoryUid: 1, categoryName: 'System Activity' } as const;
const iam = { categoryUid: 3, categoryName: 'Identity & Access Management' } as const;
const network = { categoryUid: 4, categoryName: 'Network Activity' } as const;

/** OCSF class descriptors by key (OCSF 1.8.0, Apache-2.0). */
export const OCSF_CLASSES = {
  baseEvent: {
    uid: 0,
    name: 'Base Event',
    categoryUid: 0,
    categoryName: 'Uncategorized',
    activities: { 0: 'Unknown', 99: 'Other' },
  },
  fileSystemActivity: {
    uid: 1001,
    name: 'File System Activity',
    ...system,
    activities: {
      0: 'Unknown',
      1: 'Create',
      2: 'Read',
      3: 'Update',
      4: 'Delete',
      5: 'Rename',
      6: 'Set Attributes',
      7: 'Set Security',
      8: 'Get Attributes',
      9: 'Get Security',
      10: 'Encrypt',
      11: 'Decrypt',
      12: 'Mount',
      13: 'Unmount',
      14: 'Open',
      99: 'Other',
    },
  },
  kernelExtensionActivity: {
    uid: 1002,
    name: 'Kernel Extension Activity',
    ...system,
    activities: { 0: 'Unknown', 1: 'Load', 2: 'Unload', 99: 'Other' },
  },
  moduleActivity: {
    uid: 1005,
    name: 'Module Activity',
    ...system,
    activities: { 0: 'Unknown', 1: 'Load', 2: 'Unload', 3: 'Invoke', 99: 'Other' },
  },
  scheduledJobActivity: {
    uid: 1006,
    name: 'Scheduled Job Activity',
    ...system,
    activities: {
      0: 'Unknown',
      1: 'Create',
      2: 'Update',
      3: 'Delete',
      4: 'Enable',
      5: 'Disable',
      6: 'Start',
      99: 'Other',
    },
  },
  processActivity: {
    uid: 1007,
    name: 'Process Activity',
    ...system,
    activities: {
      0: 'Unknown',
      1: 'Launch',
      2: 'Terminate',
      3: 'Open',
      4: 'Inject',
      5: 'Set User ID',
      99: 'Other',
    },
  },
  eventLogActivity: {
    uid: 1008,
    name: 'Event Log Activity',
    ...system,
    activities: {
      0: 'Unknown',
      1: 'Clear',
      2: 'Delete',
      3: 'Export',
      4: 'Archive',
      5: 'Rotate',
      6: 'Start',
      7: 'Stop',
      8: 'Restart',
      9: 'Enable',
      10: 'Disable',
      99: 'Other',
    },
  },
  scriptActivity: {
    uid: 1009,
    name: 'Script Activity',
    ...system,
    activities: { 0: 'Unknown', 1: 'Execute', 99: 'Other' },
  },
  registryKeyActivity: {
    uid: 201001,
    name: 'Registry Key Activity',
    ...system,
    activities: {
      0: 'Unknown',
      1: 'Create',
      2: 'Read',
      3: 'Modify',
      4: 'Delete',
      5: 'Rename',
      6: 'Set Security',
      7: 'Restore',
      8: 'Import',
      9: 'Export',
      99: 'Other',
    },
  },
  registryValueActivity: {
    uid: 201002,
    name: 'Registry Value Activity',
    ...system,
    activities: { 0: 'Unknown', 1: 'Get', 2: 'Set', 3: 'Modify', 4: 'Delete', 99: 'Other' },
  },
  windowsServiceActivity: {
    uid: 201004,
    name: 'Windows Service Activity',
    ...system,
    activities: {
      0: 'Unknown',
      1: 'Create',
      2: 'Reconfigure',
      3: 'Start',
      4: 'Stop',
      5: 'Pause',
      6: 'Continue',
      7: 'Delete',
      99: 'Other',
    },
  },
  accountChange: {
    uid: 3001,
    name: 'Account Change',
    ...iam,
    activities: {
      0: 'Unknown',
      1: 'Create',
      2: 'Enable',
      3: 'Password Change',
      4: 'Password Reset',
      5: 'Disable',
      6: 'Delete',
      7: 'Attach Policy',
      8: 'Detach Policy',
      9: 'Lock',
      10: 'MFA Factor Enable',
      11: 'MFA Factor Disable',
      12: 'Unlock',
      99: 'Other',
    },
  },
  authentication: {
    uid: 3002,
    name: 'Authentication',
    ...iam,
    activities: {
      0: 'Unknown',
      1: 'Logon',
      2: 'Logoff',
      3: 'Authentication Ticket',
      4: 'Service Ticket Request',
      5: 'Service Ticket Renew',
      6: 'Preauth',
      7: 'Account Switch',
      99: 'Other',
    },
  },
  authorizeSession: {
    uid: 3003,
    name: 'Authorize Session',
    ...iam,
    activities: { 0: 'Unknown', 1: 'Assign Privileges', 2: 'Assign Groups', 99: 'Other' },
  },
  networkActivity: {
    uid: 4001,
    name: 'Network Activity',
    ...network,
    activities: {
      0: 'Unknown',
      1: 'Open',
      2: 'Close',
      3: 'Reset',
      4: 'Fail',
      5: 'Refuse',
      6: 'Traffic',
      7: 'Listen',
      99: 'Other',
    },
  },
  dnsActivity: {
    uid: 4003,
    name: 'DNS Activity',
    ...network,
    activities: { 0: 'Unknown', 1: 'Query', 2: 'Response', 6: 'Traffic', 99: 'Other' },
  },
} as const satisfies Record<string, OcsfClassInfo>;

/** The key of a class in {@link OCSF_CLASSES}. */
export type OcsfClassKey = keyof typeof OCSF_CLASSES;
