import type { JsonRecord } from '@openmdr/connector-kit/normalize';
import conn from '../__fixtures__/conn.json' with { type: 'json' };
import dceRpc from '../__fixtures__/dce_rpc.json' with { type: 'json' };
import dhcp from '../__fixtures__/dhcp.json' with { type: 'json' };
import dns from '../__fixtures__/dns.json' with { type: 'json' };
import files from '../__fixtures__/files.json' with { type: 'json' };
import ftp from '../__fixtures__/ftp.json' with { type: 'json' };
import http from '../__fixtures__/http.json' with { type: 'json' };
import kerberos from '../__fixtures__/kerberos.json' with { type: 'json' };
import notice from '../__fixtures__/notice.json' with { type: 'json' };
import ntlm from '../__fixtures__/ntlm.json' with { type: 'json' };
import rdp from '../__fixtures__/rdp.json' with { type: 'json' };
import smbFiles from '../__fixtures__/smb_files.json' with { type: 'json' };
import smbMapping from '../__fixtures__/smb_mapping.json' with { type: 'json' };
import smtp from '../__fixtures__/smtp.json' with { type: 'json' };
import ssh from '../__fixtures__/ssh.json' with { type: 'json' };
import ssl from '../__fixtures__/ssl.json' with { type: 'json' };
import weird from '../__fixtures__/weird.json' with { type: 'json' };
import x509 from '../__fixtures__/x509.json' with { type: 'json' };
import type { ZeekLog } from '../zeek-log.js';

/**
 * The records the log simulator writes, by log: this package's own test fixtures (written from
 * Zeek's documented field lists; see `src/__fixtures__/README.md`), bundled into the build.
 */
export const ZEEK_SAMPLE_RECORDS: Readonly<Record<ZeekLog, readonly JsonRecord[]>> = {
  conn: conn,
  dns: dns,
  http: http,
  ssl: ssl,
  x509: x509,
  files: files,
  notice: notice,
  weird: weird,
  ssh: ssh,
  smtp: smtp,
  ftp: ftp,
  rdp: rdp,
  dhcp: dhcp,
  kerberos: kerberos,
  ntlm: ntlm,
  smb_files: smbFiles,
  smb_mapping: smbMapping,
  dce_rpc: dceRpc,
};
