import { secret } from '@openmdr/connector-kit';
import * as z from 'zod';

/** The most PAN-OS accepts as a tag timeout, in seconds (30 days). */
export const PANOS_MAX_TAG_TIMEOUT_SECONDS = 2_592_000;

/** A PAN-OS tag: 1–127 characters. */
export const panosTagSchema = z.string().min(1).max(127);

/** The configuration of the PAN-OS connector, one per tenant and firewall (or Panorama). */
export const panosConfigSchema = z.object({
  /** The management address of the firewall or Panorama (`https://fw1.acme.example`). */
  baseUrl: z.url({ protocol: /^https?$/ }),
  /**
   * The XML API key (from `type=keygen` for an admin whose role allows the User-ID Agent XML
   * API), read from the tenant's secret provider as `panos.api_key`; sent as `X-PAN-KEY`.
   */
  apiKey: secret({ name: 'panos.api_key' }),
  /** The tag the deny rule's dynamic address group matches. Default `openmdr-block`. */
  tag: panosTagSchema.default('openmdr-block'),
  /** The virtual system of a multi-vsys firewall (`vsys1`); sent as `vsys`. */
  vsys: z.string().min(1).optional(),
  /** With Panorama: the serial number of the managed firewall to send to, sent as `target`. */
  target: z
    .string()
    .regex(/^\d{6,20}$/, 'a firewall serial number')
    .optional(),
  /**
   * The tag timeout when a request gives none, seconds (1–2 592 000); 0 keeps the tag until it
   * is unregistered. Default 86 400 (24 hours).
   */
  defaultTimeoutSeconds: z.int().min(0).max(PANOS_MAX_TAG_TIMEOUT_SECONDS).default(86_400),
  /** Whether registrations survive a firewall reboot (`persistent="1"`). Default true. */
  persistent: z.boolean().default(true),
});

/** A validated PAN-OS configuration. */
export type PanosConfig = z.output<typeof panosConfigSchema>;
