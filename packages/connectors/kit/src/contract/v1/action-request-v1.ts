import type { ActionKindV1 } from './action-kind-v1.js';

/**
 * A device an action applies to. Ids are the vendor's: a connector reads the field its API
 * needs and throws `ActionRequestError` naming it when it is absent.
 */
export interface DeviceTargetV1 {
  /**
   * The vendor's device id: CrowdStrike agent id (`aid`, 32 hex), Defender machine id (40 hex),
   * SentinelOne agent id (numeric). From OpenC2 `device.device_id`.
   */
  readonly uid?: string;
  /** Host name, as the vendor knows it (OpenC2 `device.hostname` or `idn_hostname`). */
  readonly hostname?: string;
  /** An IP address of the device, when the requester knows one. */
  readonly ip?: string;
}

/** An account an action applies to. */
export interface AccountTargetV1 {
  /** The directory's id of the account: Okta user id (`00u…`), Entra object id (GUID). From OpenC2 ER `er:account.uid`. */
  readonly uid?: string;
  /** The sign-in name: Okta login, Entra user principal name. From OpenC2 ER `er:account.account_name`. */
  readonly name?: string;
  /** The account's e-mail address, when the requester knows it. */
  readonly email?: string;
  /** The directory the account lives in (`acme.okta.com`, an Entra tenant id). */
  readonly directory?: string;
}

/** File hashes, lower- or upper-case hex. */
export interface FileHashesV1 {
  /** MD5, 32 hex digits. */
  readonly md5?: string;
  /** SHA-1, 40 hex digits. */
  readonly sha1?: string;
  /** SHA-256, 64 hex digits. */
  readonly sha256?: string;
}

/** A file an action applies to (on `target.device` when the action is local to a device). */
export interface FileTargetV1 {
  /** File name without directory. */
  readonly name?: string;
  /** Full path on the device. */
  readonly path?: string;
  /** Its hashes. */
  readonly hashes?: FileHashesV1;
}

/** A process an action applies to (on `target.device`). */
export interface ProcessTargetV1 {
  /** Process id on the device. */
  readonly pid?: number;
  /** Process (image) name. */
  readonly name?: string;
  /** Working directory. */
  readonly cwd?: string;
  /** Full command line. */
  readonly commandLine?: string;
  /** The executable image. */
  readonly executable?: FileTargetV1;
}

/** A message to people (kind `notify`). */
export interface NotificationTargetV1 {
  /** Where to send: `email`, `slack`, `teams`, `webhook`, `pager`, … */
  readonly channel: string;
  /** Addresses, user or channel ids; at least one. */
  readonly recipients: readonly string[];
  /** Subject line, where the channel has one. */
  readonly subject?: string;
  /** The message text. */
  readonly message: string;
}

/**
 * What an action applies to. A request carries the fields its kind reads (see
 * `ACTION_KINDS_V1`), and may carry more (a `stop_process` request names the `process` and the
 * `device` it runs on). Fields the requester does not know are absent, never empty strings.
 */
export interface ActionTargetV1 {
  /** A device (`contain_device`, `allow_device`; where a file or process lives). */
  readonly device?: DeviceTargetV1;
  /** An account (`disable_account`, `enable_account`, `revoke_sessions`). */
  readonly account?: AccountTargetV1;
  /** An IPv4 or IPv6 address or CIDR network (`deny_ip`, `allow_ip`). */
  readonly ip?: string;
  /** A domain name (`deny_domain`, `allow_domain`). */
  readonly domain?: string;
  /** An absolute URL (`deny_url`, `allow_url`). */
  readonly url?: string;
  /** A file (`deny_file_hash`, `allow_file_hash`, `contain_file`, `delete_file`). */
  readonly file?: FileTargetV1;
  /** A process (`stop_process`). */
  readonly process?: ProcessTargetV1;
  /** A notification (`notify`). */
  readonly notification?: NotificationTargetV1;
}

/** How a device is contained (OpenC2 ER `device_containment`). */
export type DeviceContainmentV1 = 'network_isolation' | 'app_restriction' | 'disable_nic';

/** Vendor-neutral modifiers of a request. A connector ignores those its vendor has no notion of. */
export interface ActionOptionsV1 {
  /**
   * For `contain_device`: how far to isolate. `network_isolation` (the default when absent)
   * cuts the network but the EDR's channel; `app_restriction` lets only allowed applications run
   * (Defender's Selective isolation); `disable_nic` turns the interfaces off.
   */
  readonly containment?: DeviceContainmentV1;
  /** When the action should start, epoch milliseconds (UTC). */
  readonly startTime?: number;
  /** When the action should be undone, epoch milliseconds (UTC). */
  readonly stopTime?: number;
  /** How long the action lasts, in milliseconds. */
  readonly durationMs?: number;
  /** The `requestId` of the request this one undoes (set on compensations). */
  readonly undoes?: string;
}

/**
 * A vendor-neutral request for one action kind: what the consumer of the contract (the
 * response layer, a CLI, a UI) hands to a connector action's input builder
 * (`ActionManifestV1.implements`), which turns it into the action's own input.
 *
 * Requests are plain data (JSON-serialisable), built once per intended effect.
 */
export interface ActionRequestV1 {
  /** The kind asked for; the builder called is the one registered for it. */
  readonly kind: ActionKindV1;
  /**
   * Unique per intended effect (OpenC2 `request_id`): the same id means the same effect, so a
   * consumer retrying a request keeps it, and a builder may pass it to vendors that accept a
   * client request id. 1–200 characters.
   */
  readonly requestId: string;
  /** What the action applies to. */
  readonly target: ActionTargetV1;
  /** Why, in words: shown to approvers and usually written to the vendor's comment field. */
  readonly reason?: string;
  /** The incident the request answers, when there is one. */
  readonly incidentId?: string;
  /** Vendor-neutral modifiers. */
  readonly options?: ActionOptionsV1;
}
