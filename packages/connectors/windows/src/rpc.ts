import { compact, validIp } from '@openmdr/connector-kit/normalize';
import type { RecordMapper } from './context.js';
import type { OcsfObject } from './ocsf-parts.js';

const product = 'Microsoft-Windows-RPC';

/** RPC transport (`Protocol` of the RPC ETW events): 1 TCP, 2 named pipe, 3 local RPC. */
const transports: Record<string, OcsfObject> = {
  '1': { protocol_name: 'tcp', protocol_num: 6 },
};

function present(value: string | undefined): string | undefined {
  return value === undefined || value === 'NULL' ? undefined : value;
}

/**
 * Microsoft-Windows-RPC 5 (client call started) and 6 (server call started), ETW events that
 * evtx exports keep without a channel → Network Activity: Other ("RPC Client Call" / "RPC
 * Server Call"), `app_protocol_name` `dcerpc`. OCSF 1.8.0 has no RPC class and DCE/RPC is a
 * network protocol; the event names the server endpoint (`NetworkAddress`, `Endpoint` = port,
 * pipe or LRPC port name) and the direction. Local RPC (`Protocol` 3) is inter-process on one
 * host: `dst_endpoint` is then this device. `InterfaceUuid`, `ProcNum`, `Protocol` and the
 * authentication values stay in `unmapped` (PetitPotam-style rules search the interface UUID).
 */
function rpcCall(server: boolean): RecordMapper {
  return (context) => {
    const data = context.data;
    const address = present(data.peek('NetworkAddress'));
    const endpoint = present(data.peek('Endpoint'));
    const ip = validIp(address);
    const host = context.event.computer;
    const remote = compact({
      ip,
      hostname: ip === undefined ? address : undefined,
      svc_name: server ? undefined : endpoint,
    });
    const local = compact({ hostname: host, svc_name: server ? endpoint : undefined });
    const hasRemote = Object.keys(remote).length > 0;
    return context.emit(
      'networkActivity',
      99,
      {
        app_protocol_name: 'dcerpc',
        src_endpoint: server ? (hasRemote ? remote : undefined) : local,
        dst_endpoint: server ? local : hasRemote ? remote : local,
        connection_info: compact({
          direction_id: server ? 1 : 2,
          direction: server ? 'Inbound' : 'Outbound',
          ...transports[data.peek('Protocol') ?? ''],
        }),
      },
      { productName: product, activityName: server ? 'RPC Server Call' : 'RPC Client Call' },
    );
  };
}

/** Microsoft-Windows-RPC mappers by EventID. */
export const rpcMappers: Readonly<Record<number, RecordMapper>> = {
  5: rpcCall(false),
  6: rpcCall(true),
};
