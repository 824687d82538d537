import { readFileSync } from 'node:fs';
import type { SimulatorRecord } from '@openmdr/connector-kit/simulator';
import { describe, expect, it } from 'vitest';
import { darktraceDate, darktraceSignature } from '../auth.js';
import { darktraceConnector } from '../index.js';
import {
  DARKTRACE_PRIVATE_TOKEN,
  DARKTRACE_PUBLIC_TOKEN,
  startDarktraceSimulator,
} from './index.js';

const read = (name: string) =>
  JSON.parse(
    readFileSync(new URL(`../__fixtures__/${name}.json`, import.meta.url), 'utf8'),
  ) as SimulatorRecord[];
/** The fixtures moved into the last 50 minutes, where a default read (the last hour) finds them. */
const recent = (records: SimulatorRecord[], timeField: string) =>
  records.map((record, index) => ({
    ...record,
    [timeField]: Date.now() - 3_000_000 + index * 60_000,
  }));
const modelBreaches = recent(read('model-breaches'), 'time');
const incidents = recent(read('ai-analyst-incidents'), 'createdAt');

/** A GET signed for the simulator at `dateMs`. */
function signedGet(
  baseUrl: string,
  path: string,
  dateMs: number,
  privateToken = DARKTRACE_PRIVATE_TOKEN,
) {
  const date = darktraceDate(dateMs);
  return fetch(`${baseUrl}${path}`, {
    headers: {
      'DTAPI-Token': DARKTRACE_PUBLIC_TOKEN,
      'DTAPI-Date': date,
      'DTAPI-Signature': darktraceSignature(
        privateToken,
        path,
        undefined,
        DARKTRACE_PUBLIC_TOKEN,
        date,
      ),
    },
  });
}

describe('startDarktraceSimulator', () => {
  it('serves both streams to the connector and changes breach state on actions', async () => {
    const simulated = await startDarktraceSimulator({ modelBreaches, incidents });
    try {
      const instance = await darktraceConnector.connect(simulated);
      const pbids: string[] = [];
      for await (const batch of instance.read('model-breaches')) {
        pbids.push(...batch.records.map((record) => String((record as SimulatorRecord)['pbid'])));
      }
      expect(pbids.sort()).toEqual(modelBreaches.map((breach) => String(breach['pbid'])).sort());
      const ids: string[] = [];
      for await (const batch of instance.read('ai-analyst-incidents')) {
        ids.push(...batch.records.map((record) => String((record as SimulatorRecord)['id'])));
      }
      expect(ids.sort()).toEqual(incidents.map((incident) => String(incident['id'])).sort());

      const url = simulated.config.baseUrl;
      const state = async () =>
        (await (
          await signedGet(url, '/modelbreaches/4810/acknowledgement', Date.now())
        ).json()) as {
          acknowledged: boolean;
        };
      expect((await state()).acknowledged).toBe(false);
      await instance.runAction('acknowledge-breach', { pbid: 4810 });
      expect((await state()).acknowledged).toBe(true);
      await instance.runAction('unacknowledge-breach', { pbid: '4810' });
      expect((await state()).acknowledged).toBe(false);
      await instance.runAction('comment-breach', { pbid: 4810, message: 'looked at it' });
      const comments = (await (
        await signedGet(url, '/modelbreaches/4810/comments', Date.now())
      ).json()) as { message: string }[];
      expect(comments.map((comment) => comment.message)).toEqual(['looked at it']);
      await instance.close();
    } finally {
      await simulated.close();
    }
  });

  it('rejects a wrong signature and a date more than 15 minutes off', async () => {
    const simulated = await startDarktraceSimulator({ modelBreaches });
    try {
      const url = simulated.config.baseUrl;
      const path = '/modelbreaches?starttime=0&endtime=1';
      expect((await signedGet(url, path, Date.now())).status).toBe(200);
      expect((await signedGet(url, path, Date.now() - 10 * 60_000)).status).toBe(200);
      const stale = await signedGet(url, path, Date.now() - 16 * 60_000);
      expect(stale.status).toBe(401);
      expect(await stale.json()).toEqual({ error: 'API SIGNATURE ERROR' });
      expect((await signedGet(url, path, Date.now(), 'sim-not-the-private-token')).status).toBe(
        401,
      );
    } finally {
      await simulated.close();
    }
  });
});
