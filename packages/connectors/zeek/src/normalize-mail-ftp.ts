import type { NormalizedEvent } from '@openmdr/connector-kit';
import {
  baseName,
  buildEvent,
  extend,
  type NormalizeOptions,
  validIp,
} from '@openmdr/connector-kit/normalize';
import {
  mappedFields,
  zeekNetworkBase,
  zeekSessionActivity,
  zeekSource,
} from './normalize-common.js';
import type { ZeekFields } from './zeek-fields.js';

const EMAIL = /^[^\s@<>"]+@[^\s@<>"]+$/;

/** The bare address of `"Alice" <alice@example.com>`, `<alice@example.com>` or `alice@…`. */
export function mailAddress(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const bracketed = /<([^<>]*)>/.exec(value)?.[1] ?? value.trim();
  return EMAIL.test(bracketed) ? bracketed : undefined;
}

const SMTP_MAPPED = mappedFields(
  'trans_depth',
  'helo',
  'mailfrom',
  'rcptto',
  'from',
  'to',
  'cc',
  'reply_to',
  'msg_id',
  'subject',
  'x_originating_ip',
  'last_reply',
  'is_webmail',
);

/**
 * A Zeek `smtp.log` record as OCSF Email Activity (4009), activity Send (1): envelope sender and
 * recipients (`mailfrom`, `rcptto`) and the header ones (`from`, `to`, `cc`, `reply_to`; bare
 * addresses, display names dropped), subject, message id, HELO, originating IP, the last reply
 * as the status. Direction is Unknown (0): smtp.log does not say which side is local.
 *
 * A session in which neither a sender nor a recipient address can be read (it turned to STARTTLS
 * first) is Network Activity with the application protocol `smtp` instead.
 *
 * @throws {NormalizationError} naming the field when `ts` or both endpoints are missing.
 */
export function normalizeZeekSmtp(fields: ZeekFields, options?: NormalizeOptions): NormalizedEvent {
  const base = zeekNetworkBase(fields, 'smtp', SMTP_MAPPED, 'tcp');
  const from = mailAddress(fields.string('from')) ?? mailAddress(fields.string('mailfrom'));
  const to = [...fields.strings('to'), ...fields.strings('rcptto')]
    .flatMap((item) => item.split(','))
    .map(mailAddress)
    .filter((item): item is string => item !== undefined);
  // STARTTLS before the envelope: no address to make an Email Activity of.
  if (from === undefined && to.length === 0)
    return zeekSessionActivity(fields, 'smtp', 'smtp', options);
  const lastReply = fields.string('last_reply');
  return buildEvent(
    'email_activity',
    extend(base, {
      connection_info: undefined,
      activity_id: 1,
      direction_id: 0,
      metadata: base['metadata'] as Record<string, unknown>,
      smtp_hello: fields.string('helo'),
      status_detail: lastReply,
      email: {
        from,
        to: [...new Set(to)],
        cc: fields
          .strings('cc')
          .map(mailAddress)
          .filter((item) => item !== undefined),
        reply_to: mailAddress(fields.string('reply_to')),
        smtp_from: mailAddress(fields.string('mailfrom')),
        smtp_to: fields
          .strings('rcptto')
          .map(mailAddress)
          .filter((item) => item !== undefined),
        subject: fields.string('subject'),
        message_uid: fields.string('msg_id'),
        x_originating_ip: fields
          .strings('x_originating_ip')
          .map((ip) => validIp(ip))
          .filter((ip) => ip !== undefined),
      },
    }),
    zeekSource('smtp', fields.record, options),
  );
}

const FTP_MAPPED = mappedFields(
  'command',
  'arg',
  'mime_type',
  'file_size',
  'reply_code',
  'reply_msg',
  'data_channel.passive',
  'data_channel.orig_h',
  'data_channel.resp_h',
  'data_channel.resp_p',
  'data_channel',
);

const FTP_ACTIVITIES: Readonly<Record<string, number>> = {
  STOR: 1,
  STOU: 1,
  APPE: 1,
  RETR: 2,
  DELE: 4,
  RMD: 4,
  RNFR: 5,
  RNTO: 5,
  LIST: 6,
  NLST: 6,
  MLSD: 6,
};

/**
 * A Zeek `ftp.log` record as OCSF FTP Activity (4008): the command (STOR/STOU/APPE Put, RETR
 * Get, DELE Delete, RNFR/RNTO Rename, LIST/NLST/MLSD List, others Other), its argument, the
 * reply code and message, the file transferred (name from the argument, size, MIME type), the
 * data channel's port and whether it is passive.
 *
 * @throws {NormalizationError} naming the field when `ts` or both endpoints are missing.
 */
export function normalizeZeekFtp(fields: ZeekFields, options?: NormalizeOptions): NormalizedEvent {
  const base = zeekNetworkBase(fields, 'ftp', FTP_MAPPED, 'tcp');
  const command = fields.string('command')?.toUpperCase();
  const activity = command === undefined ? 0 : (FTP_ACTIVITIES[command] ?? 99);
  const arg = fields.string('arg');
  const code = fields.count('reply_code');
  const carriesFile = activity === 1 || activity === 2 || activity === 4;
  const passive = fields.boolean('data_channel.passive');
  return buildEvent(
    'ftp_activity',
    extend(base, {
      activity_id: activity,
      activity_name: activity === 99 ? command : undefined,
      metadata: base['metadata'] as Record<string, unknown>,
      app_protocol_name: 'ftp',
      command,
      name: arg,
      codes: code === undefined ? undefined : [code],
      command_responses:
        fields.string('reply_msg') === undefined ? undefined : [fields.string('reply_msg')],
      port: fields.count('data_channel.resp_p'),
      type: passive === undefined ? undefined : passive ? 'Passive' : 'Active',
      file:
        carriesFile && arg !== undefined
          ? {
              name: baseName(arg.replace(/^ftp:\/\/[^/]+/, '')),
              path: arg,
              type_id: 1,
              size: fields.count('file_size'),
              mime_type: fields.string('mime_type'),
            }
          : undefined,
    }),
    zeekSource('ftp', fields.record, options),
  );
}
