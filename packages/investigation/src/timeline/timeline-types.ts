/** One line of the super-timeline: an event or a finding, in time order. */
export interface TimelineEntry {
  /** Stable id: the event's `metadata.uid` (or the finding's `finding_info.uid`), else a digest of the record. */
  id: string;
  /** When it happened (epoch ms), after clock-skew correction for its source. */
  time: number;
  /** The time the source reported, before correction (epoch ms). */
  reportedTime: number;
  /** Where it came from: the product or log (`Microsoft-Windows-Sysmon/Operational`, `crowdstrike`, `zeek.conn`). */
  source: string;
  /** `event` or `finding`. */
  type: 'event' | 'finding';
  /** The OCSF class (`Process Activity`) and its uid, when known. */
  className: string | null;
  classUid: number | null;
  /** The host it happened on, when known. */
  host: string | null;
  /** The user it concerns, when known. */
  user: string | null;
  /** One readable sentence: `Process created: C:\Windows\System32\cmd.exe /c whoami (parent explorer.exe)`. */
  summary: string;
  /** The graph node ids the entry concerns. */
  entities: string[];
  /** ATT&CK technique ids, for findings and events that carry them. */
  techniques: string[];
  /** Severity name, for findings. */
  severity: string | null;
  /** When the same record arrived more than once (from two sources or twice from one): the id of the entry kept. */
  duplicateOf?: string;
}

/** A source's clock offset: add `offsetMs` to its times to get true time. */
export interface ClockSkew {
  /** The entry `source` it applies to. */
  source: string;
  /** Milliseconds to add (negative when the source's clock runs ahead). */
  offsetMs: number;
}
