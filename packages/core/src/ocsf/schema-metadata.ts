/**
 * Shapes of the runtime OCSF schema metadata that the generator writes into `generated/` and
 * that the validator, builders, observables, JSON Schema export and down-conversion read.
 */

/** A dictionary type name (`string_t`, `ip_t`, `timestamp_t`, …) or `object_t`. */
export type OcsfTypeName = string;

/** How strongly OCSF asks for an attribute. Absent in the metadata means `optional`. */
export type OcsfRequirement = 'required' | 'recommended' | 'optional';

/** An enum: id (decimal integer or literal string) → caption. */
export type OcsfEnumCaptions = Readonly<Record<string | number, string>>;

/** One attribute of a class or object. Defaults are omitted: `requirement` is `optional`. */
export interface OcsfAttributeMetadata {
  /** Dictionary type, or `object_t`. */
  readonly type: OcsfTypeName;
  /** The object name when `type` is `object_t`. */
  readonly objectType?: string;
  /** The value is a JSON array of `type` / `objectType`. */
  readonly isArray?: true;
  /** `required` or `recommended`; absent means optional. */
  readonly requirement?: 'required' | 'recommended';
  /** Allowed values and their captions. */
  readonly enum?: OcsfEnumCaptions;
  /** Name of the caption attribute of an `_id` enum (`severity_id` → `severity`). */
  readonly sibling?: string;
  /** Observable type id given to this attribute by the schema. */
  readonly observable?: number;
  /** Profiles that contribute the attribute: valid only when one of them is enabled. */
  readonly profiles?: readonly string[];
  /** The attribute is deprecated. */
  readonly deprecated?: true;
}

/** A constraint on a class or object: attribute names (or dotted paths). */
export interface OcsfConstraints {
  /** At least one of these must be present. */
  readonly atLeastOne?: readonly string[];
  /** Exactly one of these must be present. */
  readonly justOne?: readonly string[];
}

/** An OCSF object (`process`, `file`, `device`, …). */
export interface OcsfObjectMetadata {
  /** Object name. */
  readonly name: string;
  /** Human caption. */
  readonly caption: string;
  /** Observable type id of the object as a whole. */
  readonly observable?: number;
  /** Constraints between the attributes. */
  readonly constraints?: OcsfConstraints;
  /** The object is deprecated. */
  readonly deprecated?: true;
  /** Attributes by name. */
  readonly attributes: Readonly<Record<string, OcsfAttributeMetadata>>;
}

/** An OCSF event class (`process_activity`, `authentication`, …). */
export interface OcsfClassMetadata extends OcsfObjectMetadata {
  /** `class_uid` (extension classes included, e.g. 201001). */
  readonly uid: number;
  /** Category name (`system`, `findings`, …). */
  readonly category: string;
  /** `category_uid` as written in events (for extension classes: extension uid * 100 + category). */
  readonly categoryUid: number;
  /** Activities: `activity_id` → caption. */
  readonly activities: Readonly<Record<number, string>>;
  /** Profiles applicable to the class. */
  readonly profiles: readonly string[];
  /** Extension that defines the class (`win`, …). */
  readonly extension?: string;
  /** Class-specific observables: attribute path → observable type id. */
  readonly observables?: Readonly<Record<string, number>>;
}

/** A dictionary type with its constraints. */
export interface OcsfDictionaryTypeMetadata {
  /** Human caption. */
  readonly caption: string;
  /** Primitive base (`string_t`, `integer_t`, `long_t`, `float_t`, `boolean_t`, `json_t`). */
  readonly baseType: string;
  /** Regular expression the value must match (source text, as in OCSF). */
  readonly regex?: string;
  /** Maximum string length. */
  readonly maxLength?: number;
  /** Inclusive numeric range. */
  readonly range?: readonly [number, number];
  /** Observable type id of every attribute of this type. */
  readonly observable?: number;
}

/** A category of event classes. */
export interface OcsfCategoryMetadata {
  /** `category_uid`. */
  readonly uid: number;
  /** Human caption (`category_name`). */
  readonly caption: string;
}

/** A profile. */
export interface OcsfProfileMetadata {
  /** Human caption. */
  readonly caption: string;
}

/** Everything the runtime needs to know about one OCSF version. */
export interface OcsfSchemaMetadata {
  /** OCSF version, e.g. `1.8.0`. */
  readonly version: string;
  /** Dictionary types by name. */
  readonly types: Readonly<Record<string, OcsfDictionaryTypeMetadata>>;
  /** Categories by name. */
  readonly categories: Readonly<Record<string, OcsfCategoryMetadata>>;
  /** Profiles by name. */
  readonly profiles: Readonly<Record<string, OcsfProfileMetadata>>;
  /** Observable type ids → caption. */
  readonly observableTypes: Readonly<Record<number, string>>;
  /** Event classes by name. */
  readonly classes: Readonly<Record<string, OcsfClassMetadata>>;
  /** Objects by name. */
  readonly objects: Readonly<Record<string, OcsfObjectMetadata>>;
}
