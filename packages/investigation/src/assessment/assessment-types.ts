/** What the incident touched. Names as the events spell them, each listed once. */
export interface InvestigationScope {
  hosts: string[];
  users: string[];
  /** Accounts seen acting or targeted, beyond `users` (service and cloud accounts, SIDs without a name). */
  accounts: string[];
  ips: string[];
  domains: string[];
  files: string[];
  /** Cloud resources (ARNs, Azure resource ids, …). */
  resources: string[];
  /** The time range of the related activity (epoch ms), or `null` without events. */
  firstSeen: number | null;
  lastSeen: number | null;
}

/** The earliest related activity: the candidate patient zero and initial access, with the chain of evidence. */
export interface InvestigationOrigin {
  /** The host where the activity begins, or `null` when no event names one. */
  host: string | null;
  /** The user behind the first activity, when known. */
  user: string | null;
  /** When (epoch ms). */
  time: number;
  /** What the first activity was, as a sentence. */
  summary: string;
  /**
   * How it most likely started: `phishing-attachment`, `browser-download`, `remote-logon`,
   * `valid-account`, `exploited-service`, `removable-media`, `cloud-credential`, or `unknown`.
   */
  initialAccess: string;
  /** ATT&CK technique of the initial access, when recognised (`T1566.001`). */
  technique: string | null;
  /** The timeline entry ids from the first activity to the first finding, in time order. */
  evidence: string[];
}

/** The kind of harm an impact marker records. */
export type ImpactKind =
  | 'credential-access'
  | 'data-staged'
  | 'data-exfiltrated'
  | 'persistence'
  | 'defense-evasion'
  | 'lateral-movement'
  | 'cloud-change'
  | 'destruction';

/** One sign of harm, with the events that justify it. */
export interface ImpactMarker {
  kind: ImpactKind;
  /** What happened, as a sentence (`LSASS memory read by rundll32.exe on WS-12`). */
  summary: string;
  /** ATT&CK technique, when one fits. */
  technique: string | null;
  /** Hosts it concerns. */
  hosts: string[];
  /** Bytes moved, for staging and exfiltration. */
  bytes?: number;
  /** When it was first seen (epoch ms). */
  time: number;
  /** Timeline entry ids that justify it. */
  evidence: string[];
}

/** Scope, origin and impact of one investigation. */
export interface InvestigationAssessment {
  scope: InvestigationScope;
  origin: InvestigationOrigin | null;
  impact: ImpactMarker[];
}
