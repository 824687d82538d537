import * as z from 'zod';
import { OPENC2_ACTIONS, OPENC2_STATUS_CODES, type OpenC2StatusCode } from './openc2.js';

const nonEmpty = z.string().min(1);

/** OpenC2 `device` target: at least one of hostname, idn_hostname, device_id. */
export const deviceTargetSchema = z
  .strictObject({
    hostname: nonEmpty.optional(),
    idn_hostname: nonEmpty.optional(),
    device_id: nonEmpty.optional(),
  })
  .refine(
    (device) =>
      device.hostname !== undefined ||
      device.idn_hostname !== undefined ||
      device.device_id !== undefined,
    { message: 'a device needs hostname, idn_hostname or device_id' },
  );

/** OpenC2 ER `er:account` target: at least one of uid and account_name. */
export const accountTargetSchema = z
  .strictObject({
    uid: nonEmpty.optional(),
    account_name: nonEmpty.optional(),
    directory: nonEmpty.optional(),
  })
  .refine((account) => account.uid !== undefined || account.account_name !== undefined, {
    message: 'an account needs uid or account_name',
  });

/** OpenC2 hashes: md5, sha1, sha256 as lowercase or uppercase hex. */
export const hashesSchema = z
  .strictObject({
    md5: z
      .string()
      .regex(/^[0-9a-fA-F]{32}$/, 'md5 must be 32 hex digits')
      .optional(),
    sha1: z
      .string()
      .regex(/^[0-9a-fA-F]{40}$/, 'sha1 must be 40 hex digits')
      .optional(),
    sha256: z
      .string()
      .regex(/^[0-9a-fA-F]{64}$/, 'sha256 must be 64 hex digits')
      .optional(),
  })
  .refine((hashes) => Object.values(hashes).some((value) => value !== undefined), {
    message: 'hashes needs md5, sha1 or sha256',
  });

/** OpenC2 `file` target. */
export const fileTargetSchema = z
  .strictObject({
    name: nonEmpty.optional(),
    path: nonEmpty.optional(),
    hashes: hashesSchema.optional(),
  })
  .refine(
    (file) => file.name !== undefined || file.path !== undefined || file.hashes !== undefined,
    { message: 'a file needs name, path or hashes' },
  );

/** OpenC2 `process` target. */
export const processTargetSchema = z
  .strictObject({
    pid: z.number().int().nonnegative().optional(),
    name: nonEmpty.optional(),
    cwd: nonEmpty.optional(),
    executable: fileTargetSchema.optional(),
    command_line: nonEmpty.optional(),
  })
  .refine((process) => process.pid !== undefined || process.name !== undefined, {
    message: 'a process needs pid or name',
  });

const ipv4Net = z
  .string()
  .regex(
    /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}(\/(3[0-2]|[12]?\d))?$/,
    'an IPv4 address or CIDR (a.b.c.d or a.b.c.d/n)',
  );
const ipv6Net = z
  .string()
  .regex(/^[0-9a-fA-F:.]{2,45}(\/(12[0-8]|1[01]\d|[1-9]?\d))?$/, 'an IPv6 address or CIDR')
  .refine((value) => value.includes(':'), 'an IPv6 address contains ":"');

/** OpenMDR extension target `x-openmdr:sessions`: the sign-in sessions of an account. */
export const sessionsTargetSchema = z.strictObject({ account: accountTargetSchema });

/** OpenMDR extension target `x-openmdr:notification`: a message to people. */
export const notificationTargetSchema = z.strictObject({
  /** Where to send: `email`, `slack`, `teams`, `webhook`, `pager`, … (a notifier's id). */
  channel: nonEmpty,
  /** Who receives it: addresses, user or channel ids. */
  recipients: z.array(nonEmpty).min(1),
  subject: nonEmpty.optional(),
  message: nonEmpty,
});

/**
 * A command target: exactly one of the OpenC2 target types OpenMDR's vocabulary uses, keyed by
 * its OpenC2 name.
 */
export const targetSchema = z.union([
  z.strictObject({ device: deviceTargetSchema }),
  z.strictObject({ 'er:account': accountTargetSchema }),
  z.strictObject({ ipv4_net: ipv4Net }),
  z.strictObject({ ipv6_net: ipv6Net }),
  z.strictObject({
    domain_name: z.string().regex(/^(?=.{1,253}$)[^\s/:@]+\.[^\s/:@]+$/, 'a domain name'),
  }),
  z.strictObject({ uri: z.url() }),
  z.strictObject({ file: fileTargetSchema }),
  z.strictObject({ process: processTargetSchema }),
  z.strictObject({ features: z.array(z.enum(['versions', 'profiles', 'pairs', 'rate_limit'])) }),
  z.strictObject({ 'x-openmdr:sessions': sessionsTargetSchema }),
  z.strictObject({ 'x-openmdr:notification': notificationTargetSchema }),
]);

/** A command target. */
export type Target = z.output<typeof targetSchema>;

/** The name of a target type (`device`, `er:account`, `ipv4_net`, …). */
export type TargetType = Target extends infer T
  ? T extends unknown
    ? keyof T & string
    : never
  : never;

/** OpenC2 ER arguments (namespace `er`). */
export const endpointResponseArgsSchema = z.strictObject({
  account_status: z.enum(['enabled', 'disabled']).optional(),
  device_containment: z.enum(['network_isolation', 'app_restriction', 'disable_nic']).optional(),
  permitted_addresses: z
    .strictObject({
      domain_name: z.array(nonEmpty).optional(),
      ipv4_net: z.array(nonEmpty).optional(),
      ipv6_net: z.array(nonEmpty).optional(),
    })
    .optional(),
  downstream_device: z
    .strictObject({
      devices: z.array(deviceTargetSchema).optional(),
      device_groups: z.array(nonEmpty).optional(),
      tenant_id: nonEmpty.optional(),
    })
    .optional(),
});

/** Command arguments: the OpenC2 common ones plus the `er` and `x-openmdr` namespaces. */
export const argsSchema = z.strictObject({
  /** Epoch ms when the action should start. */
  start_time: z.number().int().nonnegative().optional(),
  /** Epoch ms when the action should stop. */
  stop_time: z.number().int().nonnegative().optional(),
  /** How long the action lasts, in ms. */
  duration: z.number().int().positive().optional(),
  /** What the producer wants back (OpenC2 §3.3.1.4). */
  response_requested: z.enum(['none', 'ack', 'status', 'complete']).optional(),
  er: endpointResponseArgsSchema.optional(),
  'x-openmdr': z
    .strictObject({
      /** Why: shown to approvers and written to the audit log. */
      reason: nonEmpty.optional(),
      /** The incident this command answers. */
      incident_id: nonEmpty.optional(),
      /** The request id of the command this one undoes (set on compensations). */
      undoes: nonEmpty.optional(),
    })
    .optional(),
});

/** Command arguments. */
export type CommandArgs = z.output<typeof argsSchema>;

/**
 * Who should carry out the command. OpenC2 actuator specifiers keyed by profile; OpenMDR routes on
 * `x-openmdr.connector` (a connector id such as `crowdstrike`) when it is present.
 */
export const actuatorSchema = z.strictObject({
  er: z.strictObject({ hostname: nonEmpty.optional() }).optional(),
  'x-openmdr': z
    .strictObject({
      /** The connector id (`crowdstrike`, `defender`, `okta`, …). */
      connector: nonEmpty,
    })
    .optional(),
});

/** An actuator specifier. */
export type ActuatorSpecifier = z.output<typeof actuatorSchema>;

/**
 * An OpenC2 command as OpenMDR carries it: the command body plus the message's `request_id`, which
 * makes it idempotent: a command with a request id already dispatched is never acted on twice.
 */
export const commandSchema = z.strictObject({
  /** Unique per intended effect (a UUIDv4 is advised); 1–200 characters without control characters. */
  request_id: z
    .string()
    .min(1)
    .max(200)
    .regex(/^[^\u0000-\u001f\u007f]+$/, 'request_id must not contain control characters'),
  action: z.enum(OPENC2_ACTIONS),
  target: targetSchema,
  args: argsSchema.optional(),
  actuator: actuatorSchema.optional(),
});

/** An OpenC2 command with its request id. */
export type Command = z.output<typeof commandSchema>;

/** The results of a response: OpenC2 common results plus profile-namespaced entries. */
export const resultsSchema = z
  .object({
    versions: z.array(z.string()).optional(),
    profiles: z.array(z.string()).optional(),
    pairs: z.record(z.string(), z.array(z.string())).optional(),
    rate_limit: z.number().nonnegative().optional(),
    'x-openmdr': z
      .object({
        /** The connector that acted. */
        connector: z.string().optional(),
        /** The connector action that ran. */
        connector_action: z.string().optional(),
        /** The connector action's output (JSON). */
        output: z.unknown().optional(),
        /** A handle to poll an action still processing (status 102). */
        handle: z.string().optional(),
        /** The policy decision, when the command was refused or held for approval. */
        decision: z.string().optional(),
        /** The approval id, when held for approval. */
        approval_id: z.string().optional(),
        /** The stable error code, when it failed. */
        error_code: z.string().optional(),
      })
      .optional(),
  })
  .loose();

/** Response results. */
export type Results = z.output<typeof resultsSchema>;

/** An OpenC2 response, carrying the command's `request_id`. */
export const commandResponseSchema = z.strictObject({
  request_id: z.string().min(1),
  status: z.union(
    OPENC2_STATUS_CODES.map((code) => z.literal(code)),
  ) as z.ZodType<OpenC2StatusCode>,
  status_text: z.string().optional(),
  results: resultsSchema.optional(),
});

/** An OpenC2 response to a {@link Command}. */
export interface CommandResponse {
  request_id: string;
  status: OpenC2StatusCode;
  status_text?: string;
  results?: Results;
}
