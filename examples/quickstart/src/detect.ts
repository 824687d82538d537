/**
 * Detection for the quickstart: the bundled SigmaHQ rules on OCSF input, OpenMDR's built-in
 * native rules plus the tenant's own, the network analytics (beaconing, DNS tunnelling, DGA,
 * scans) on the sensors' traffic, threat intelligence from a STIX 2.1 feed, and the vendors' and
 * sensors' own alerts (already OCSF Detection Findings) — then triage: scoring, dedup and
 * incident grouping.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { OcsfEvent } from '@openmdr/core';
import {
  BUILTIN_NATIVE_RULES,
  compileSigmaRules,
  createNativeRuleRunner,
  createNetworkAnalytics,
  emptyTriageState,
  IntelIndex,
  loadSigmaRules,
  loadStixBundle,
  matchIntel,
  type NativeRuleState,
  type NetworkAnalyticsState,
  nativeAlertToFinding,
  resolveScoringConfig,
  resolveTriageConfig,
  type TriageResult,
  type TriageState,
  toDetectionFinding,
  triageFindings,
} from '@openmdr/detections';
import { signInFromNewCountry } from './native-rules.js';
import type { StoryAsset } from './story.js';

/** Where a finding came from, for the summary. */
export type FindingOrigin = 'sigma' | 'native' | 'network' | 'intel' | 'vendor';

/** A finding with its origin. */
export interface Detected {
  origin: FindingOrigin;
  finding: Record<string, unknown>;
}

/** What {@link createDetection} needs. */
export interface DetectionOptions {
  tenant: string;
  homeCountries: Record<string, string[]>;
  assets: Record<string, StoryAsset>;
}

/** The detection engines of one tenant, with their state. */
export interface Detection {
  /** Rules loaded, by kind. */
  readonly loaded: { sigma: number; native: number; network: number; indicators: number };
  /** Runs every engine over a batch of OCSF events. */
  detect(events: readonly OcsfEvent[]): Detected[];
  /** Triages findings into scored alerts and incidents. */
  triage(findings: readonly Detected[]): TriageResult;
}

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/** Loads the rules and the feed, and returns the tenant's detection engines. */
export async function createDetection(options: DetectionOptions): Promise<Detection> {
  const sigma = await loadSigmaRules([here('../rules/sigma')]);
  if (sigma.errors.length > 0) {
    throw new Error(`bundled Sigma rules failed to load: ${sigma.errors.map(String).join('; ')}`);
  }
  const engine = compileSigmaRules(sigma.rules);
  const native = createNativeRuleRunner([
    ...BUILTIN_NATIVE_RULES,
    signInFromNewCountry(options.homeCountries),
  ]);
  let nativeState: NativeRuleState = native.initialState();
  // The story runs in compressed time: the implant beacons every 3 s, so beacons are scored from
  // 12 connections and intervals of 1 s up (defaults: 16 and 5 s). Rarity and outbound volume
  // learn a tenant's baseline first; a fresh lab has none.
  const network = createNetworkAnalytics({
    beaconing: { minConnections: 12, minIntervalMs: 1_000 },
    rarity: false,
    outboundVolume: false,
  });
  let networkState: NetworkAnalyticsState = network.initialState();
  const intel = new IntelIndex();
  const feed = loadStixBundle(readFileSync(here('../data/threat-feed.stix.json'), 'utf8'), {
    source: 'threat-feed.stix.json',
  });
  intel.apply(feed.indicators);

  const scoring = resolveScoringConfig({
    assetCriticality: Object.fromEntries(
      // `WS-FIN-042` also matches the FQDN Sysmon reports (`ws-fin-042.corp.acme.example`).
      Object.entries(options.assets).map(([host, asset]) => [`${host}*`, asset.criticality]),
    ),
  });
  const triageConfig = resolveTriageConfig({});
  let triageState: TriageState = emptyTriageState();

  return {
    loaded: {
      sigma: sigma.rules.length,
      native: BUILTIN_NATIVE_RULES.length + 1,
      network: network.analytics.length,
      indicators: feed.indicators.length,
    },
    detect(events) {
      const out: Detected[] = [];
      for (const event of events) {
        if (event.class_uid === 2004) {
          out.push({ origin: 'vendor', finding: event as unknown as Record<string, unknown> });
          continue;
        }
        for (const match of engine.match(event, { input: 'ocsf' })) {
          out.push({ origin: 'sigma', finding: toDetectionFinding(match, event) as never });
        }
        const step = native.evaluate(nativeState, event);
        nativeState = step.state;
        for (const alert of step.alerts) {
          out.push({ origin: 'native', finding: nativeAlertToFinding(alert) as never });
        }
        for (const finding of matchIntel(intel, event as unknown as Record<string, unknown>, {
          tenantId: options.tenant,
        })) {
          out.push({ origin: 'intel', finding: finding as never });
        }
      }
      const step = network.stepBatch(
        networkState,
        events as unknown as readonly Record<string, unknown>[],
        Date.now(),
      );
      networkState = step.state;
      for (const finding of step.findings)
        out.push({ origin: 'network', finding: finding as unknown as Record<string, unknown> });
      return out;
    },
    triage(findings) {
      const result = triageFindings(
        triageState,
        findings.map(({ finding }) => ({ finding })),
        { scoring, triage: triageConfig, tenantId: options.tenant },
      );
      triageState = result.state;
      return result;
    },
  };
}
