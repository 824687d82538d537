/**
 * How the Splunk Common Information Model (CIM) field names of a search result land in an OCSF
 * Base Event: one table, read by {@link normalizeSplunkSearchResult}. `observable` fields
 * become `observables` of the given OCSF type (2 IP Address, 1 Hostname, 4 User Name, 6 URL
 * String, 7 File Name, 8 Hash, 9 Process Name, 16 HTTP User-Agent), one per value of a
 * multi-valued field; the others name the event attribute they fill.
 */
export const CIM_FIELDS: Readonly<
  Record<
    string,
    | {
        readonly attribute:
          | 'device.hostname'
          | 'device.ip'
          | 'actor.user.name'
          | 'message'
          | 'action'
          | 'severity';
      }
    | { readonly observable: number; readonly name: string }
  >
> = {
  host: { attribute: 'device.hostname' },
  dest: { observable: 1, name: 'dest' },
  dest_host: { observable: 1, name: 'dest_host' },
  dest_ip: { observable: 2, name: 'dest_ip' },
  src: { observable: 1, name: 'src' },
  src_host: { observable: 1, name: 'src_host' },
  src_ip: { observable: 2, name: 'src_ip' },
  dvc_ip: { attribute: 'device.ip' },
  user: { attribute: 'actor.user.name' },
  src_user: { observable: 4, name: 'src_user' },
  dest_user: { observable: 4, name: 'dest_user' },
  clientip: { observable: 2, name: 'clientip' },
  dvc: { observable: 1, name: 'dvc' },
  http_user_agent: { observable: 16, name: 'http_user_agent' },
  url: { observable: 6, name: 'url' },
  file_name: { observable: 7, name: 'file_name' },
  file_hash: { observable: 8, name: 'file_hash' },
  process_name: { observable: 9, name: 'process_name' },
  signature: { attribute: 'message' },
  action: { attribute: 'action' },
  severity: { attribute: 'severity' },
};
