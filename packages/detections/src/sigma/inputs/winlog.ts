/**
 * The `winlog` input: Windows Event Log records as exported (`Event.System`,
 * `Event.EventData`, optionally `Event.UserData`), flattened to Sigma field names:
 *
 * - System elements keep their names (`EventID`, `Channel`, `Computer`, …); their attributes
 *   become `<Element>_<Attribute>` (`Provider_Name`, `Execution_ProcessID`,
 *   `Security_UserID`, `TimeCreated_SystemTime`); an element with text and attributes
 *   (`EventID` with `Qualifiers`) keeps its text under its own name.
 * - EventData values are named by their key, or by the `Name` attribute of `Data` elements,
 *   with spaces removed (`New Value` → `NewValue`); unnamed `Data` values are kept in a `Data`
 *   list (searched by keywords).
 * - UserData leaves are named by their own element name.
 *
 * @module
 */

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown): unknown {
  if (isObject(value) && '#text' in value) return value['#text'];
  return value;
}

/** `<Element>_<Attribute>` names, built once (the same string every event: no re-hashing). */
const attributeKeys = new Map<string, Map<string, string>>();
const ATTRIBUTE_KEY_LIMIT = 4096;

function attributeKey(element: string, attribute: string): string {
  let byAttribute = attributeKeys.get(element);
  if (byAttribute === undefined) {
    byAttribute = new Map();
    if (attributeKeys.size < ATTRIBUTE_KEY_LIMIT) attributeKeys.set(element, byAttribute);
  }
  let key = byAttribute.get(attribute);
  if (key === undefined) {
    key = `${element}_${attribute}`;
    if (byAttribute.size < ATTRIBUTE_KEY_LIMIT) byAttribute.set(attribute, key);
  }
  return key;
}

/**
 * The flattened record. Built by a constructor rather than as `{}`: V8 turns a literal object
 * into a slow dictionary once more than about 16 properties are added by computed name (a
 * Sysmon process creation has 22), not a constructed one.
 */
class WinlogRecord {}

/**
 * Flattens one Windows Event Log record (see the module documentation). The result is plain
 * data: own enumerable properties only, its prototype that of an empty class.
 */
export function flattenWinlogEvent(record: unknown): Record<string, unknown> {
  const root = isObject(record) && isObject(record['Event']) ? record['Event'] : record;
  const out = new WinlogRecord() as Json;
  if (!isObject(root)) return out;
  const system = root['System'];
  if (isObject(system)) {
    for (const key in system) {
      const value = system[key];
      if (isObject(value)) {
        if ('#text' in value) out[key] = value['#text'];
        const attributes = value['#attributes'];
        if (isObject(attributes)) {
          for (const attribute in attributes) {
            out[attributeKey(key, attribute)] = attributes[attribute];
          }
        }
      } else {
        out[key] = value;
      }
    }
  }
  const data = root['EventData'];
  if (isObject(data)) {
    for (const key in data) {
      if (key === '#attributes') continue;
      const value = data[key];
      if (key === 'Data') addData(out, value);
      else out[key.includes(' ') ? key.replace(/\s+/g, '') : key] = text(value);
    }
  } else if (Array.isArray(data)) {
    addData(out, data);
  }
  const userData = root['UserData'];
  if (isObject(userData)) addLeaves(out, userData);
  return out;
}

function addData(out: Json, value: unknown): void {
  const entries = Array.isArray(value) ? value : [value];
  const unnamed: unknown[] = [];
  for (const entry of entries) {
    if (isObject(entry)) {
      const attributes = entry['#attributes'];
      const name = isObject(attributes) ? attributes['Name'] : undefined;
      if (typeof name === 'string') out[name.replace(/\s+/g, '')] = entry['#text'] ?? null;
      else if ('#text' in entry) unnamed.push(entry['#text']);
    } else if (entry !== null && entry !== undefined) {
      unnamed.push(entry);
    }
  }
  if (unnamed.length > 0) out['Data'] = unnamed.length === 1 ? unnamed[0] : unnamed;
}

function addLeaves(out: Json, value: Json): void {
  for (const key in value) {
    if (key === '#attributes') continue;
    const child = value[key];
    if (isObject(child) && !('#text' in child)) addLeaves(out, child);
    else out[key.replace(/\s+/g, '')] = text(child);
  }
}
