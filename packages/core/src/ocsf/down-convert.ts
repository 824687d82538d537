/**
 * Down-conversion of OCSF 1.8.0 events to OCSF 1.1.0 (what Amazon Security Lake and many
 * SIEMs still expect): what 1.1.0 cannot carry is removed and reported.
 */
import { type CompiledObject, type CompiledSchema, compileSchema } from './compiled-schema.js';
import { ocsfSchema180 } from './generated/metadata.js';
import { ocsfSchema110 } from './generated/metadata-1.1.0.js';

/** OCSF versions an event can be down-converted to. */
export type OcsfTargetVersion = '1.1.0';

/** Why something was not carried over. */
export type OcsfDropReason =
  | 'class_not_in_target'
  | 'attribute_not_in_target'
  | 'enum_value_not_in_target'
  | 'profile_not_in_target'
  | 'type_changed';

/** One attribute (or the whole event) that the target version could not carry. */
export interface OcsfDroppedAttribute {
  /** Attribute path (`''` for the whole event). */
  readonly path: string;
  /** Why. */
  readonly reason: OcsfDropReason;
  /** What was done instead, when something was (`set to 99 (Other)`). */
  readonly note?: string;
}

/** Result of {@link downConvertOcsf}. */
export interface OcsfDownConversionResult {
  /** The converted event; `undefined` when its class does not exist in the target version. */
  readonly event: Record<string, unknown> | undefined;
  /** Everything removed or changed, with the reason. */
  readonly dropped: OcsfDroppedAttribute[];
}

const targets: Record<OcsfTargetVersion, typeof ocsfSchema110> = { '1.1.0': ocsfSchema110 };

/**
 * Converts an OCSF 1.8.0 event to an older OCSF version. Attributes, objects and enum values
 * that the target lacks are removed and reported (an enum value becomes 99, Other, with the
 * caption as its label when the target enum has 99); `metadata.version` is set, profiles the
 * target lacks are removed, and `type_uid` / names are recomputed with the target's captions.
 *
 * @example
 * ```ts
 * const { event, dropped } = downConvertOcsf(processActivity, '1.1.0');
 * for (const { path, reason } of dropped) log.info({ path, reason }, 'not carried to OCSF 1.1.0');
 * ```
 */
export function downConvertOcsf(
  event: object,
  targetVersion: OcsfTargetVersion,
): OcsfDownConversionResult {
  const record = event as Record<string, unknown>;
  const source = compileSchema(ocsfSchema180);
  const target = compileSchema(targets[targetVersion]);
  const dropped: OcsfDroppedAttribute[] = [];
  const classUid = record['class_uid'];
  const targetClass = typeof classUid === 'number' ? target.classesByUid.get(classUid) : undefined;
  const sourceClass = typeof classUid === 'number' ? source.classesByUid.get(classUid) : undefined;
  if (targetClass === undefined || targetClass.classMetadata === undefined) {
    dropped.push({
      path: '',
      reason: 'class_not_in_target',
      note: `class_uid ${String(classUid)}`,
    });
    return { event: undefined, dropped };
  }
  const converted = convertObject(record, sourceClass, targetClass, source, target, '', dropped, 0);
  const classMetadata = targetClass.classMetadata;
  const activityId = converted['activity_id'];
  if (typeof activityId === 'number') {
    converted['type_uid'] = classMetadata.uid * 100 + activityId;
    const activity = classMetadata.activities[activityId];
    if (activity !== undefined) converted['type_name'] = `${classMetadata.caption}: ${activity}`;
  }
  converted['class_name'] = classMetadata.caption;
  const metadata = converted['metadata'];
  if (typeof metadata === 'object' && metadata !== null) {
    const copy: Record<string, unknown> = {
      ...(metadata as Record<string, unknown>),
      version: targetVersion,
    };
    const profiles = copy['profiles'];
    if (Array.isArray(profiles)) {
      const kept = profiles.filter((profile, index) => {
        const known = typeof profile === 'string' && profile in target.metadata.profiles;
        if (!known)
          dropped.push({ path: `metadata.profiles[${index}]`, reason: 'profile_not_in_target' });
        return known;
      });
      copy['profiles'] = kept;
    }
    converted['metadata'] = copy;
  }
  return { event: converted, dropped };
}

function convertObject(
  value: Record<string, unknown>,
  sourceObject: CompiledObject | undefined,
  targetObject: CompiledObject,
  source: CompiledSchema,
  target: CompiledSchema,
  path: string,
  dropped: OcsfDroppedAttribute[],
  depth: number,
): Record<string, unknown> {
  const output: Record<string, unknown> = {};
  const labels: Record<string, string> = {};
  for (const name of Object.keys(value)) {
    const raw = value[name];
    if (raw === undefined) continue;
    const attributePath = path === '' ? name : `${path}.${name}`;
    const targetAttribute = targetObject.attributes.get(name);
    if (targetAttribute === undefined) {
      dropped.push({ path: attributePath, reason: 'attribute_not_in_target' });
      continue;
    }
    const sourceAttribute = sourceObject?.attributes.get(name);
    if (
      sourceAttribute !== undefined &&
      (sourceAttribute.kind !== targetAttribute.kind ||
        sourceAttribute.isArray !== targetAttribute.isArray)
    ) {
      dropped.push({ path: attributePath, reason: 'type_changed' });
      continue;
    }
    if (targetAttribute.kind === 'object') {
      const targetType = target.objects.get(targetAttribute.objectType ?? 'object');
      if (targetType === undefined || targetType.freeForm || depth > 32) {
        output[name] = raw;
        continue;
      }
      const sourceType = source.objects.get(sourceAttribute?.objectType ?? '');
      const convert = (item: unknown, itemPath: string): unknown =>
        typeof item === 'object' && item !== null && !Array.isArray(item)
          ? convertObject(
              item as Record<string, unknown>,
              sourceType,
              targetType,
              source,
              target,
              itemPath,
              dropped,
              depth + 1,
            )
          : item;
      output[name] = Array.isArray(raw)
        ? raw.map((item, index) => convert(item, `${attributePath}[${index}]`))
        : convert(raw, attributePath);
      continue;
    }
    const captions = targetAttribute.enumCaptions;
    if (captions !== undefined && !targetAttribute.computed && !Array.isArray(raw)) {
      if (captions[raw as string] === undefined) {
        const sibling = targetAttribute.sibling;
        if (captions[99] !== undefined && sibling !== undefined) {
          output[name] = 99;
          const sourceCaption =
            (typeof value[sibling] === 'string' ? (value[sibling] as string) : undefined) ??
            sourceAttribute?.enumCaptions?.[raw as string] ??
            String(raw);
          labels[sibling] = sourceCaption;
          dropped.push({
            path: attributePath,
            reason: 'enum_value_not_in_target',
            note: `set to 99 (Other) with label '${sourceCaption}'`,
          });
        } else {
          dropped.push({ path: attributePath, reason: 'enum_value_not_in_target' });
          if (sibling !== undefined) labels[sibling] = '';
        }
        continue;
      }
      const sibling = targetAttribute.sibling;
      if (sibling !== undefined && raw !== 99) labels[sibling] = captions[raw as string]!;
    }
    output[name] = raw;
  }
  for (const [sibling, label] of Object.entries(labels)) {
    if (label === '') delete output[sibling];
    else if (targetObject.attributes.has(sibling)) output[sibling] = label;
  }
  return output;
}
