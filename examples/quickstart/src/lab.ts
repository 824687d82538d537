/**
 * The lab: the customer's vendors, simulated on loopback with each connector package's `/simulator`
 * (CrowdStrike Falcon, Microsoft Defender XDR through Graph, Microsoft Entra ID), the OpenMDR
 * connectors connected to them, a Windows event forwarder that pushes Sysmon records to an
 * HMAC-verified webhook receiver (the way Winlogbeat or NXLog forward over HTTP), and two network
 * sensors' log directories — Zeek's JSON logs and Suricata's `eve.json`, appended to as the
 * sensors write them — tailed by the Zeek and Suricata connectors.
 */
import { randomBytes } from 'node:crypto';
import { appendFileSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { crowdstrikeConnector } from '@openmdr/connector-crowdstrike';
import { FALCON_PATHS, startFalconSimulator } from '@openmdr/connector-crowdstrike/simulator';
import { defenderConnector } from '@openmdr/connector-defender';
import { DEFENDER_LISTS, startDefenderSimulator } from '@openmdr/connector-defender/simulator';
import { entraConnector } from '@openmdr/connector-entra';
import {
  ENTRA_LISTS,
  type SimulatedEntraUser,
  startEntraSimulator,
} from '@openmdr/connector-entra/simulator';
import {
  type ConnectorInstance,
  createWebhookReceiver,
  rawRecordId,
  signWebhook,
} from '@openmdr/connector-kit';
import { suricataConnector } from '@openmdr/connector-suricata';
import { normalizeWindowsEvent } from '@openmdr/connector-windows';
import { zeekConnector } from '@openmdr/connector-zeek';
import type { OcsfEvent, TenantStore } from '@openmdr/core';
import type { ConnectorHealth } from '@openmdr/response';
import type { PolledStream } from './ingest.js';
import type { AttackStory, StoryStage } from './story.js';

/** The hosts and account the playbook acts on. */
export interface ResponseTargets {
  host: string;
  deviceId: string;
  user: string;
  userId: string;
}

/** The running lab. */
export interface Lab {
  falcon: ConnectorInstance;
  defender: ConnectorInstance;
  entra: ConnectorInstance;
  streams: PolledStream[];
  hostOfDevice: Record<string, string>;
  /** One line naming the simulators. */
  describe(): string;
  /** Hands a stage's records to the vendors (and the Windows forwarder). */
  feed(stage: StoryStage): Promise<void>;
  /** Windows events received since the last call, normalised and stored. */
  takeWindowsEvents(store: TenantStore): Promise<{ events: OcsfEvent[]; deadLettered: number }>;
  /** The host and account behind an incident, as the vendors know them. */
  responseTargets(incident: Record<string, unknown>): ResponseTargets | null;
  /** Response actions the vendors received. */
  vendorActions(): string[];
  health(): ConnectorHealth[];
  close(): Promise<void>;
}

const jsonLines = (records: readonly unknown[]): string =>
  records.map((record) => `${JSON.stringify(record)}\n`).join('');

/** Starts the simulators, connects the connectors and starts the forwarder's receiver. */
export async function startLab(
  story: AttackStory,
  options: { tenant: string; sensorDir: string },
): Promise<Lab> {
  const { tenant } = story;
  const users: SimulatedEntraUser[] = story.inventory.entraUsers.map((user) => ({ ...user }));
  const falconSim = await startFalconSimulator({
    hosts: story.inventory.falconHosts,
    pendingPolls: 2,
  });
  const defenderSim = await startDefenderSimulator();
  const entraSim = await startEntraSimulator({ users });
  const connect = { tenant: options.tenant, retry: { minDelayMs: 50, maxDelayMs: 500 } } as const;
  const falcon = await crowdstrikeConnector.connect({ ...falconSim, ...connect });
  const defender = await defenderConnector.connect({ ...defenderSim, ...connect });
  const entra = await entraConnector.connect({ ...entraSim, ...connect });

  // The network sensors' log directories, tailed from their start.
  const zeekDir = join(options.sensorDir, 'zeek');
  const eveFile = join(options.sensorDir, 'suricata', 'eve.json');
  mkdirSync(zeekDir, { recursive: true });
  mkdirSync(join(options.sensorDir, 'suricata'), { recursive: true });
  const zeek = await zeekConnector.connect({ tenant: options.tenant, config: { logDir: zeekDir } });
  const suricata = await suricataConnector.connect({
    tenant: options.tenant,
    config: { paths: `${eveFile}*` },
  });

  // The Windows event forwarder and its receiver.
  const secret = randomBytes(32).toString('hex');
  const receiver = createWebhookReceiver({ secrets: [secret], timestampHeader: 'x-timestamp' });
  const inbox: unknown[] = [];
  const server = createServer(
    receiver.handler((push) => {
      inbox.push(...((push.json as { records?: unknown[] }).records ?? []));
    }),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const forwarderUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/winlog`;
  const windowsHealth: ConnectorHealth = {
    connector: 'windows-forwarder',
    stream: 'sysmon',
    events: 0,
    errors: 0,
    lastEventAt: null,
  };

  const hostOfDevice: Record<string, string> = {};
  for (const host of story.inventory.falconHosts)
    hostOfDevice[String(host['device_id'])] = String(host['hostname']);

  const polled = (label: string, instance: ConnectorInstance, stream: string): PolledStream => ({
    label,
    instance,
    stream,
    health: { connector: instance.manifest.id, stream, events: 0, errors: 0, lastEventAt: null },
  });
  const streams: PolledStream[] = [
    polled('crowdstrike', falcon, 'alerts'),
    polled('defender', defender, 'xdr-alerts'),
    polled('entra', entra, 'signins'),
    polled('zeek/dns', zeek, 'dns'),
    polled('zeek/conn', zeek, 'conn'),
    polled('zeek/ssl', zeek, 'ssl'),
    polled('suricata', suricata, 'eve'),
  ];

  return {
    falcon,
    defender,
    entra,
    streams,
    hostOfDevice,
    describe: () =>
      `CrowdStrike Falcon ${falconSim.simulator.url}, Defender XDR ${defenderSim.simulator.url}, Entra ID ${entraSim.simulator.url}, Windows forwarder → ${forwarderUrl}, Zeek logs ${zeekDir}, Suricata ${eveFile}`,
    async feed(stage) {
      for (const alert of stage.falcon ?? [])
        falconSim.simulator.addRecord(FALCON_PATHS.alertsQuery, alert);
      for (const alert of stage.defender ?? [])
        defenderSim.simulator.addRecord(DEFENDER_LISTS['xdr-alerts'].path, alert);
      for (const signIn of stage.entra ?? [])
        entraSim.simulator.addRecord(ENTRA_LISTS.signins.path, signIn);
      // The sensors write one JSON record per line, as Zeek's JSON writer and Suricata's EVE do.
      for (const [log, records] of Object.entries(stage.zeek ?? {}))
        appendFileSync(join(zeekDir, `${log}.log`), jsonLines(records));
      if (stage.suricata !== undefined) appendFileSync(eveFile, jsonLines(stage.suricata));
      if (stage.windows !== undefined && stage.windows.length > 0) {
        const body = JSON.stringify({ records: stage.windows });
        const timestamp = String(Math.floor(Date.now() / 1000));
        const response = await fetch(forwarderUrl, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'x-timestamp': timestamp,
            'x-signature': signWebhook(secret, body, { timestamp }),
          },
          body,
        });
        if (response.status !== 204) throw new Error(`forwarder push refused: ${response.status}`);
      }
    },
    async takeWindowsEvents(store) {
      const records = inbox.splice(0);
      const events: OcsfEvent[] = [];
      const stored: { id: string; event: OcsfEvent }[] = [];
      const letters: { record: string; reason: string }[] = [];
      for (const record of records) {
        try {
          const event = normalizeWindowsEvent(record) as unknown as OcsfEvent & {
            metadata: Record<string, unknown>;
          };
          event.metadata.tenant_uid = tenant;
          events.push(event);
          stored.push({
            id: `windows:${rawRecordId(record, 'Event.System.Computer + Event.System.EventRecordID')}`,
            event,
          });
          windowsHealth.lastEventAt = Math.max(windowsHealth.lastEventAt ?? 0, Number(event.time));
        } catch (error) {
          windowsHealth.errors += 1;
          letters.push({ record: JSON.stringify(record), reason: (error as Error).message });
        }
      }
      windowsHealth.events += events.length;
      if (stored.length > 0) await store.log.append('events', stored as never);
      if (letters.length > 0) await store.log.append('dead-letters', letters);
      return { events, deadLettered: letters.length };
    },
    responseTargets(incident) {
      const observables = (incident['observables'] ?? []) as { name?: string; value?: string }[];
      const values = (name: string) =>
        observables.filter((item) => item.name === name).map((item) => String(item.value));
      const host = story.inventory.falconHosts.find((candidate) =>
        values('device.hostname').some((name) =>
          name.toLowerCase().startsWith(String(candidate['hostname']).toLowerCase()),
        ),
      );
      const user = users.find((candidate) =>
        values('actor.user.name').some((name) => {
          const account = name.toLowerCase().split('\\').pop() ?? '';
          const upn = candidate.userPrincipalName.toLowerCase();
          return account === upn || `${account}@${upn.split('@')[1]}` === upn;
        }),
      );
      if (host === undefined || user === undefined) return null;
      return {
        host: String(host['hostname']),
        deviceId: String(host['device_id']),
        user: user.userPrincipalName,
        userId: user.id,
      };
    },
    vendorActions() {
      const actions: string[] = [];
      for (const request of falconSim.simulator.requests)
        if (request.path === FALCON_PATHS.deviceActions)
          actions.push(
            `CrowdStrike ${request.query['action_name']} ${JSON.stringify((request.body as { ids?: unknown }).ids)} → ${request.status}`,
          );
      for (const request of entraSim.simulator.requests)
        if (request.method === 'PATCH')
          actions.push(
            `Entra ID PATCH ${request.path} ${JSON.stringify(request.body)} → ${request.status}`,
          );
      return actions;
    },
    health() {
      return [...streams.map((stream) => stream.health), windowsHealth];
    },
    async close() {
      await Promise.all([
        falcon.close(),
        defender.close(),
        entra.close(),
        zeek.close(),
        suricata.close(),
      ]);
      await Promise.all([falconSim.close(), defenderSim.close(), entraSim.close()]);
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
