/** Builds a Windows Event Log record as exported, for tests. */
export function windowsRecord(
  provider: string,
  eventId: number,
  data: Record<string, unknown>,
  system: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    Event: {
      '#attributes': { xmlns: 'http://schemas.microsoft.com/win/2004/08/events/event' },
      System: {
        Provider: { '#attributes': { Name: provider } },
        EventID: eventId,
        Level: 4,
        TimeCreated: { '#attributes': { SystemTime: '2026-01-02T03:04:05.678901Z' } },
        EventRecordID: 42,
        Execution: { '#attributes': { ProcessID: 1234, ThreadID: 5678 } },
        Channel: channels[provider] ?? 'Application',
        Computer: 'host-1.example.test',
        Security: { '#attributes': { UserID: 'S-1-5-18' } },
        ...system,
      },
      EventData: data,
    },
  };
}

const channels: Record<string, string> = {
  'Microsoft-Windows-Sysmon': 'Microsoft-Windows-Sysmon/Operational',
  'Microsoft-Windows-Security-Auditing': 'Security',
  'Microsoft-Windows-PowerShell': 'Microsoft-Windows-PowerShell/Operational',
  'Service Control Manager': 'System',
};
