import type { PlaybookProblem } from '../errors.js';
import { CACAO_AGENT_TARGET_TYPES, CACAO_AUTHENTICATION_INFO_TYPES } from '../model.js';
import { below, pointer } from './pointer.js';
import { validateCacaoDefinition } from './schema-validator.js';

/** A CACAO identifier: `<type>--<UUID>` (the pattern of the CACAO 2.0 `identifier` data type). */
export const CACAO_IDENTIFIER =
  /^[a-z][a-z0-9-]+[a-z0-9]--[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-5][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}$/;

interface DefinitionKind {
  property: 'agent_definitions' | 'target_definitions' | 'authentication_info_definitions';
  schema: 'agent-target' | 'authentication-info';
  noun: string;
  known: readonly string[];
}

const KINDS: readonly DefinitionKind[] = [
  {
    property: 'agent_definitions',
    schema: 'agent-target',
    noun: 'agent',
    known: CACAO_AGENT_TARGET_TYPES,
  },
  {
    property: 'target_definitions',
    schema: 'agent-target',
    noun: 'target',
    known: CACAO_AGENT_TARGET_TYPES,
  },
  {
    property: 'authentication_info_definitions',
    schema: 'authentication-info',
    noun: 'authentication info',
    known: CACAO_AUTHENTICATION_INFO_TYPES,
  },
];

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The outcome of {@link checkCacaoDefinitions}. */
export interface DefinitionsCheck {
  /** Errors and tolerated deviations, with JSON Pointers. */
  problems: PlaybookProblem[];
  /** The playbook properties checked here, entry by entry (leave them out of the playbook schema). */
  checked: DefinitionKind['property'][];
}

/**
 * Checks the agent, target and authentication-info definitions of a playbook one entry at a time,
 * tolerantly. CACAO 2.0's type vocabularies are open (`agent-target-type-ov`,
 * `authentication-info-type-ov`) though its JSON Schemas close them, so an entry of a type the
 * specification does not define (`soarca`, `soarca-manual`, `software`) is a warning and is kept,
 * checked against the kind's base schema (a `name`, a `type`). An entry of a defined type is checked
 * against that type's schema; properties it does not define (a `port` on a `net-address` target)
 * and missing properties other than `type` (an `address`) are warnings, other schema errors are
 * errors. Ids that are not `<type>--<UUID>` are warnings.
 * Secrets in authentication info are never quoted.
 */
export function checkCacaoDefinitions(document: Record<string, unknown>): DefinitionsCheck {
  const problems: PlaybookProblem[] = [];
  const checked: DefinitionKind['property'][] = [];
  for (const kind of KINDS) {
    const definitions = document[kind.property];
    if (!isObject(definitions) || Object.keys(definitions).length === 0) continue;
    checked.push(kind.property);
    for (const [id, definition] of Object.entries(definitions)) {
      const at = pointer(kind.property, id);
      const type = isObject(definition) ? definition.type : undefined;
      const warn = (path: string, message: string): void => {
        problems.push({ path, message, severity: 'warning' });
      };
      if (typeof type === 'string' && !kind.known.includes(type)) {
        warn(
          pointer(kind.property, id, 'type'),
          `${kind.noun} type '${type}' is not in the CACAO 2.0 vocabulary (${kind.known.join(', ')}): kept as an extension type`,
        );
      }
      if (!CACAO_IDENTIFIER.test(id)) {
        warn(at, `id '${id}' is not a CACAO identifier (<type>--<UUID>)`);
      } else if (typeof type === 'string' && id.slice(0, id.indexOf('--')) !== type) {
        warn(
          at,
          `id prefix '${id.slice(0, id.indexOf('--'))}' is not the ${kind.noun}'s type '${type}'`,
        );
      }
      for (const finding of validateCacaoDefinition(kind.schema, definition, at)) {
        const missing = finding.missingProperty;
        if (missing !== undefined && missing !== 'type' && finding.path === at) {
          warn(
            at,
            `CACAO 2.0 requires '${missing}' of a ${String(type)} ${kind.noun}: missing, kept without it`,
          );
        } else if (finding.unknownProperty === undefined) {
          problems.push({ path: finding.path, message: finding.message, severity: 'error' });
        } else {
          warn(
            below(finding.path, finding.unknownProperty),
            `property '${finding.unknownProperty}' is not defined for a ${String(type)} ${kind.noun} in CACAO 2.0: kept with the definition`,
          );
        }
      }
    }
  }
  return { problems, checked };
}
