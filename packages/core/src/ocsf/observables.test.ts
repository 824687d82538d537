import { describe, expect, it } from 'vitest';
import { deriveObservables } from './observables.js';
import { detectionFindingEvent, processActivityEvent } from './testing/realistic-events.js';
import { validateOcsfEvent } from './validate.js';

describe('deriveObservables', () => {
  it('derives observables from dictionary types and attribute observable ids', () => {
    const observables = deriveObservables(processActivityEvent);
    expect(observables).toEqual(
      expect.arrayContaining([
        {
          type_id: 1,
          type: 'Hostname',
          name: 'device.hostname',
          value: 'ws-0142.corp.example.com',
        },
        { type_id: 2, type: 'IP Address', name: 'device.ip', value: '10.20.30.42' },
        { type_id: 4, type: 'User Name', name: 'actor.user.name', value: 'alice' },
        { type_id: 9, type: 'Process Name', name: 'process.name', value: 'powershell.exe' },
        {
          type_id: 13,
          type: 'Command Line',
          name: 'process.cmd_line',
          value: processActivityEvent.process.cmd_line,
        },
        { type_id: 15, type: 'Process ID', name: 'process.pid', value: '7344' },
        {
          type_id: 8,
          type: 'Hash',
          name: 'process.file.hashes.value',
          value: processActivityEvent.process.file.hashes[0]!.value,
        },
      ]),
    );
    expect(observables.some((observable) => observable.name === 'process')).toBe(false);
  });

  it('lists object observables on request, without value', () => {
    const observables = deriveObservables(processActivityEvent, { includeObjects: true });
    expect(observables).toContainEqual({ type_id: 25, type: 'Process', name: 'process' });
    expect(observables).toContainEqual({ type_id: 20, type: 'Endpoint', name: 'device' });
  });

  it('walks arrays and skips the event’s own observables, listing each value once', () => {
    const observables = deriveObservables(detectionFindingEvent);
    expect(observables).toContainEqual({
      type_id: 9,
      type: 'Process Name',
      name: 'evidences.process.name',
      value: 'powershell.exe',
    });
    expect(observables.filter((observable) => observable.name === 'device.ip')).toHaveLength(1);
    expect(observables.some((observable) => observable.name.startsWith('observables'))).toBe(false);
  });

  it('produces observables that validate', () => {
    const event = { ...processActivityEvent, observables: deriveObservables(processActivityEvent) };
    expect(validateOcsfEvent(event).errors).toEqual([]);
  });

  it('returns nothing for non-events', () => {
    expect(deriveObservables(null)).toEqual([]);
    expect(deriveObservables({ class_uid: 42 })).toEqual([]);
  });
});
