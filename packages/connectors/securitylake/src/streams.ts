import type { StreamDefinition } from '@openmdr/connector-kit';
import { type IncrementalState, incrementalRead, paginate } from '@openmdr/connector-kit';
import type { JsonRecord } from '@openmdr/connector-kit/normalize';
import type { SecuritylakeClient } from './client.js';
import type { SecuritylakeConfig } from './config.js';
import { normalizeSecuritylakeAlert } from './normalize.js';

/** The alert list endpoint. TODO: the vendor's path. */
export const SECURITYLAKE_ALERTS_PATH = '/api/v1/alerts';

const DAY_MS = 86_400_000;

const alertTime = (alert: JsonRecord): number => Date.parse(String(alert['updated_at']));

/**
 * The `alerts` stream: alerts updated at or after the watermark, oldest first, page by page
 * (`?since=&limit=`, then `after=<meta.next>`), re-reading `lookbackMs` for late alerts; each
 * version of an alert (id and `updated_at`) is delivered once. TODO: the vendor's filter and
 * sort parameters and its pagination style (the kit has six).
 */
export const alertsStream: StreamDefinition<SecuritylakeConfig, SecuritylakeClient> = {
  read: ({ client, config }, state) =>
    incrementalRead<JsonRecord>({
      state: state as IncrementalState | undefined,
      startAt: config.startAt ? Date.parse(config.startAt) : client.api.serverNow() - DAY_MS,
      lookbackMs: config.lookbackMs,
      idOf: (alert) => `${String(alert['id'])}@${alertTime(alert)}`,
      timeOf: alertTime,
      pages: (since) =>
        paginate<JsonRecord>(client.api, {
          style: 'next-token',
          request: {
            path: SECURITYLAKE_ALERTS_PATH,
            query: { since: new Date(since).toISOString(), limit: config.pageSize },
          },
          recordsPath: 'data',
          tokenPath: 'meta.next',
          tokenParameter: 'after',
        }),
    }),
  normalize: (raw) => normalizeSecuritylakeAlert(raw),
};
