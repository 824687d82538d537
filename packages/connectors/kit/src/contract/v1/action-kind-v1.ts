/**
 * The response action kinds a connector action may declare that it implements: OpenMDR's
 * response vocabulary, aligned with OpenC2 (Language Specification v1.0 and the Endpoint
 * Response profile). Each kind is one effect on one kind of target; the target fields it reads
 * are those of `ActionRequestV1.target` named below.
 *
 * | kind | effect | target field |
 * |---|---|---|
 * | `contain_device` / `allow_device` | network-isolate a device / lift the isolation (OpenC2 `contain` / `allow` `device`) | `device` (+ `options.containment`) |
 * | `disable_account` / `enable_account` | block / allow sign-in (OpenC2 ER `set er:account` `account_status`) | `account` |
 * | `deny_ip` / `allow_ip` | block / unblock an address or network (`ipv4_net`, `ipv6_net`) | `ip` |
 * | `deny_domain` / `allow_domain` | block / unblock a domain (`domain_name`) | `domain` |
 * | `deny_url` / `allow_url` | block / unblock a URL (`uri`) | `url` |
 * | `deny_file_hash` / `allow_file_hash` | block / unblock a file by hash everywhere (`file` with `hashes`) | `file.hashes` |
 * | `stop_process` | kill a process (`stop process`) | `process` (+ `device`) |
 * | `contain_file` / `delete_file` | quarantine / delete a file on a device | `file` (+ `device`) |
 * | `query_features` | what an actuator supports (`query features`) | none: answered by the consumer from the declared kinds, never declared by a connector |
 * | `revoke_sessions` | sign an account out everywhere (extension `delete x-openmdr:sessions`) | `account` |
 * | `notify` | send a notification (extension `create x-openmdr:notification`) | `notification` |
 *
 * The list only grows within v1: a kind is never removed or renamed (that is a new contract
 * version). `@openmdr/response`'s `ACTION_KINDS` holds the same kinds in the same order (a test
 * there checks it).
 */
export const ACTION_KINDS_V1 = [
  'contain_device',
  'allow_device',
  'disable_account',
  'enable_account',
  'deny_ip',
  'allow_ip',
  'deny_domain',
  'allow_domain',
  'deny_url',
  'allow_url',
  'deny_file_hash',
  'allow_file_hash',
  'stop_process',
  'contain_file',
  'delete_file',
  'query_features',
  'revoke_sessions',
  'notify',
] as const;

/** A response action kind of the v1 vocabulary (`contain_device`, `disable_account`, …); see {@link ACTION_KINDS_V1}. */
export type ActionKindV1 = (typeof ACTION_KINDS_V1)[number];
