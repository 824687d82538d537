import type { ActionDefinition, ActionResult } from '@openmdr/connector-kit';
import { defineAction, ocsfEventsInputSchema } from '@openmdr/connector-kit';
import * as z from 'zod';
import { putOcsfIndexTemplate, writeOcsfEvents } from './bulk-writer.js';
import type { ElasticClient } from './client.js';
import type { ElasticConfig } from './config.js';

/** Input of `write-findings`: OCSF events (findings or any class the template maps). */
export const writeFindingsInputSchema = z.object({
  /** The OCSF events, as `@openmdr/core` builds them. */
  events: ocsfEventsInputSchema,
});

/** Output of `write-findings`. */
export const writeFindingsOutputSchema = z.object({
  /** The data stream written to. */
  dataStream: z.string(),
  /** Documents created. */
  created: z.int().min(0),
  /** Documents already there (an earlier write of the same event): not written again. */
  duplicates: z.int().min(0),
  /** Documents Elasticsearch refused, with its reason. */
  failed: z.array(z.object({ id: z.string(), status: z.int(), reason: z.string() })),
  /** `_bulk` requests sent. */
  requests: z.int().min(0),
});

type WriteFindingsOutput = z.input<typeof writeFindingsOutputSchema>;

/** The manifest entry of `write-findings`. */
export const writeFindingsManifest = defineAction({
  description:
    'Bulk-index OCSF findings into a data stream (POST /<data stream>/_bulk with create and content-derived ids), after installing its index template generated from the OCSF model.',
  input: writeFindingsInputSchema,
  output: writeFindingsOutputSchema,
  asynchronous: false,
  requiredPermissions: [
    'create_doc and auto_configure on the data stream',
    'manage_index_templates (when installTemplate)',
  ],
});

/** The default index patterns of a data stream's template: `ocsf-findings-default` → `ocsf-findings-*`. */
export function indexPatternsOf(dataStream: string): string[] {
  const cut = dataStream.lastIndexOf('-');
  return [cut > 0 ? `${dataStream.slice(0, cut)}-*` : `${dataStream}*`];
}

/** Clients whose template is installed (once per connection). */
const installed = new WeakSet<ElasticClient>();

/**
 * `write-findings`: installs the OCSF index template once per connection (`PUT
 * /_index_template/<name>`, idempotent), then bulk-indexes the events with
 * {@link writeOcsfEvents}: ids derived from each event's content, so a retried request or a
 * second write of the same event creates no duplicate (409 counts as a duplicate).
 */
export const writeFindingsAction: ActionDefinition<
  ElasticConfig,
  ElasticClient,
  z.output<typeof writeFindingsInputSchema>,
  WriteFindingsOutput
> = {
  run: async (input, { client, config }): Promise<ActionResult<WriteFindingsOutput>> => {
    const target = config.writeBack;
    if (target.installTemplate && !installed.has(client)) {
      await putOcsfIndexTemplate(client.es, target.templateName, {
        classes: target.classes,
        indexPatterns: target.indexPatterns ?? indexPatternsOf(target.dataStream),
      });
      installed.add(client);
    }
    const result = await writeOcsfEvents(client.es, input.events, {
      dataStream: target.dataStream,
      batchSize: target.batchSize,
    });
    return { status: 'completed', output: { dataStream: target.dataStream, ...result } };
  },
};
