import type { Command } from '../actions/command.js';
import type { ActionKind } from '../actions/vocabulary.js';
import type { Criticality, Decision, ResponsePolicy } from './policy-schema.js';

/** What the caller knows about the asset a command acts on (from its inventory or CMDB). */
export interface AssetFacts {
  /** The asset's id in the inventory. */
  id?: string;
  tags?: readonly string[];
  groups?: readonly string[];
  criticality?: Criticality;
  /** A break-glass (emergency) account: never disabled or signed out. */
  breakGlass?: boolean;
}

/** One earlier command, for blast-radius counting. */
export interface ActionHistoryEntry {
  kind: ActionKind;
  /** Epoch ms when it was requested or performed. */
  at: number;
  /** Its {@link targetKey}; repeated commands on one target count once. */
  target?: string;
}

/** Everything the policy may look at besides the command. The evaluation is a pure function of it. */
export interface PolicyContext {
  /** Epoch ms of the evaluation. */
  now: number;
  /** The asset the command acts on. */
  asset?: AssetFacts;
  /** Earlier commands of this tenant (at least over the longest limit window). */
  history?: readonly ActionHistoryEntry[];
}

/** The outcome of {@link evaluatePolicy}, with its explanation. */
export interface PolicyDecision {
  /** What to do. */
  decision: Decision;
  /** Why, in order of evaluation; human-readable. */
  reasons: string[];
  /** The id of the rule that decided (`protection:<id>`, `break-glass`, a rule id), or null for the default. */
  matchedRule: string | null;
  /** The command's action kind (null when the command is not in the vocabulary). */
  kind: ActionKind | null;
  /** The limits that were exceeded. */
  exceededLimits: string[];
}

/** The arguments of {@link evaluatePolicy}, for callers that keep them together. */
export interface PolicyEvaluation {
  policy: ResponsePolicy;
  command: Command;
  context: PolicyContext;
}
