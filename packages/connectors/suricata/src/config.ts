import * as z from 'zod';

/** The default EVE log location of a packaged Suricata, with its rotated names. */
export const SURICATA_DEFAULT_PATHS = '/var/log/suricata/eve.json*';

/** The configuration of the Suricata connector, one per sensor (or directory of sensors' logs). */
export const suricataConfigSchema = z.object({
  /**
   * The EVE JSON files to follow: glob pattern(s), rotated names included (`eve.json*`,
   * `eve-*.json*`) so that a file rotated while the connector is stopped is finished from its
   * checkpoint. Default `/var/log/suricata/eve.json*`.
   */
  paths: z
    .union([z.string().min(1), z.array(z.string().min(1)).min(1)])
    .default(SURICATA_DEFAULT_PATHS),
  /** Patterns of files to leave out. */
  ignore: z.array(z.string().min(1)).optional(),
  /** The Community ID seed of the deployment, for records without `community_id`. Default 0. */
  communityIdSeed: z.int().min(0).max(65_535).default(0),
  /** Longest EVE line read, bytes; longer ones are dead-lettered. Default 1 MiB. */
  maxLineBytes: z
    .int()
    .min(1_024)
    .max(64 * 1_048_576)
    .optional(),
  /** Lines per batch. Default 2 000. */
  batchLines: z.int().min(1).max(100_000).optional(),
});

/** A validated Suricata configuration. */
export type SuricataConfig = z.output<typeof suricataConfigSchema>;
