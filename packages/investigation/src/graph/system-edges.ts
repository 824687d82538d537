import type { EventScope } from './event-scope.js';
import type { GraphEdgeKind } from './graph-types.js';
import { asObject, numberAt } from './ocsf-fields.js';

/** File System Activity (1001) activity id → edge kind (anything else reads). */
const FILE_EDGE: Readonly<Record<number, GraphEdgeKind>> = {
  1: 'wrote', // Create
  3: 'wrote', // Update
  4: 'deleted', // Delete
  5: 'renamed', // Rename
  6: 'wrote', // Set Attributes
  7: 'wrote', // Set Security
  10: 'wrote', // Encrypt
  11: 'wrote', // Decrypt
};

/**
 * File System Activity (1001): the actor `wrote`, `read`, `deleted` or `renamed` the file (a
 * rename also reaches `file_result`). The actor is `actor.process`, else `actor.user`.
 */
export function addFileActivity(scope: EventScope, actor: string | undefined): void {
  const kind = FILE_EDGE[numberAt(scope.event, 'activity_id') ?? 0] ?? 'read';
  scope.link(actor, scope.file(asObject(scope.event.file)), kind);
  const result = scope.file(asObject(scope.event.file_result));
  if (result !== undefined) scope.link(actor, result, kind === 'renamed' ? 'renamed' : 'wrote');
}

/** Module Activity (1005) and Kernel Extension Activity (1002): the process `loaded` the file. */
export function addModuleActivity(scope: EventScope, actor: string | undefined): void {
  const module = asObject(scope.event.module) ?? asObject(scope.event.driver);
  scope.link(actor, scope.file(asObject(module?.file)), 'loaded');
}

/** Registry Key/Value Activity (201001/201002): the actor `modified` the key. */
export function addRegistryActivity(scope: EventScope, actor: string | undefined): void {
  const key = scope.registry(scope.get('reg_key.path') ?? scope.get('reg_value.path'));
  scope.link(actor, key, 'modified');
}
