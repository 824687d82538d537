import { compact, validIp } from '@openmdr/connector-kit/normalize';
import type { MappingContext, RecordMapper } from './context.js';
import { type OcsfObject, port, userFromAccount, userFromParts } from './ocsf-parts.js';

const product = 'Remote Desktop Services';

/** This host as the RDP server, with the listener (`RDP-Tcp`) as service name when named. */
function server(context: MappingContext, listener?: string): OcsfObject {
  return compact({ hostname: context.event.computer ?? 'localhost', svc_name: listener });
}

/** `10.0.2.16:52202`, `[fe80::1]:3389` or a bare address → `ip` and `port`. */
function addressAndPort(value: string | undefined): OcsfObject | undefined {
  if (value === undefined) return undefined;
  const bracketed = /^\[([^\]]+)\]:(\d+)$/.exec(value);
  const ipv4 = /^(\d{1,3}(?:\.\d{1,3}){3}):(\d+)$/.exec(value);
  const match = bracketed ?? ipv4;
  if (match?.[1] !== undefined && match[2] !== undefined) {
    const ip = validIp(match[1]);
    return ip === undefined ? undefined : compact({ ip, port: port(Number(match[2])) });
  }
  const ip = validIp(value);
  return ip === undefined ? undefined : { ip };
}

const rdpProtocol = { app_protocol_name: 'rdp' } as const;

/**
 * RemoteConnectionManager 1149 ("User authentication succeeded": the client passed network
 * level authentication and its connection goes on) → RDP Activity: Connect Request, Success;
 * `user` = Param2\Param1, `src_endpoint.ip` = Param3.
 */
const connectionAuthenticated: RecordMapper = (context) => {
  const data = context.data;
  return context.emit(
    'rdpActivity',
    3,
    {
      ...rdpProtocol,
      user: userFromParts(data.string('Param1'), data.string('Param2'), undefined),
      src_endpoint: clientEndpoint(context, 'Param3'),
      dst_endpoint: server(context),
      status_id: 1,
      status: 'Success',
    },
    { productName: product },
  );
};

/** Reads an endpoint value and marks it read only when it parsed, so odd values stay in `unmapped`. */
function clientEndpoint(context: MappingContext, field: string): OcsfObject | undefined {
  const endpoint = addressAndPort(context.data.peek(field));
  if (endpoint !== undefined) context.data.string(field);
  return endpoint;
}

/** RemoteConnectionManager 261: a listener received a connection → RDP Activity: Initial Request. */
const listenerConnection: RecordMapper = (context) =>
  context.emit(
    'rdpActivity',
    1,
    { ...rdpProtocol, dst_endpoint: server(context, context.data.string('listenerName')) },
    { productName: product },
  );

/** RemoteConnectionManager 258: a listener started listening → Network Activity: Listen. */
const listenerStarted: RecordMapper = (context) =>
  context.emit(
    'networkActivity',
    7,
    { ...rdpProtocol, dst_endpoint: server(context, context.data.string('listenerName')) },
    { productName: product },
  );

/** RdpCoreTS 131: the server accepted a TCP/UDP connection from a client → RDP Activity: Initial Request. */
const connectionAccepted: RecordMapper = (context) => {
  const transport = context.data.string('ConnType')?.toLowerCase();
  return context.emit(
    'rdpActivity',
    1,
    {
      ...rdpProtocol,
      src_endpoint: clientEndpoint(context, 'ClientIP'),
      dst_endpoint: server(context),
      connection_info: compact({
        direction_id: 1,
        direction: 'Inbound',
        protocol_name: transport,
        protocol_num: transport === 'tcp' ? 6 : transport === 'udp' ? 17 : undefined,
      }),
    },
    { productName: product },
  );
};

/** RdpCoreTS 140: a connection failed because the user name or password is wrong → RDP Activity: Connect Request, Failure. */
const connectionFailed: RecordMapper = (context) =>
  context.emit(
    'rdpActivity',
    3,
    {
      ...rdpProtocol,
      src_endpoint: clientEndpoint(context, 'IPString'),
      dst_endpoint: server(context),
      status_id: 2,
      status: 'Failure',
      status_detail: 'user name or password is not correct',
    },
    { productName: product },
  );

/** RdpCoreTS 102: the server terminated the main RDP connection → RDP Activity: Disconnect. */
const connectionTerminated: RecordMapper = (context) =>
  context.emit(
    'rdpActivity',
    7,
    { ...rdpProtocol, dst_endpoint: server(context) },
    {
      productName: product,
    },
  );

/**
 * RdpCoreTS 104 (client time zone), 168 (client monitor layout), 169 (client OS type): what the
 * client sent with its connection request → RDP Activity: Connect Request; 168's first monitor
 * size is `remote_display`.
 */
const clientInfo: RecordMapper = (context) => {
  const data = context.data;
  const width = context.event.eventId === 168 ? data.integer('MonitorWidth') : undefined;
  const height = context.event.eventId === 168 ? data.integer('MonitorHeight') : undefined;
  return context.emit(
    'rdpActivity',
    3,
    {
      ...rdpProtocol,
      dst_endpoint: server(context),
      remote_display: compact({ physical_width: width, physical_height: height }),
    },
    { productName: product },
  );
};

/** RdpCoreTS 132 / 148: a virtual channel (ChannelName) was opened / closed → RDP Activity: Other. */
function virtualChannel(label: string): RecordMapper {
  return (context) =>
    context.emit(
      'rdpActivity',
      99,
      { ...rdpProtocol, dst_endpoint: server(context) },
      {
        productName: product,
        activityName: label,
      },
    );
}

/** RdpCoreTS 103: the disconnect reason (ReasonCode) → RDP Activity: Disconnect. */
const disconnectReason: RecordMapper = (context) =>
  context.emit(
    'rdpActivity',
    7,
    {
      ...rdpProtocol,
      dst_endpoint: server(context),
      status_code: context.data.string('ReasonCode'),
    },
    { productName: product },
  );

/** RdpCoreTS 129: the RDP listener listens on a transport and port → Network Activity: Listen. */
const transportListening: RecordMapper = (context) => {
  const transport = context.data.string('TransportProtocolName')?.toLowerCase();
  return context.emit(
    'networkActivity',
    7,
    {
      ...rdpProtocol,
      dst_endpoint: compact({ ...server(context), port: port(context.data.integer('Port')) }),
      connection_info: compact({
        protocol_name: transport,
        protocol_num: transport === 'tcp' ? 6 : transport === 'udp' ? 17 : undefined,
        direction_id: 1,
        direction: 'Inbound',
      }),
    },
    { productName: product },
  );
};

/**
 * LocalSessionManager 21 (session logon), 23 (session logoff) → Authentication: Logon / Logoff;
 * 24 (session disconnected), 25 (session reconnected) → RDP Activity: Disconnect / Reconnect.
 * `user` = User, `session.uid` = SessionID, `src_endpoint.ip` = Address (when it is an address).
 */
function localSession(kind: 'logon' | 'logoff' | 'disconnect' | 'reconnect'): RecordMapper {
  return (context) => {
    const data = context.data;
    const user = userFromAccount(data.string('User'));
    const session = compact({ uid: data.string('SessionID') });
    const source = clientEndpoint(context, 'Address');
    if (kind === 'logon' || kind === 'logoff') {
      return context.emit(
        'authentication',
        kind === 'logon' ? 1 : 2,
        {
          user: user ?? { name: 'unknown' },
          session,
          src_endpoint: source,
          dst_endpoint: server(context),
          is_remote: source === undefined ? undefined : true,
          status_id: 1,
          status: 'Success',
        },
        { productName: product },
      );
    }
    return context.emit(
      'rdpActivity',
      kind === 'disconnect' ? 7 : 8,
      { ...rdpProtocol, user, src_endpoint: source, dst_endpoint: server(context) },
      { productName: product },
    );
  };
}

/** TerminalServices-RemoteConnectionManager mappers by EventID. */
export const remoteConnectionManagerMappers: Readonly<Record<number, RecordMapper>> = {
  258: listenerStarted,
  261: listenerConnection,
  1149: connectionAuthenticated,
};

/** TerminalServices-LocalSessionManager mappers by EventID. */
export const localSessionManagerMappers: Readonly<Record<number, RecordMapper>> = {
  21: localSession('logon'),
  23: localSession('logoff'),
  24: localSession('disconnect'),
  25: localSession('reconnect'),
};

/** RemoteDesktopServices-RdpCoreTS mappers by EventID. */
export const rdpCoreMappers: Readonly<Record<number, RecordMapper>> = {
  102: connectionTerminated,
  103: disconnectReason,
  104: clientInfo,
  129: transportListening,
  131: connectionAccepted,
  132: virtualChannel('Channel Open'),
  140: connectionFailed,
  148: virtualChannel('Channel Close'),
  168: clientInfo,
  169: clientInfo,
};
