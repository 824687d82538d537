import {
  compact,
  locationPart,
  type OcsfPart,
  type RecordReader,
} from '@openmdr/connector-kit/normalize';

/** Attributes any one of which makes an OCSF `network_endpoint` valid. */
const ENDPOINT_KEYS = [
  'ip',
  'uid',
  'name',
  'hostname',
  'svc_name',
  'instance_uid',
  'interface_uid',
  'interface_name',
  'domain',
] as const;

/** A TCP/UDP port OCSF accepts (an integer 0–65535), or `undefined`. */
export function portOf(reader: RecordReader | undefined, path: string): number | undefined {
  const port = reader?.number(path);
  return port !== undefined && Number.isInteger(port) && port >= 0 && port <= 65_535
    ? port
    : undefined;
}

/** GuardDuty's `portName`, unless it is its word for none (`Unknown`). */
function portName(details: RecordReader | undefined): string | undefined {
  return known(details, 'portName');
}

/** A string of the remote details, unless it is GuardDuty's word for none (`Unknown`). */
function known(reader: RecordReader | undefined, path: string): string | undefined {
  const value = reader?.string(path);
  return value && value.toLowerCase() !== 'unknown' ? value : undefined;
}

/** A network endpoint part when it names one (an address, a host, a service…), else `undefined`. */
export function endpointPart(input: OcsfPart): OcsfPart | undefined {
  const endpoint = compact(input);
  return ENDPOINT_KEYS.some((key) => endpoint[key] !== undefined) ? endpoint : undefined;
}

/** OCSF `autonomous_system` of GuardDuty's `organization` (a negative `asn` is its "unknown"). */
function autonomousSystem(organization: RecordReader | undefined): OcsfPart | undefined {
  const asn = organization?.number('asn');
  const number = asn !== undefined && Number.isInteger(asn) && asn > 0 ? asn : undefined;
  const name = known(organization, 'asnOrg');
  return number !== undefined || name ? compact({ number, name }) : undefined;
}

/**
 * The remote end GuardDuty describes in a `remoteIpDetails` (address, city, country, coordinates,
 * ISP, organisation, AS), with the remote port of a `remotePortDetails`, or `undefined` when it
 * gives no address.
 */
export function remoteEndpoint(action: RecordReader, extra: OcsfPart = {}): OcsfPart | undefined {
  const details = action.object('remoteIpDetails');
  const ports = action.object('remotePortDetails');
  const organization = details?.object('organization');
  return endpointPart({
    ip: details?.ip('ipAddressV4') ?? details?.ip('ipAddressV6'),
    port: portOf(ports, 'port'),
    svc_name: portName(ports),
    location: locationPart({
      city: known(details, 'city.cityName'),
      country: known(details, 'country.countryCode') ?? known(details, 'country.countryName'),
      lat: details?.number('geoLocation.lat'),
      long: details?.number('geoLocation.lon'),
    }),
    autonomous_system: autonomousSystem(organization),
    isp: known(organization, 'isp'),
    isp_org: known(organization, 'org'),
    ...extra,
  });
}

/**
 * The local end of a GuardDuty network action: `localIpDetails` (else the instance's private
 * address), `localPortDetails`, and the instance as `instance_uid`.
 */
export function localEndpoint(
  action: RecordReader,
  instance: OcsfPart | undefined,
): OcsfPart | undefined {
  const ports = action.object('localPortDetails');
  return endpointPart({
    ip:
      action.ip('localIpDetails.ipAddressV4') ??
      action.ip('localIpDetails.ipAddressV6') ??
      (instance?.['ip'] as string | undefined),
    port: portOf(ports, 'port'),
    svc_name: portName(ports),
    instance_uid: instance?.['instance_uid'],
    hostname: instance?.['hostname'],
  });
}
