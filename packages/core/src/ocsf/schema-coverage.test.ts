/**
 * Tests generated from the OCSF metadata: every class and object has a minimal valid instance
 * that validates, and every kind of constraint has failing cases, for every attribute or
 * object where it applies. The zod schemas must agree with the validator on all of them.
 */
import { describe, expect, it } from 'vitest';
import { ocsfClassSchemas } from './generated/class-map.js';
import { ocsfSchema180 } from './generated/metadata.js';
import { ocsfObjectSchemas } from './generated/object-map.js';
import type { OcsfRule } from './issues.js';
import type { OcsfObjectMetadata } from './schema-metadata.js';
import { minimalEvent, minimalObject, sampleAttributeValue } from './testing/minimal-instance.js';
import { validateOcsfEvent, validateOcsfObject } from './validate.js';

const classNames = Object.keys(ocsfSchema180.classes).sort();
const objectNames = Object.keys(ocsfSchema180.objects).sort();

interface Case {
  owner: 'class' | 'object';
  name: string;
  value: Record<string, unknown>;
  rule: OcsfRule;
  path: string;
  /** The zod schema must reject it too (false for rules only the validator can check). */
  zod: boolean;
}

function validate(testCase: Pick<Case, 'owner' | 'name' | 'value'>) {
  return testCase.owner === 'class'
    ? validateOcsfEvent(testCase.value)
    : validateOcsfObject(testCase.name, testCase.value);
}

function zodAccepts(testCase: Pick<Case, 'owner' | 'name' | 'value'>): boolean {
  const schema =
    testCase.owner === 'class'
      ? ocsfClassSchemas[testCase.name as keyof typeof ocsfClassSchemas]
      : ocsfObjectSchemas[testCase.name as keyof typeof ocsfObjectSchemas];
  return schema.safeParse(testCase.value).success;
}

function baseline(owner: 'class' | 'object', name: string): Record<string, unknown> {
  return owner === 'class' ? minimalEvent(name) : minimalObject(ocsfSchema180.objects[name]!);
}

function definitions(): Array<{
  owner: 'class' | 'object';
  name: string;
  metadata: OcsfObjectMetadata;
}> {
  return [
    ...classNames.map((name) => ({
      owner: 'class' as const,
      name,
      metadata: ocsfSchema180.classes[name]! as OcsfObjectMetadata,
    })),
    ...objectNames
      .filter((name) => name !== 'object')
      .map((name) => ({ owner: 'object' as const, name, metadata: ocsfSchema180.objects[name]! })),
  ];
}

const COMPUTED = new Set(['class_uid', 'category_uid', 'type_uid']);
const ungated = (metadata: OcsfObjectMetadata) =>
  Object.entries(metadata.attributes).filter(([, attribute]) => attribute.profiles === undefined);

const WRONG_STRINGS: Record<string, string> = {
  ip_t: '999.1.1.1',
  mac_t: '00:11:22:33:44',
  email_t: 'not-an-email',
  uuid_t: 'not-a-uuid',
  datetime_t: '01/02/2026 10:00',
  bytestring_t: '***',
};
const MAX_LENGTHS: Record<string, number> = { ip_t: 40, mac_t: 32, subnet_t: 42 };

/** Every failing case, generated from the metadata. */
function cases(): Map<string, Case[]> {
  const byKind = new Map<string, Case[]>();
  const add = (kind: string, testCase: Case) => {
    const list = byKind.get(kind) ?? [];
    list.push(testCase);
    byKind.set(kind, list);
  };
  for (const { owner, name, metadata } of definitions()) {
    const make = (mutate: (value: Record<string, unknown>) => void) => {
      const value = baseline(owner, name);
      mutate(value);
      return value;
    };
    for (const [attributeName, attribute] of ungated(metadata)) {
      // required missing
      if (
        attribute.requirement === 'required' &&
        !(owner === 'class' && attributeName === 'class_uid')
      )
        add('required missing', {
          owner,
          name,
          value: make((value) => delete value[attributeName]),
          rule: 'required_missing',
          path: attributeName,
          zod: true,
        });
      if (owner === 'class' && COMPUTED.has(attributeName)) continue;
      // json_t takes any JSON value: no wrong type, arrays are fine
      if (attribute.type === 'json_t') continue;
      // wrong type
      const wrong =
        attribute.type === 'object_t'
          ? 'not an object'
          : attribute.type === 'boolean_t'
            ? 'yes'
            : typeof sampleAttributeValue(attribute) === 'string'
              ? 12
              : true;
      const item = attribute.isArray ? [wrong] : wrong;
      add('wrong type', {
        owner,
        name,
        value: make((value) => {
          value[attributeName] = item;
        }),
        rule: 'type_mismatch',
        path: attribute.isArray ? `${attributeName}[0]` : attributeName,
        zod: true,
      });
      // array vs scalar
      const sample = sampleAttributeValue(attribute);
      add('array vs scalar', {
        owner,
        name,
        value: make((value) => {
          value[attributeName] = attribute.isArray ? (sample as unknown[])[0] : [sample, sample];
        }),
        rule: attribute.isArray ? 'array_expected' : 'scalar_expected',
        path: attributeName,
        zod: true,
      });
      // enum out of range
      if (attribute.enum !== undefined) {
        const bad =
          typeof (attribute.isArray ? (sample as unknown[])[0] : sample) === 'string'
            ? 'NOT_IN_ENUM'
            : 123456;
        add('enum out of range', {
          owner,
          name,
          value: make((value) => {
            value[attributeName] = attribute.isArray ? [bad] : bad;
          }),
          rule: 'enum_value_unknown',
          path: attribute.isArray ? `${attributeName}[0]` : attributeName,
          zod: true,
        });
        // sibling mismatch
        if (
          attribute.sibling !== undefined &&
          metadata.attributes[attribute.sibling]?.profiles === undefined &&
          !attribute.isArray
        )
          add('sibling mismatch', {
            owner,
            name,
            value: make((value) => {
              value[attributeName] = sample;
              value[attribute.sibling!] = 'Definitely Not The Caption';
            }),
            rule: 'sibling_mismatch',
            path: attribute.sibling,
            zod: true,
          });
      }
      // regex
      const badString = WRONG_STRINGS[attribute.type];
      if (badString !== undefined)
        add('regex', {
          owner,
          name,
          value: make((value) => {
            value[attributeName] = attribute.isArray ? [badString] : badString;
          }),
          rule: 'regex_mismatch',
          path: attribute.isArray ? `${attributeName}[0]` : attributeName,
          zod: true,
        });
      // range
      if (attribute.type === 'port_t')
        add('range', {
          owner,
          name,
          value: make((value) => {
            value[attributeName] = 70000;
          }),
          rule: 'range_exceeded',
          path: attributeName,
          zod: true,
        });
      // max length
      const maxLength = MAX_LENGTHS[attribute.type];
      if (maxLength !== undefined)
        add('max length', {
          owner,
          name,
          value: make((value) => {
            const long = '1'.repeat(maxLength + 1);
            value[attributeName] = attribute.isArray ? [long] : long;
          }),
          rule: 'max_length_exceeded',
          path: attribute.isArray ? `${attributeName}[0]` : attributeName,
          zod: true,
        });
    }
    // unknown attribute
    add('unknown attribute', {
      owner,
      name,
      value: make((value) => {
        value['not_an_ocsf_attribute'] = 1;
      }),
      rule: 'unknown_attribute',
      path: 'not_an_ocsf_attribute',
      zod: true,
    });
    // profile-gated attribute without its profile
    const gated = Object.entries(metadata.attributes).find(
      ([, attribute]) => attribute.profiles !== undefined,
    );
    if (gated !== undefined)
      add('profile-gated without profile', {
        owner,
        name,
        value: make((value) => {
          value[gated[0]] = sampleAttributeValue(gated[1]);
        }),
        rule: 'profile_not_enabled',
        path: gated[0],
        zod: false,
      });
    // at_least_one / just_one
    const atLeastOne = metadata.constraints?.atLeastOne;
    if (atLeastOne !== undefined)
      add('at_least_one', {
        owner,
        name,
        value: make((value) => {
          for (const path of atLeastOne) {
            const [head, ...rest] = path.split('.');
            if (rest.length === 0) delete value[head!];
            else if (typeof value[head!] === 'object') {
              const nested = value[head!] as Record<string, unknown>;
              if (rest.length === 2 && typeof nested[rest[0]!] === 'object')
                delete (nested[rest[0]!] as Record<string, unknown>)[rest[1]!];
            }
          }
        }),
        rule: 'constraint_at_least_one',
        path: '',
        zod: true,
      });
    const justOne = metadata.constraints?.justOne;
    if (justOne !== undefined && justOne.length > 1)
      add('just_one', {
        owner,
        name,
        value: make((value) => {
          for (const attributeName of justOne.slice(0, 2))
            value[attributeName] = sampleAttributeValue(metadata.attributes[attributeName]!);
        }),
        rule: 'constraint_just_one',
        path: '',
        zod: true,
      });
    // class_uid / type_uid / category_uid
    if (owner === 'class') {
      add('type_uid mismatch', {
        owner,
        name,
        value: make((value) => {
          value['type_uid'] = (value['type_uid'] as number) + 1;
        }),
        rule: 'type_uid_mismatch',
        path: 'type_uid',
        zod: true,
      });
      add('category_uid mismatch', {
        owner,
        name,
        value: make((value) => {
          value['category_uid'] = (value['category_uid'] as number) + 1;
        }),
        rule: 'category_uid_mismatch',
        path: 'category_uid',
        zod: true,
      });
      add('class_uid unknown', {
        owner,
        name,
        value: make((value) => {
          value['class_uid'] = 999999;
        }),
        rule: 'class_uid_unknown',
        path: 'class_uid',
        zod: true,
      });
    }
  }
  return byKind;
}

describe('minimal valid instance of every OCSF 1.8.0 class', () => {
  it('covers all 83 classes and 178 objects', () => {
    expect(classNames).toHaveLength(83);
    expect(objectNames).toHaveLength(178);
  });
  it.each(classNames)('%s validates (validator and zod agree)', (name) => {
    const event = minimalEvent(name);
    const result = validateOcsfEvent(event);
    expect(result.errors).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.class_uid).toBe(ocsfSchema180.classes[name]!.uid);
    expect(
      zodAccepts({
        owner: 'class',
        name,
        value: result.event as unknown as Record<string, unknown>,
      }),
    ).toBe(true);
    expect(zodAccepts({ owner: 'class', name, value: event })).toBe(true);
  });
});

describe('minimal valid instance of every OCSF 1.8.0 object', () => {
  it.each(objectNames)('%s validates (validator and zod agree)', (name) => {
    const value = minimalObject(ocsfSchema180.objects[name]!);
    const result = validateOcsfObject(name, value);
    expect(result.errors).toEqual([]);
    expect(zodAccepts({ owner: 'object', name, value })).toBe(true);
  });
});

describe('generated failing cases, by kind of constraint', () => {
  const all = cases();
  it('has cases of every kind', () => {
    expect([...all.keys()].sort()).toEqual(
      [
        'array vs scalar',
        'at_least_one',
        'category_uid mismatch',
        'class_uid unknown',
        'enum out of range',
        'just_one',
        'max length',
        'profile-gated without profile',
        'range',
        'regex',
        'required missing',
        'sibling mismatch',
        'type_uid mismatch',
        'unknown attribute',
        'wrong type',
      ].sort(),
    );
  });
  it.each([...all.keys()].sort())(
    '%s: the validator reports the rule at the path; zod agrees',
    (kind) => {
      const failures: string[] = [];
      for (const testCase of all.get(kind)!) {
        const label = `${testCase.owner} ${testCase.name}: ${testCase.path}`;
        const result = validate(testCase);
        if (result.ok) {
          failures.push(`${label}: validator accepted`);
          continue;
        }
        if (
          !result.errors.some(
            (issue) => issue.rule === testCase.rule && issue.path === testCase.path,
          )
        )
          failures.push(
            `${label}: expected ${testCase.rule}, got ${JSON.stringify(result.errors)}`,
          );
        if (testCase.zod && zodAccepts(testCase)) failures.push(`${label}: zod accepted`);
        if (!testCase.zod && !zodAccepts(testCase))
          failures.push(`${label}: zod rejected a profile attribute`);
      }
      expect(failures.slice(0, 20)).toEqual([]);
      expect(all.get(kind)!.length).toBeGreaterThan(0);
    },
  );
});
