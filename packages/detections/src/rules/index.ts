export {
  BUILTIN_NATIVE_RULES,
  bruteForceLogonRule,
  encodedPowerShellRule,
  type OcsfView,
} from './builtin-rules.js';
export {
  DEFAULT_DEDUP_WINDOW_MS,
  defineRule,
  type NativeRule,
  type NativeRuleDefinition,
  NativeRuleError,
  type NativeRuleSeverity,
  type NativeRuleThreshold,
} from './define-rule.js';
export { type NativeFindingOptions, nativeAlertToFinding } from './native-finding.js';
export {
  createNativeRuleRunner,
  type NativeRuleAlert,
  type NativeRuleDuplicate,
  type NativeRuleEvaluateOptions,
  type NativeRuleFailure,
  type NativeRuleKeyState,
  type NativeRuleRunner,
  type NativeRuleRunnerOptions,
  type NativeRuleState,
  type NativeRuleStep,
} from './native-runner.js';
