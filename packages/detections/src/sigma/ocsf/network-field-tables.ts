import type { OcsfFieldRule, OcsfFieldTable } from './field-tables.js';

/**
 * Sigma network fields → OCSF attributes, as the Zeek and Suricata normalisers of
 * `@openmdr/connector-zeek` and `@openmdr/connector-suricata` write them. A field no table
 * names is read from `unmapped.<field>`, where the Zeek normaliser keeps every field it does not
 * map (`Z`, `rejected`, `cipher`, `client_header_names`, dce_rpc's `endpoint` and `operation`).
 *
 * @module
 */

/** The connection id every Zeek log carries, and the connection uid and log name. */
const zeekCommon: OcsfFieldTable = {
  'id.orig_h': 'src_endpoint.ip',
  'id.orig_p': 'src_endpoint.port',
  'id.resp_h': 'dst_endpoint.ip',
  'id.resp_p': 'dst_endpoint.port',
  uid: 'metadata.correlation_uid',
  proto: 'connection_info.protocol_name',
  community_id: 'connection_info.community_uid',
  _path: 'metadata.log_name',
};

const METHOD: OcsfFieldRule = { ocsf: ['http_request.http_method', 'activity_name'] };
const URI: OcsfFieldRule = { ocsf: 'http_request.url', read: 'url-uri' };
const HOST = 'http_request.url.hostname';
const ANSWERS: OcsfFieldRule = { ocsf: 'answers', read: 'rdata' };

/** The endpoints, in the generic categories' names. */
const endpoints: OcsfFieldTable = {
  src_ip: 'src_endpoint.ip',
  dst_ip: 'dst_endpoint.ip',
  src_port: 'src_endpoint.port',
  dst_port: 'dst_endpoint.port',
};

/** Proxy and web server access-log names (W3C extended log format) on HTTP Activity (4002). */
const httpGeneric: OcsfFieldTable = {
  ...endpoints,
  'c-ip': 'src_endpoint.ip',
  's-ip': 'dst_endpoint.ip',
  'c-uri': { ocsf: 'http_request.url', read: 'url-uri-and-string' },
  'cs-uri': URI,
  'cs-uri-query': URI,
  'c-uri-query': 'http_request.url.query_string',
  'c-uri-stem': 'http_request.url.path',
  'cs-uri-stem': 'http_request.url.path',
  'c-uri-extension': { ocsf: 'http_request.url', read: 'url-extension' },
  'cs-host': HOST,
  'r-dns': HOST,
  'c-useragent': 'http_request.user_agent',
  'cs-user-agent': 'http_request.user_agent',
  'cs-method': METHOD,
  'sc-status': 'http_response.code',
  'cs-referrer': 'http_request.referrer',
  'cs-referer': 'http_request.referrer',
  'cs-username': 'unmapped.username',
  'cs-bytes': { ocsf: ['http_request.body_length', 'http_request.length'] },
  'sc-bytes': { ocsf: ['http_response.body_length', 'http_response.length'] },
};

/** Zeek `http.log` (HTTP Activity, 4002), and the proxy names its SigmaHQ rules also use. */
const zeekHttp: OcsfFieldTable = {
  ...zeekCommon,
  ...httpGeneric,
  method: METHOD,
  host: HOST,
  uri: URI,
  referrer: 'http_request.referrer',
  version: 'http_request.version',
  user_agent: 'http_request.user_agent',
  request_body_len: 'http_request.body_length',
  response_body_len: 'http_response.body_length',
  status_code: 'http_response.code',
  status_msg: 'http_response.message',
  resp_mime_types: 'http_response.content_type',
};

/**
 * Network rule table key → Sigma field → OCSF attribute: `zeek:<log>` for `product: zeek`
 * rules (Zeek's field names), and the generic categories `dns`, `proxy`, `webserver`,
 * `firewall` (for Zeek and Suricata events alike).
 */
export const NETWORK_OCSF_FIELD_TABLES: Readonly<Record<string, OcsfFieldTable>> = {
  'zeek:conn': {
    ...zeekCommon,
    service: 'app_protocol_name',
    conn_state: 'status_detail',
    history: 'connection_info.flag_history',
    duration: { ocsf: 'duration', read: 'seconds' },
    orig_bytes: 'traffic.bytes_out',
    resp_bytes: 'traffic.bytes_in',
    orig_pkts: 'traffic.packets_out',
    resp_pkts: 'traffic.packets_in',
    missed_bytes: 'traffic.bytes_missed',
    orig_l2_addr: 'src_endpoint.mac',
    resp_l2_addr: 'dst_endpoint.mac',
  },
  'zeek:dns': {
    ...zeekCommon,
    query: 'query.hostname',
    qtype_name: 'query.type',
    qclass_name: 'query.class',
    trans_id: 'query.packet_uid',
    answers: ANSWERS,
    rcode: 'rcode_id',
    rcode_name: { ocsf: 'rcode_id', read: 'dns-rcode-name' },
  },
  'zeek:http': zeekHttp,
  'zeek:ssl': {
    ...zeekCommon,
    server_name: 'tls.sni',
    cipher: 'tls.cipher',
    ja3: 'tls.ja3_hash.value',
    ja3s: 'tls.ja3s_hash.value',
  },
  'zeek:x509': {
    'certificate.serial': 'tls.certificate.serial_number',
    'certificate.subject': 'tls.certificate.subject',
    'certificate.issuer': 'tls.certificate.issuer',
    'certificate.version': 'tls.certificate.version',
  },
  'zeek:smb_files': {
    ...zeekCommon,
    path: 'share',
    name: { ocsf: 'file.path', read: 'smb-name' },
    fuid: 'file.uid',
    size: 'file.size',
  },
  'zeek:smb_mapping': { ...zeekCommon, path: 'share', service: 'unmapped.service' },
  'zeek:dce_rpc': {
    ...zeekCommon,
    endpoint: 'unmapped.endpoint',
    operation: 'unmapped.operation',
    named_pipe: 'unmapped.named_pipe',
  },
  'zeek:kerberos': {
    ...zeekCommon,
    request_type: { ocsf: 'activity_id', read: 'kerberos-request-type' },
    client: { ocsf: 'user', read: 'principal' },
    service: 'service.name',
    success: { ocsf: 'status_id', read: 'success' },
    error_msg: 'status_detail',
    error_code: 'status_code',
  },
  'zeek:ntlm': {
    ...zeekCommon,
    username: 'user.name',
    domainname: 'user.domain',
    hostname: 'src_endpoint.hostname',
    success: { ocsf: 'status_id', read: 'success' },
    status: 'status_detail',
  },
  'zeek:rdp': {
    ...zeekCommon,
    cookie: 'identifier_cookie',
    result: 'status_detail',
    client_name: 'src_endpoint.hostname',
    client_build: 'protocol_ver',
  },
  dns: {
    ...endpoints,
    query: 'query.hostname',
    record_type: 'query.type',
    answer: ANSWERS,
  },
  proxy: httpGeneric,
  webserver: httpGeneric,
  firewall: endpoints,
};

/** The heading of each network table in `docs/detections/ocsf-mapping.md`. */
export const NETWORK_TABLE_TITLES: Readonly<Record<string, string>> = {
  'zeek:conn': 'Zeek conn.log — Network Activity (4001)',
  'zeek:dns': 'Zeek dns.log — DNS Activity (4003)',
  'zeek:http': 'Zeek http.log — HTTP Activity (4002)',
  'zeek:ssl': 'Zeek ssl.log — Network Activity (4001)',
  'zeek:x509': 'Zeek x509.log — Network Activity (4001)',
  'zeek:smb_files': 'Zeek smb_files.log — SMB Activity (4006)',
  'zeek:smb_mapping': 'Zeek smb_mapping.log — SMB Activity (4006)',
  'zeek:dce_rpc': 'Zeek dce_rpc.log — Network Activity (4001)',
  'zeek:kerberos': 'Zeek kerberos.log — Authentication (3002)',
  'zeek:ntlm': 'Zeek ntlm.log — Authentication (3002)',
  'zeek:rdp': 'Zeek rdp.log — RDP Activity (4005)',
  dns: 'category: dns — DNS Activity (4003)',
  proxy: 'category: proxy — HTTP Activity (4002)',
  webserver: 'category: webserver — HTTP Activity (4002)',
  firewall: 'category: firewall — Network Activity (4001)',
};
