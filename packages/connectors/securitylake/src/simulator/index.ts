/**
 * `@openmdr/connector-securitylake/simulator`: a simulated Amazon Security Lake on 127.0.0.1 —
 * the kit's AWS simulator with the lake bucket (SigV4-checked S3 `ListObjectsV2` with
 * delimiters and continuation tokens, `GetObject`, `PutObject`; `SlowDown` and `ExpiredToken`
 * on demand) and STS with the custom source's provider role — seeded with OCSF events written
 * as the source's Parquet objects, for demos, examples and tests. Needs no vitest.
 *
 * @packageDocumentation
 */
export {
  SECURITYLAKE_SIM_ACCOUNT,
  SECURITYLAKE_SIM_BUCKET,
  SECURITYLAKE_SIM_KEYS,
  SECURITYLAKE_SIM_REGION,
  SECURITYLAKE_SIM_ROLE,
  type SecuritylakeSimulatorConfig,
  type SecuritylakeSimulatorOptions,
  type StartedSecuritylakeSimulator,
  startSecuritylakeSimulator,
} from './start.js';
