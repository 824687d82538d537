/**
 * Builds the detection stage of `openmdr worker detect` from rule files: Sigma rules and
 * correlations read from the same paths, and optionally the built-in native rules.
 *
 * @module
 */
import { OpenMdrError } from '@openmdr/core';
import {
  BUILTIN_NATIVE_RULES,
  type CorrelationRule,
  correlationFromDocument,
  createDetectionStage,
  type DetectionStage,
  loadSigmaRules,
} from '@openmdr/detections';

/** A rule that did not load or compile (one line of stderr). */
export interface StageRuleProblem {
  readonly stage: 'loaded' | 'compiled';
  readonly code: string;
  readonly message: string;
}

/** Options of {@link loadDetectionStage}. */
export interface LoadDetectionStageOptions {
  /** Sigma rule and correlation files or directories (or compiled bundles). */
  readonly rules: readonly string[];
  /** Adds OpenMDR's built-in native rules. */
  readonly native?: boolean | undefined;
  /** The stage's name (state keys and output stream). Defaults to `'detect'`. */
  readonly name?: string | undefined;
}

/** The stage, and the rules that did not load or compile. */
export interface LoadedDetectionStage {
  readonly stage: DetectionStage;
  readonly problems: readonly StageRuleProblem[];
  /** How many rules of each kind run. */
  readonly loaded: {
    readonly sigma: number;
    readonly correlations: number;
    readonly native: number;
  };
}

/** Loads the rules and builds the detection stage every worker of a group runs alike. */
export async function loadDetectionStage(
  options: LoadDetectionStageOptions,
): Promise<LoadedDetectionStage> {
  const loaded = await loadSigmaRules(options.rules);
  const problems: StageRuleProblem[] = loaded.errors.map((error) => ({
    stage: 'loaded',
    code: error.code,
    message: error.message,
  }));
  const correlations: CorrelationRule[] = [];
  for (const document of loaded.correlations) {
    try {
      correlations.push(correlationFromDocument(document));
    } catch (error) {
      if (!OpenMdrError.isInstance(error)) throw error;
      problems.push({ stage: 'loaded', code: error.code, message: error.message });
    }
  }
  const nativeRules = options.native === true ? BUILTIN_NATIVE_RULES : [];
  const stage = createDetectionStage({
    name: options.name,
    rules: loaded.rules,
    correlations,
    nativeRules,
    engineOptions: { filters: loaded.filters, validated: loaded.validated },
  });
  for (const error of stage.engine.errors)
    problems.push({ stage: 'compiled', code: error.code, message: error.message });
  return {
    stage,
    problems,
    loaded: {
      sigma: loaded.rules.length,
      correlations: correlations.length,
      native: nativeRules.length,
    },
  };
}
