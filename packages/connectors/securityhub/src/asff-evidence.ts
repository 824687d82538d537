import {
  compact,
  filePart,
  locationPart,
  macAddress,
  type OcsfPart,
  part,
  processEvidences,
  type RecordReader,
  validIp,
} from '@openmdr/connector-kit/normalize';
import { optionalTime } from './asff-common.js';

/** A TCP/UDP port (ASFF sends numbers, some producers numeric strings), or `undefined`. */
function portOf(reader: RecordReader | undefined, path: string): number | undefined {
  const port = reader?.number(path);
  return port !== undefined && Number.isInteger(port) && port >= 0 && port <= 65_535
    ? port
    : undefined;
}

/** An endpoint, or `undefined` unless it has an address or a domain (OCSF's identity rule). */
function endpoint(value: OcsfPart): OcsfPart | undefined {
  const endpointPart = part(value);
  return endpointPart && (endpointPart['ip'] !== undefined || endpointPart['domain'] !== undefined)
    ? endpointPart
    : undefined;
}

/**
 * An endpoint of an ASFF `RemoteIpDetails` (GuardDuty actions): address, location, AS and ISP.
 */
function remoteEndpoint(details: RecordReader | undefined, port?: number): OcsfPart | undefined {
  if (!details) return undefined;
  const asn = details.number('Organization.Asn');
  return endpoint({
    ip: details.ip('IpAddressV4') ?? details.ip('IpAddressV6'),
    port,
    location: locationPart({
      city: details.string('City.CityName'),
      country: details.string('Country.CountryCode'),
      lat: details.number('GeoLocation.Lat'),
      long: details.number('GeoLocation.Lon'),
    }),
    autonomous_system: part({
      number: asn !== undefined && Number.isInteger(asn) && asn >= 0 ? asn : undefined,
      name: details.string('Organization.AsnOrg'),
    }),
    isp: details.string('Organization.Isp'),
    isp_org: details.string('Organization.Org'),
  });
}

/** OCSF `direction_id` by ASFF direction words (`IN`/`OUT`, `INBOUND`/`OUTBOUND`). */
function directionId(direction: string | undefined): number | undefined {
  if (direction === undefined) return undefined;
  const word = direction.toUpperCase();
  if (word === 'IN' || word === 'INBOUND') return 1;
  if (word === 'OUT' || word === 'OUTBOUND') return 2;
  return 99;
}

/** A connection's OCSF `connection_info`, or `undefined` without a direction or protocol. */
function connectionInfo(direction: string | undefined, protocol: string | undefined) {
  const id = directionId(direction);
  if (id === undefined && protocol === undefined) return undefined;
  return compact({
    direction_id: id ?? 0,
    direction: id === 99 ? direction : undefined,
    protocol_name: protocol?.toLowerCase(),
  });
}

/** Evidence of the ASFF `Network` object: both endpoints and the connection. */
function networkEvidence(network: RecordReader | undefined): OcsfPart | undefined {
  if (!network) return undefined;
  const side = (prefix: 'Source' | 'Destination') =>
    endpoint({
      ip: network.ip(`${prefix}IpV4`) ?? network.ip(`${prefix}IpV6`),
      port: portOf(network, `${prefix}Port`),
      domain: network.string(`${prefix}Domain`),
      mac: macAddress(network.value(`${prefix}Mac`)),
    });
  const evidence = part({
    src_endpoint: side('Source'),
    dst_endpoint: side('Destination'),
    connection_info: connectionInfo(network.string('Direction'), network.string('Protocol')),
  });
  return evidence ? { ...evidence, name: 'Network' } : undefined;
}

/** Evidence of the ASFF `Process` object (name, path, pid, parent pid, launch and end). */
function processEvidence(process: RecordReader | undefined): OcsfPart[] {
  if (!process) return [];
  const pid = process.number('Pid');
  const parentPid = process.number('ParentPid');
  const path = process.string('Path');
  const name = process.string('Name');
  return processEvidences(
    part({
      name,
      pid: pid !== undefined && Number.isInteger(pid) ? pid : undefined,
      file: filePart({ path, name: path ? undefined : name }),
      created_time: optionalTime(process, 'LaunchedAt'),
      terminated_time: optionalTime(process, 'TerminatedAt'),
      parent_process: part({
        pid: parentPid !== undefined && Number.isInteger(parentPid) ? parentPid : undefined,
      }),
    }),
    { name: 'Process' },
  );
}

/**
 * Evidences of the ASFF `Action` of a GuardDuty finding: the API call (operation, service,
 * caller's address), the DNS request, the network connection or each probed port.
 */
function actionEvidences(action: RecordReader | undefined): OcsfPart[] {
  if (!action) return [];
  const out: (OcsfPart | undefined)[] = [];
  const api = action.object('AwsApiCallAction');
  if (api) {
    const operation = api.string('Api');
    out.push(
      part({
        name: 'AwsApiCallAction',
        api: operation
          ? compact({ operation, service: part({ name: api.string('ServiceName') }) })
          : undefined,
        src_endpoint: remoteEndpoint(api.object('RemoteIpDetails')),
        dst_endpoint: endpoint({ domain: api.string('DomainDetails.Domain') }),
      }),
    );
  }
  const dns = action.string('DnsRequestAction.Domain');
  if (dns) out.push({ name: 'DnsRequestAction', query: { hostname: dns } });
  const connection = action.object('NetworkConnectionAction');
  if (connection) {
    const direction = connection.string('ConnectionDirection');
    const remote = remoteEndpoint(
      connection.object('RemoteIpDetails'),
      portOf(connection, 'RemotePortDetails.Port'),
    );
    const local = part({ port: portOf(connection, 'LocalPortDetails.Port') });
    const inbound = directionId(direction) === 1;
    out.push(
      part({
        name: 'NetworkConnectionAction',
        src_endpoint: inbound ? remote : undefined,
        dst_endpoint: inbound ? undefined : remote,
        connection_info: connectionInfo(direction, connection.string('Protocol')),
        data: local ? { local_port: local['port'] } : undefined,
      }),
    );
  }
  for (const probe of action.objects('PortProbeAction.PortProbeDetails')) {
    out.push(
      part({
        name: 'PortProbeAction',
        src_endpoint: remoteEndpoint(probe.object('RemoteIpDetails')),
        dst_endpoint: endpoint({
          ip: probe.ip('LocalIpDetails.IpAddressV4') ?? probe.ip('LocalIpDetails.IpAddressV6'),
          port: portOf(probe, 'LocalPortDetails.Port'),
        }),
      }),
    );
  }
  return out.filter(
    (evidence): evidence is OcsfPart =>
      evidence !== undefined && Object.keys(evidence).some((key) => key !== 'name'),
  );
}

/**
 * OCSF `evidences` of an ASFF finding: its `Network`, `Process` and `Action` objects, each
 * named for the ASFF object it comes from.
 */
export function asffEvidences(finding: RecordReader): OcsfPart[] | undefined {
  const out = [
    networkEvidence(finding.object('Network')),
    ...processEvidence(finding.object('Process')),
    ...actionEvidences(finding.object('Action')),
  ].filter((evidence): evidence is OcsfPart => evidence !== undefined);
  return out.length > 0 ? out : undefined;
}

/** OCSF observable `type_id` by ASFF `ThreatIntelIndicators[].Type`. */
const INDICATOR_TYPE_IDS: Readonly<Record<string, number>> = {
  DOMAIN: 1,
  IPV4_ADDRESS: 2,
  IPV6_ADDRESS: 2,
  EMAIL_ADDRESS: 5,
  URL: 6,
  HASH_MD5: 8,
  HASH_SHA1: 8,
  HASH_SHA256: 8,
  HASH_SHA512: 8,
  PROCESS: 9,
};

/**
 * OCSF `observables` of an ASFF finding's `ThreatIntelIndicators` (by indicator type; an
 * address that is no IP stays Other), then the addresses and domains of its `Network`.
 */
export function asffObservables(finding: RecordReader): OcsfPart[] | undefined {
  const out: OcsfPart[] = [];
  for (const indicator of finding.objects('ThreatIntelIndicators')) {
    const value = indicator.string('Value');
    if (value === undefined) continue;
    const type = indicator.string('Type')?.toUpperCase();
    let typeId = type === undefined ? 0 : (INDICATOR_TYPE_IDS[type] ?? 99);
    if (typeId === 2 && validIp(value) === undefined) typeId = 99;
    out.push(
      compact({
        name: indicator.pathOf('Value'),
        type_id: typeId,
        type: typeId === 99 ? type : undefined,
        value,
      }),
    );
  }
  const network = finding.object('Network');
  if (network) {
    for (const prefix of ['Source', 'Destination']) {
      for (const version of ['IpV4', 'IpV6']) {
        const ip = network.ip(`${prefix}${version}`);
        if (ip) out.push({ name: network.pathOf(`${prefix}${version}`), type_id: 2, value: ip });
      }
      const domain = network.string(`${prefix}Domain`);
      if (domain) out.push({ name: network.pathOf(`${prefix}Domain`), type_id: 1, value: domain });
    }
  }
  return out.length > 0 ? out : undefined;
}
