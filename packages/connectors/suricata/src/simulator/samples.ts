import type { JsonRecord } from '@openmdr/connector-kit/normalize';
import alert from '../__fixtures__/alert.json' with { type: 'json' };
import anomaly from '../__fixtures__/anomaly.json' with { type: 'json' };
import dns from '../__fixtures__/dns.json' with { type: 'json' };
import drop from '../__fixtures__/drop.json' with { type: 'json' };
import fileinfo from '../__fixtures__/fileinfo.json' with { type: 'json' };
import flow from '../__fixtures__/flow.json' with { type: 'json' };
import http from '../__fixtures__/http.json' with { type: 'json' };
import netflow from '../__fixtures__/netflow.json' with { type: 'json' };
import smtp from '../__fixtures__/smtp.json' with { type: 'json' };
import ssh from '../__fixtures__/ssh.json' with { type: 'json' };
import stats from '../__fixtures__/stats.json' with { type: 'json' };
import tls from '../__fixtures__/tls.json' with { type: 'json' };

/** The EVE event types the simulator has samples of. */
export const SURICATA_SAMPLE_EVENT_TYPES = [
  'alert',
  'anomaly',
  'dns',
  'drop',
  'fileinfo',
  'flow',
  'http',
  'netflow',
  'smtp',
  'ssh',
  'stats',
  'tls',
] as const;

/** An EVE event type the simulator can write. */
export type SuricataSampleEventType = (typeof SURICATA_SAMPLE_EVENT_TYPES)[number];

/**
 * The EVE records the simulator writes, by event type: this package's own test fixtures (see
 * `src/__fixtures__/README.md`), bundled into the build.
 */
export const SURICATA_SAMPLE_RECORDS: Readonly<
  Record<SuricataSampleEventType, readonly JsonRecord[]>
> = {
  alert,
  anomaly,
  dns,
  drop,
  fileinfo,
  flow,
  http,
  netflow,
  smtp,
  ssh,
  stats,
  tls,
};
