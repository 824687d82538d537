/**
 * The interface between the Sigma engine and the shape of the events it reads.
 *
 * A rule names fields in Sigma's taxonomy (`Image`, `CommandLine`, `TargetObject`, …). An
 * event may be flat (keys are Sigma names), a Windows Event Log record, or an OCSF event. A
 * {@link SigmaFieldMapping} tells the engine, for the logsource of a rule, how to read each
 * Sigma field from an event, and which logsources an event belongs to (for routing).
 *
 * The engine asks for getters once, when it compiles rules, never per event: a mapping may
 * do as much work as it likes in {@link SigmaFieldMapping.field}, but the getter it returns
 * runs for every event and must be cheap.
 *
 * @module
 */

/**
 * A Sigma logsource: any combination of `product`, `category` and `service` (lowercase).
 * `definition` is free text and never used for routing.
 */
export interface SigmaLogsource {
  readonly product?: string | undefined;
  readonly category?: string | undefined;
  readonly service?: string | undefined;
  readonly definition?: string | undefined;
}

/**
 * Reads one Sigma field from an event.
 *
 * Returns `undefined` when the field is absent, `null` when it is present with a JSON null,
 * otherwise the value: a string, number, boolean, or an array of those (an event-side array
 * matches when any element matches). Objects are returned as they are and only match
 * `exists`/`null` checks.
 *
 * Getters must be pure and must not throw. Return the **same function object** for the same
 * source path: the engine reads each distinct getter at most once per event and shares the
 * value (and its lowercase form) between every rule that reads it.
 */
export type SigmaFieldGetter = (event: unknown) => unknown;

/**
 * How the engine reads Sigma fields from one kind of event (a "field-mapping pipeline").
 *
 * @example An OCSF mapping (sketch)
 * ```ts
 * const path = (p: string): SigmaFieldGetter => ...; // cached per path
 * const ocsfMapping: SigmaFieldMapping = {
 *   name: 'ocsf',
 *   logsources: (event) => classify(event), // e.g. class_uid 1007 launch → process_creation
 *   field: (name, logsource) =>
 *     logsource.category === 'process_creation' && name === 'Image' ? path('process.file.path') : undefined,
 *   keywords: (event) => allStrings(event),
 * };
 * ```
 */
export interface SigmaFieldMapping {
  /** A short name for errors and documentation (`'flat'`, `'winlog'`, `'ocsf'`). */
  readonly name: string;
  /**
   * The logsources an event belongs to (e.g. a Sysmon EventID 12 record is
   * `{product: 'windows', service: 'sysmon', category: 'registry_event'}` and
   * `… category: 'registry_add'` and `… 'registry_delete'`). A rule is a candidate for the
   * event when every key its logsource sets equals the same key of one of these.
   *
   * Return `undefined` when the event carries nothing to route on: every rule is then a
   * candidate (the logsource is not checked). Return `[]` for an event no rule applies to.
   */
  logsources(event: unknown): readonly SigmaLogsource[] | undefined;
  /**
   * A cache key for {@link SigmaFieldMapping.logsources} (e.g. `channel|eventId`): equal for
   * two events exactly when their logsources are equal. The engine caches the candidate rules
   * of each key, so the key must be cheap and of low cardinality.
   */
  routeKey(event: unknown): string;
  /**
   * The getter for Sigma field `field` in rules of logsource `logsource`, or `undefined` when
   * the field cannot be read from this kind of event (the field is then always absent: `null`
   * matches, every other value does not).
   */
  field(field: string, logsource: SigmaLogsource): SigmaFieldGetter | undefined;
  /**
   * Every string value of the event, for keyword (field-less) detections. Defaults to every
   * scalar value of the event, recursively.
   */
  keywords?(event: unknown): readonly string[];
}

/**
 * True when a rule with logsource `rule` applies to an event of logsource `event`: every key
 * the rule sets (`product`, `category`, `service`) is equal in the event's logsource.
 */
export function logsourceApplies(rule: SigmaLogsource, event: SigmaLogsource): boolean {
  if (rule.product !== undefined && rule.product !== event.product) return false;
  if (rule.category !== undefined && rule.category !== event.category) return false;
  if (rule.service !== undefined && rule.service !== event.service) return false;
  return true;
}
