import type { NormalizedEvent } from '@openmdr/connector-kit';
import { NormalizationError } from '@openmdr/connector-kit';
import { buildEvent, extend, type RecordReader } from '@openmdr/connector-kit/normalize';
import { type EveRecord, keys } from './normalize-common.js';

const ADDRESS = /^[^\s@<>"]+@[^\s@<>"]+$/;

/** The bare address of `"Alice" <alice@example.com>`, `<alice@example.com>` or `alice@example.com`. */
export function mailAddress(text: string | undefined): string | undefined {
  if (!text) return undefined;
  const bracketed = /<([^<>]*)>\s*$/.exec(text);
  const address = (bracketed ? bracketed[1] : text)?.trim();
  return address && ADDRESS.test(address) ? address : undefined;
}

function addresses(reader: RecordReader | undefined, path: string): string[] | undefined {
  if (!reader) return undefined;
  const value = reader.value(path);
  const items = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : [];
  const out = items
    .map((item) => (typeof item === 'string' ? mailAddress(item) : undefined))
    .filter((item): item is string => item !== undefined);
  return out.length > 0 ? out : undefined;
}

/** The fields of `smtp` and `email` an SMTP record maps (the rest stays in `unmapped`). */
const SMTP_LEFTOVERS = {
  smtp: keys('helo', 'mail_from', 'rcpt_to'),
  email: keys('from', 'to', 'cc', 'subject', 'message_id', 'attachment', 'url'),
};

/**
 * A Suricata `smtp` record (one SMTP transaction, with its `email` object when the message was
 * parsed) → OCSF Email Activity (4009), Send (1), direction Unknown: envelope sender and
 * recipients (`smtp_from`, `smtp_to`), header From/To/Cc (the envelope's when the message was
 * not parsed), subject, Message-ID, the HELO name,
 * attachments' names and URLs Suricata extracted.
 */
export function normalizeSmtp(eve: EveRecord): NormalizedEvent {
  const smtp = eve.section('smtp');
  const email = eve.section('email');
  if (!smtp && !email) {
    throw new NormalizationError('smtp is missing or not an object', { path: 'smtp' });
  }
  const attachments = email?.strings('attachment') ?? [];
  const urls = email?.strings('url') ?? [];
  const smtpFrom = mailAddress(smtp?.string('mail_from'));
  const smtpTo = addresses(smtp, 'rcpt_to');
  // OCSF needs a sender or a recipient: the header's, else the envelope's.
  const from = mailAddress(email?.string('from')) ?? smtpFrom;
  const to = addresses(email, 'to') ?? smtpTo;
  if (!from && !to) {
    throw new NormalizationError(
      'smtp.mail_from and smtp.rcpt_to are missing: no sender nor recipient',
      {
        path: 'smtp.mail_from',
      },
    );
  }
  return buildEvent(
    'email_activity',
    extend(eve.common(), {
      app_protocol_name: undefined,
      activity_id: 1,
      severity_id: 1,
      direction_id: 0,
      protocol_name: 'smtp',
      smtp_hello: smtp?.string('helo'),
      email: {
        from,
        to,
        cc: addresses(email, 'cc'),
        subject: email?.string('subject'),
        message_uid: email?.string('message_id'),
        smtp_from: smtpFrom,
        smtp_to: smtpTo,
        files: attachments.map((name) => ({ name, type_id: 1 })),
        urls: urls.map((url) => ({ url_string: url })),
      },
      unmapped: eve.unmapped(SMTP_LEFTOVERS),
    }),
    { source: 'Suricata smtp', record: eve.reader.record, options: eve.options },
  );
}
