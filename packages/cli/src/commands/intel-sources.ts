import { readFile } from 'node:fs/promises';
import type { ConnectorInstance } from '@openmdr/connectors';
import { feedTexts, type IntelFeedRow, intelFeedsConnector } from '@openmdr/connectors/intel-feeds';
import { mispConnector } from '@openmdr/connectors/misp';
import { taxiiConnector } from '@openmdr/connectors/taxii';
import { environmentSecretProvider, type SecretProvider, tenantId } from '@openmdr/core';
import {
  type IndicatorLoadResult,
  loadIndicatorCsv,
  loadIndicatorList,
  loadMispContent,
  loadStixObjects,
} from '@openmdr/detections';
import { UsageError } from '../command.js';

/**
 * A threat-intel connector `openmdr detect --intel-source <id>:<config.json>` can read, with the
 * stream it reads and how its raw records become indicators (the loaders of
 * `@openmdr/detections`).
 */
interface IntelSource {
  /** Connects the connector. */
  connect(options: {
    config: unknown;
    tenant: string;
    secrets: SecretProvider;
  }): Promise<ConnectorInstance>;
  /** The stream of raw intel records. */
  stream: string;
  /** Loads the records of a read. */
  load(records: unknown[], source: string): IndicatorLoadResult[];
}

const SOURCES: Readonly<Record<string, IntelSource>> = {
  taxii: {
    connect: (options) => taxiiConnector.connect(options),
    stream: 'objects',
    load: (records, source) => [loadStixObjects(records, { source })],
  },
  misp: {
    connect: (options) => mispConnector.connect(options),
    stream: 'attributes',
    load: (records, source) => [loadMispContent(records, { source })],
  },
  'intel-feeds': {
    connect: (options) => intelFeedsConnector.connect(options),
    stream: 'rows',
    load: (records) =>
      feedTexts(records as IntelFeedRow[]).map((feed) =>
        feed.format === 'csv'
          ? loadIndicatorCsv(feed.text, { source: feed.url })
          : loadIndicatorList(feed.text, { source: feed.url }),
      ),
  },
};

/** The ids `--intel-source` accepts. */
export const INTEL_SOURCE_IDS = Object.keys(SOURCES);

/**
 * Secrets from the environment, as `OPENMDR_SECRET__<tenant>__<name>` with the name's `.` and `-`
 * written `_` (`taxii.password` → `OPENMDR_SECRET__default__taxii_password`).
 */
export function environmentSecrets(
  environment?: Record<string, string | undefined>,
): SecretProvider {
  const provider = environmentSecretProvider(environment ? { environment } : {});
  return { get: (tenant, name) => provider.get(tenant, name.replace(/[.-]/g, '_')) };
}

/**
 * Reads one `--intel-source <id>:<config.json>`: connects the threat-intel connector with the
 * config file and the secrets, reads its stream from the start to the present, and loads the raw
 * records with the matching detections loader. A one-shot read: no state is kept between runs.
 *
 * @throws UsageError for an unknown id or a config file that cannot be read as JSON; connector
 *   errors (`CONNECTOR_CONFIG`, `CONNECTOR_AUTH`, `CONNECTOR_HTTP_*`) as they are.
 */
export async function readIntelSource(
  spec: string,
  options: { tenant?: string | undefined; secrets?: SecretProvider } = {},
): Promise<IndicatorLoadResult[]> {
  const at = spec.indexOf(':');
  const id = at === -1 ? spec : spec.slice(0, at);
  const file = at === -1 ? '' : spec.slice(at + 1);
  const source = SOURCES[id];
  if (source === undefined || file === '')
    throw new UsageError(
      `--intel-source takes <id>:<config.json> with id ${INTEL_SOURCE_IDS.join(', ')}; got ${spec}`,
    );
  let config: unknown;
  try {
    config = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new UsageError(`--intel-source ${id}: cannot read ${file}: ${(error as Error).message}`);
  }
  const instance = await source.connect({
    config,
    tenant: tenantId(options.tenant ?? 'default'),
    secrets: options.secrets ?? environmentSecrets(),
  });
  try {
    const records: unknown[] = [];
    for await (const batch of instance.read(source.stream)) records.push(...batch.records);
    return source.load(records, `${id}:${file}`);
  } finally {
    await instance.close();
  }
}
