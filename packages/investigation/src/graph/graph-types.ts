/**
 * The investigation graph: what an attacker's activity touched, as typed nodes and edges built from
 * OCSF events. Node ids are stable for the same entity across sources and runs (`process:<uid>`,
 * `host:<name>`, …) so graphs of two batches merge by id.
 */

/** What a node stands for. */
export type GraphNodeKind =
  | 'process'
  | 'host'
  | 'user'
  | 'session'
  | 'ip'
  | 'domain'
  | 'url'
  | 'file'
  | 'registry_key'
  | 'cloud_resource'
  | 'finding';

/**
 * What an edge says, read `from` → `to`: a process `spawned` its child, `executed-on` its host, a
 * user `logged-on` to a host, a process `connected-to` an IP, `resolved` a domain, `wrote`,
 * `read` or `deleted` a file, `loaded` a module, `modified` a registry key, an identity
 * `assumed-role` or `accessed` a cloud resource, a finding `observed` an entity.
 */
export type GraphEdgeKind =
  | 'spawned'
  | 'executed-on'
  | 'ran-as'
  | 'logged-on'
  | 'authenticated-from'
  | 'connected-to'
  | 'resolved'
  | 'resolves-to'
  | 'wrote'
  | 'read'
  | 'deleted'
  | 'renamed'
  | 'loaded'
  | 'injected-into'
  | 'accessed'
  | 'modified'
  | 'assumed-role'
  | 'observed';

/** One entity of the graph. */
export interface GraphNode {
  /** Stable id: `<kind>:<key>` (for a process `process:<uid>`; for a host `host:<lower-case name>`). */
  id: string;
  /** What it is. */
  kind: GraphNodeKind;
  /** The source's unique id, where one exists: a process's uid (Sysmon `ProcessGuid`, an EDR's process id). */
  uid?: string;
  /** A readable name: the host name, the user name, a process's executable path, the IP, … */
  name?: string;
  /** The first and last time (epoch ms) an event showed the entity. */
  firstSeen: number;
  lastSeen: number;
  /** How many events showed it. */
  count: number;
  /** Kind-specific facts (`pid`, `cmd_line`, `host`, `sha256`, …), first value seen wins. */
  attributes: Record<string, string | number | boolean>;
}

/** One relation between two nodes, aggregated over the events that show it. */
export interface GraphEdge {
  /** Stable id: `<from>|<kind>|<to>`. */
  id: string;
  /** The node the relation starts at (for `spawned`, the parent process). */
  from: string;
  /** The node it ends at (for `spawned`, the child process). */
  to: string;
  /** What the relation is. */
  kind: GraphEdgeKind;
  /** The first and last time (epoch ms) it was seen. */
  firstSeen: number;
  lastSeen: number;
  /** How many events showed it. */
  count: number;
  /** Ids of the events (`metadata.uid`, else the timeline entry id) that show it, at most the graph's evidence limit. */
  evidence: string[];
}

/** The whole graph. */
export interface InvestigationGraph {
  nodes: GraphNode[];
  edges: GraphEdge[];
}
