/**
 * An OCSF enum attribute and its caption sibling, by OCSF's rule for Other: `{<name>_id: id}`,
 * with the vendor's own word in `<name>` when the id is 99 (Other) — the builders fill the
 * caption of every other id. `{}` when the id is `undefined`. Spread it into an event or object:
 * `...enumAttribute('verdict', verdictId(value), value)`.
 */
export function enumAttribute<Name extends string>(
  name: Name,
  id: number | undefined,
  label: string | undefined,
): Partial<Record<`${Name}_id`, number> & Record<Name, string>> {
  if (id === undefined) return {};
  const out: Record<string, unknown> = { [`${name}_id`]: id };
  if (id === 99 && label) out[name] = label;
  return out as Partial<Record<`${Name}_id`, number> & Record<Name, string>>;
}
