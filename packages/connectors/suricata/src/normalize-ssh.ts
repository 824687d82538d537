import type { NormalizedEvent } from '@openmdr/connector-kit';
import { NormalizationError } from '@openmdr/connector-kit';
import {
  buildEvent,
  extend,
  fingerprint,
  type OcsfPart,
  type RecordReader,
} from '@openmdr/connector-kit/normalize';
import { type EveRecord, keys } from './normalize-common.js';

function hasshOf(side: RecordReader | undefined): OcsfPart | undefined {
  const hash = side?.string('hassh.hash');
  return hash
    ? { algorithm: side?.string('hassh.string'), fingerprint: fingerprint('MD5', hash) }
    : undefined;
}

/** An SSH record keeps the whole `ssh` object in `unmapped` (its software banners have no OCSF place). */
const SSH_LEFTOVERS = { ssh: keys() };

/**
 * A Suricata `ssh` record (the handshake of an SSH session) → OCSF SSH Activity (4007), Open (1):
 * the protocol version and the client and server HASSH; the software each side announced stays in
 * `unmapped.ssh`.
 */
export function normalizeSsh(eve: EveRecord): NormalizedEvent {
  const ssh = eve.section('ssh');
  if (!ssh) throw new NormalizationError('ssh is missing or not an object', { path: 'ssh' });
  const client = ssh.object('client');
  const server = ssh.object('server');
  return buildEvent(
    'ssh_activity',
    extend(eve.common(), {
      activity_id: 1,
      severity_id: 1,
      connection_info: eve.connectionInfo(),
      protocol_ver: client?.string('proto_version') ?? server?.string('proto_version'),
      client_hassh: hasshOf(client),
      server_hassh: hasshOf(server),
      unmapped: eve.unmapped(SSH_LEFTOVERS),
    }),
    { source: 'Suricata ssh', record: eve.reader.record, options: eve.options },
  );
}
