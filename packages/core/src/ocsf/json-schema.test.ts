import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { ocsfSchema180 } from './generated/metadata.js';
import { OcsfValidationError } from './issues.js';
import { ocsfJsonSchema } from './json-schema.js';
import { minimalEvent } from './testing/minimal-instance.js';
import {
  authenticationEvent,
  detectionFindingEvent,
  processActivityEvent,
} from './testing/realistic-events.js';
import { validateOcsfEvent } from './validate.js';

function compile(className: string | number, profiles: string[] = []) {
  const ajv = new Ajv2020({ allErrors: false, strict: false });
  return ajv.compile(ocsfJsonSchema(className, { profiles }));
}

describe('ocsfJsonSchema', () => {
  it('is a draft 2020-12 schema with class constants and shared $defs', () => {
    const schema = ocsfJsonSchema('process_activity');
    expect(schema['$schema']).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema).toMatchObject({
      type: 'object',
      additionalProperties: false,
      properties: { class_uid: { const: 1007 }, category_uid: { const: 1 } },
    });
    expect(schema['required']).toEqual(expect.arrayContaining(['activity_id', 'process', 'time']));
    expect(Object.keys(schema['$defs'] as object)).toEqual(
      expect.arrayContaining(['process', 'file', 'device', 'metadata']),
    );
    expect(ocsfJsonSchema(1007)).toEqual(schema);
    expect(() => ocsfJsonSchema('no_such_class')).toThrow(OcsfValidationError);
  });

  it('accepts the minimal valid event of every class (checked with ajv)', () => {
    // one document holding every class schema, so that shared objects compile once
    const definitions: Record<string, unknown> = {};
    for (const name of Object.keys(ocsfSchema180.classes)) {
      const { $defs, $schema, ...root } = ocsfJsonSchema(name);
      Object.assign(definitions, $defs);
      definitions[`class_${name}`] = root;
    }
    const ajv = new Ajv2020({ strict: false, code: { optimize: false }, validateSchema: false });
    ajv.addSchema({ $id: 'https://openmdr.test/ocsf.json', $defs: definitions });
    const rejected: string[] = [];
    for (const name of Object.keys(ocsfSchema180.classes)) {
      const check = ajv.getSchema(`https://openmdr.test/ocsf.json#/$defs/class_${name}`)!;
      const event = validateOcsfEvent(minimalEvent(name)).event;
      if (!check(event)) rejected.push(`${name}: ${JSON.stringify(check.errors?.slice(0, 2))}`);
    }
    expect(rejected).toEqual([]);
  });

  it('agrees with the validator on realistic events and on failures', () => {
    const process = compile('process_activity');
    const normalised = validateOcsfEvent<Record<string, unknown>>(processActivityEvent).event;
    expect(process(normalised)).toBe(true);
    const failing: Array<Record<string, unknown>> = [
      { ...normalised, unknown_attribute: 1 },
      { ...normalised, class_uid: 1008 },
      { ...normalised, process: { name: 'x' } }, // at_least_one pid, uid, cpid
      { ...normalised, device: { ...(normalised['device'] as object), ip: '300.1.1.1' } },
      { ...normalised, time: 1.5 },
      { ...normalised, severity_id: 7 },
      { ...normalised, cloud: { provider: 'AWS' } }, // profile not enabled
    ];
    for (const event of failing) {
      expect(validateOcsfEvent(event).ok).toBe(false);
      expect(process(event)).toBe(false);
    }
    const authentication = compile('authentication', ['host']);
    expect(authentication(validateOcsfEvent(authenticationEvent).event)).toBe(true);
    expect(compile(2004)(validateOcsfEvent(detectionFindingEvent).event)).toBe(true);
  });
});
