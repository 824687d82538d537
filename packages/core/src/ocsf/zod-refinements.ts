/**
 * Refinements used by the generated zod schemas: the OCSF rules that are not plain structure
 * (constraints between attributes, `type_uid`, enum siblings).
 */
import type * as z from 'zod';
import { ocsfSchema180 } from './generated/metadata.js';

type Refinement = (value: Record<string, unknown>, context: z.RefinementCtx) => void;

/** Reads a dotted path (`device.os.version`) from an object. */
export function readPath(value: unknown, path: string): unknown {
  let current: unknown = value;
  for (const part of path.split('.')) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

/** Casts a zod schema to the generated type it validates (checked by tests, not by tsc). */
export function typed<T>(schema: z.ZodType): z.ZodType<T> {
  return schema as unknown as z.ZodType<T>;
}

/** OCSF `at_least_one` constraint. */
export function atLeastOne(names: readonly string[]): Refinement {
  return (value, context) => {
    if (names.some((name) => readPath(value, name) !== undefined)) return;
    context.addIssue({
      code: 'custom',
      message: `at least one of ${names.join(', ')} is required`,
      params: { rule: 'constraint_at_least_one' },
    });
  };
}

/** OCSF `just_one` constraint. */
export function justOne(names: readonly string[]): Refinement {
  return (value, context) => {
    const present = names.filter((name) => readPath(value, name) !== undefined).length;
    if (present === 1) return;
    context.addIssue({
      code: 'custom',
      message: `exactly one of ${names.join(', ')} is required (${present} given)`,
      params: { rule: 'constraint_just_one' },
    });
  };
}

/** `type_uid` must be `class_uid * 100 + activity_id`. */
export const typeUidMatches: Refinement = (value, context) => {
  const { class_uid: classUid, activity_id: activityId, type_uid: typeUid } = value;
  if (typeof classUid !== 'number' || typeof activityId !== 'number') return;
  if (typeUid === classUid * 100 + activityId) return;
  context.addIssue({
    code: 'custom',
    path: ['type_uid'],
    message: `type_uid must be ${classUid * 100 + activityId}`,
    params: { rule: 'type_uid_mismatch' },
  });
};

/** An enum caption sibling, when given, must equal the caption of its id (except 99, Other). */
export function siblingsMatch(kind: 'class' | 'object', name: string): Refinement {
  let pairs: Array<[string, string, Readonly<Record<string, string>>]> | undefined;
  return (value, context) => {
    if (!pairs) {
      const definition =
        kind === 'class' ? ocsfSchema180.classes[name] : ocsfSchema180.objects[name];
      pairs = [];
      for (const [attribute, metadata] of Object.entries(definition?.attributes ?? {}))
        if (metadata.sibling && metadata.enum)
          pairs.push([attribute, metadata.sibling, metadata.enum]);
    }
    for (const [attribute, sibling, captions] of pairs) {
      const id = value[attribute];
      const label = value[sibling];
      if (id === undefined || label === undefined || id === 99) continue;
      const caption = captions[id as number];
      if (caption !== undefined && label !== caption)
        context.addIssue({
          code: 'custom',
          path: [sibling],
          message: `${sibling} must be '${caption}' for ${attribute} ${String(id)}`,
          params: { rule: 'sibling_mismatch' },
        });
    }
  };
}
