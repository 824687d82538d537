import { describe, expect, it } from 'vitest';
import { WINDOWS_CHANNEL_SERVICES } from '../../inputs/windows-logsources.js';
import { findLogsourceMapping, mappedFields } from '../mapping.js';
import { ECS_WINDOWS_MAPPING, WINDOWS_CHANNEL_NAMES } from './ecs-windows.js';

const entry = (logsource: { category?: string | undefined; service?: string | undefined }) =>
  findLogsourceMapping(ECS_WINDOWS_MAPPING, { product: 'windows', ...logsource });

describe('ECS_WINDOWS_MAPPING', () => {
  it('routes categories to the data streams and event codes of the Windows routing', () => {
    expect(entry({ category: 'process_creation' })).toMatchObject({
      source: 'logs-windows.sysmon_operational-*,logs-system.security-*',
      conditions: { 'event.code': ['1', '4688'] },
    });
    expect(entry({ category: 'registry_set' })).toMatchObject({
      source: 'logs-windows.sysmon_operational-*',
      conditions: { 'event.code': '13' },
    });
    expect(entry({ category: 'registry_event' })?.conditions).toEqual({
      'event.code': ['12', '13', '14'],
    });
    expect(entry({ category: 'ps_script' })).toMatchObject({
      source: 'logs-windows.powershell_operational-*',
      conditions: { 'event.code': '4104' },
    });
    expect(entry({ category: 'ps_classic_start' })).toMatchObject({
      source: 'logs-windows.powershell-*',
      conditions: { 'event.code': '400' },
    });
    expect(entry({ category: 'antivirus' })).toMatchObject({
      source: 'logs-*',
      conditions: {
        'winlog.channel': ['Microsoft-Windows-Windows Defender/Operational'],
      },
    });
  });

  it('routes services to their integration data stream or to logs-* by channel', () => {
    expect(entry({ service: 'security' })).toEqual({
      product: 'windows',
      service: 'security',
      source: 'logs-system.security-*',
    });
    expect(entry({ service: 'applocker' })?.conditions).toEqual({
      'winlog.channel': [
        'Microsoft-Windows-AppLocker/MSI and Script',
        'Microsoft-Windows-AppLocker/EXE and DLL',
        'Microsoft-Windows-AppLocker/Packaged app-Deployment',
        'Microsoft-Windows-AppLocker/Packaged app-Execution',
      ],
    });
    expect(entry({ category: 'file_access' })).toMatchObject({
      source: 'logs-*',
      conditions: { 'host.os.type': 'windows' },
    });
  });

  it('spells every channel of the routing, each once', () => {
    expect(WINDOWS_CHANNEL_NAMES.map((name) => name.toLowerCase()).sort()).toEqual(
      Object.keys(WINDOWS_CHANNEL_SERVICES).sort(),
    );
  });

  it('maps fields to ECS, per category where the name means another thing, else winlog.event_data', () => {
    const fields = (field: string, category?: string) =>
      mappedFields(ECS_WINDOWS_MAPPING, entry({ category }), field);
    expect(fields('CommandLine')).toEqual(['process.command_line']);
    expect(fields('ParentImage')).toEqual(['process.parent.executable']);
    expect(fields('User')).toEqual(['user.name']);
    expect(fields('EventID')).toEqual(['event.code']);
    expect(fields('ImageLoaded', 'image_load')).toEqual(['file.path']);
    expect(fields('OriginalFileName', 'image_load')).toEqual(['file.pe.original_file_name']);
    expect(fields('OriginalFileName', 'process_creation')).toEqual([
      'process.pe.original_file_name',
    ]);
    expect(fields('SourceImage', 'process_access')).toEqual(['process.executable']);
    expect(fields('TargetImage', 'process_access')).toEqual(['winlog.event_data.TargetImage']);
    expect(fields('SubjectUserName')).toEqual(['winlog.event_data.SubjectUserName']);
    expect(fields('NotAWindowsField')).toEqual(['NotAWindowsField']);
  });
});
