import { describe, expect, it } from 'vitest';
import { findLogsourceMapping, mappedFields, mergeQueryMappings } from './mapping.js';
import { sigmaQueryMappingOverrideSchema } from './mapping-schema.js';
import type { SigmaQueryMapping } from './types.js';

const base: SigmaQueryMapping = {
  name: 'base',
  fields: { Image: 'process.executable', CommandLine: ['process.command_line', 'cmd'] },
  logsources: [
    { product: 'windows', source: 'logs-windows-*' },
    {
      product: 'windows',
      category: 'process_creation',
      source: 'logs-proc-*',
      fields: { Image: 'proc.path' },
    },
  ],
};

describe('query mappings', () => {
  it('picks the most specific logsource entry', () => {
    expect(
      findLogsourceMapping(base, { product: 'windows', category: 'process_creation' })?.source,
    ).toBe('logs-proc-*');
    expect(findLogsourceMapping(base, { product: 'windows', category: 'file_event' })?.source).toBe(
      'logs-windows-*',
    );
    expect(findLogsourceMapping(base, { product: 'linux' })).toBeUndefined();
  });

  it('renames per logsource, then globally, else keeps or fails', () => {
    const entry = findLogsourceMapping(base, { product: 'windows', category: 'process_creation' });
    expect(mappedFields(base, entry, 'Image')).toEqual(['proc.path']);
    expect(mappedFields(base, undefined, 'Image')).toEqual(['process.executable']);
    expect(mappedFields(base, undefined, 'CommandLine')).toEqual(['process.command_line', 'cmd']);
    expect(mappedFields(base, undefined, 'User')).toEqual(['User']);
    expect(mappedFields({ ...base, unmappedFields: 'fail' }, undefined, 'User')).toBeUndefined();
  });

  it('merges a tenant override over a base: fields per key, its logsources first', () => {
    const merged = mergeQueryMappings(base, {
      fields: { Image: 'tenant.image' },
      logsources: [{ product: 'windows', category: 'process_creation', source: 'tenant-proc' }],
      description: undefined,
    });
    expect(merged.name).toBe('base');
    expect(merged.fields['Image']).toBe('tenant.image');
    expect(merged.fields['CommandLine']).toEqual(['process.command_line', 'cmd']);
    expect(
      findLogsourceMapping(merged, { product: 'windows', category: 'process_creation' })?.source,
    ).toBe('tenant-proc');
  });

  it("lets a tenant's field override win over the base's per-logsource rename", () => {
    const merged = mergeQueryMappings(base, { fields: { Image: 'tenant.image' } });
    const entry = findLogsourceMapping(merged, {
      product: 'windows',
      category: 'process_creation',
    });
    expect(mappedFields(merged, entry, 'Image')).toEqual(['tenant.image']);
  });

  it('checks an override file and names the bad key', () => {
    const bad = sigmaQueryMappingOverrideSchema.safeParse({ fields: { Image: 3 } });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.path).toEqual(['fields', 'Image']);
    expect(sigmaQueryMappingOverrideSchema.safeParse({ feilds: {} }).success).toBe(false);
    expect(sigmaQueryMappingOverrideSchema.safeParse({ fields: { A: ['b', 'c'] } }).success).toBe(
      true,
    );
  });
});
