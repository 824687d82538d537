import type { ConnectorSession, FileLine, StreamDefinition } from '@openmdr/connector-kit';
import { tailFiles } from '@openmdr/connector-kit';
import type { SuricataClient } from './client.js';
import type { SuricataConfig } from './config.js';
import { normalizeSuricataEvent, parseEveLine } from './normalize.js';
import { isSuricataStats, suricataHealthOf } from './stats.js';

type Session = ConnectorSession<SuricataConfig, SuricataClient>;

/**
 * One read of the EVE files of a configuration from a committed state, to their current end,
 * with the kit's tailing file source (rotation, truncation, gzip, restarts; at least once).
 */
export function readEve(session: Session, state: Parameters<typeof tailFiles>[0]['state']) {
  const { config } = session;
  return tailFiles({
    glob: config.paths,
    state,
    ...(config.ignore ? { ignore: config.ignore } : {}),
    ...(config.maxLineBytes ? { maxLineBytes: config.maxLineBytes } : {}),
    ...(config.batchLines ? { batchLines: config.batchLines } : {}),
    ...(session.signal ? { signal: session.signal } : {}),
  });
}

/**
 * The `eve` stream: every line of the EVE JSON files, normalised by `event_type`. A `stats`
 * line is sensor health, not an event: it normalises to no event and is reported to the
 * session's health monitor (`client.health`) and logged (`suricata.stats`, info).
 */
export const eveStream: StreamDefinition<SuricataConfig, SuricataClient, FileLine> = {
  read: readEve,
  normalize: (line, session) => {
    const record = parseEveLine(line.text);
    if (isSuricataStats(record)) {
      const health = suricataHealthOf(record);
      session.client.health.report(health);
      const { counters: _counters, ...summary } = health;
      session.context.logger.info(
        { event: 'suricata.stats', ...summary },
        'suricata sensor health',
      );
      return [];
    }
    return normalizeSuricataEvent(record, { communityIdSeed: session.config.communityIdSeed });
  },
};
