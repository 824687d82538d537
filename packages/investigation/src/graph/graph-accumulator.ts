import { InvestigationError } from '../error-codes.js';
import { addApiActivity } from './cloud-edges.js';
import { EventScope } from './event-scope.js';
import { addFinding } from './finding-edges.js';
import { GraphStore } from './graph-store.js';
import type { InvestigationGraph } from './graph-types.js';
import { addAccountActivity, addAuthentication } from './identity-edges.js';
import { addNetworkActivity } from './network-edges.js';
import { asObject, eventTime, type Fields, member, numberAt, textAt } from './ocsf-fields.js';
import { addProcessActivity } from './process-edges.js';
import { ProcessIdentities } from './process-nodes.js';
import { addFileActivity, addModuleActivity, addRegistryActivity } from './system-edges.js';

/** Options of the graph builder. */
export interface GraphBuilderOptions {
  /** How many event ids each edge keeps as evidence (the first seen). Default 5; at least 1. */
  evidenceLimit?: number;
}

/** The graph nodes one event was found to concern (for the assessment). */
export interface EventEntities {
  /** The host node id. */
  host: string | undefined;
  /** The acting process (`actor.process`; for a launch, the new process). */
  process: string | undefined;
  /** The target process of an open/injection, or the new process of a launch. */
  target: string | undefined;
  /** The acting or authenticating user. */
  user: string | undefined;
}

/** Default of {@link GraphBuilderOptions.evidenceLimit}. */
export const DEFAULT_EVIDENCE_LIMIT = 5;

/**
 * The graph under construction plus the process identities; `add` answers which nodes the
 * event concerns. Internal to the package (the assessment uses it); hosts use
 * `createGraphBuilder`.
 */
export class GraphAccumulator {
  private readonly store: GraphStore;
  private readonly identities = new ProcessIdentities();
  private seq = 0;

  constructor(options: GraphBuilderOptions = {}) {
    const limit = options.evidenceLimit ?? DEFAULT_EVIDENCE_LIMIT;
    if (!Number.isInteger(limit) || limit < 1) {
      throw new InvestigationError(
        'INVESTIGATION_INVALID',
        `evidenceLimit must be a positive integer, got ${String(limit)}`,
      );
    }
    this.store = new GraphStore(limit);
  }

  /** Adds one event; returns the nodes it concerns. */
  add(event: Fields, entryId: string): EventEntities {
    this.seq += 1;
    const scope = new EventScope(
      this.store,
      this.identities,
      event,
      entryId,
      this.seq,
      eventTime(event),
    );
    const actorObject = asObject(event.actor);
    const classUid = numberAt(event, 'class_uid') ?? 0;
    const isLaunch = classUid === 1007 && numberAt(event, 'activity_id') === 1;
    // A launch's actor is the parent: identify it after the child's parent so pid tables agree.
    const actorProcess = scope.process(asObject(actorObject?.process));
    const actorUser = scope.user(asObject(actorObject?.user));
    scope.link(actorProcess, actorUser, 'ran-as');
    const actor = actorProcess ?? actorUser;
    const entities: EventEntities = {
      host: scope.host,
      process: actorProcess,
      target: undefined,
      user: actorUser,
    };
    if (classUid === 1007) {
      entities.target = addProcessActivity(scope, actorProcess);
      if (isLaunch) entities.process = entities.target;
    } else if (classUid === 1001) addFileActivity(scope, actor);
    else if (classUid === 1005 || classUid === 1002) addModuleActivity(scope, actor);
    else if (classUid === 201001 || classUid === 201002) addRegistryActivity(scope, actor);
    else if (classUid >= 4001 && classUid <= 4099) addNetworkActivity(scope, actorProcess);
    else if (classUid >= 2000 && classUid <= 2099) addFinding(scope);
    else if (classUid === 3002 && textAt(event, 'api.operation') === undefined) {
      entities.user = addAuthentication(scope) ?? actorUser;
    } else if (textAt(event, 'api.operation') !== undefined) {
      entities.user = addApiActivity(scope, actorUser) ?? actorUser;
    } else if (classUid >= 3001 && classUid <= 3099) addAccountActivity(scope, actorUser);
    if (entities.user === undefined) {
      entities.user = scope.user(asObject(member(asObject(event.process), 'user')));
    }
    return entities;
  }

  /** The graph so far. */
  graph(): InvestigationGraph {
    return this.store.snapshot();
  }
}
