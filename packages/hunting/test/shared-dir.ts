import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The shared reference material: `OPENMDR_SHARED_DIR`, or `<repository root>/../shared`.
 * Tests that need it skip when it is absent.
 */
export const SHARED_DIR =
  process.env['OPENMDR_SHARED_DIR'] ??
  resolve(dirname(fileURLToPath(import.meta.url)), '../../../../shared');

/** The Sigma material under the shared directory. */
export const SIGMA_DIR = join(SHARED_DIR, 'sigma');

/** The regression set. */
export const REGRESSION_DIR = join(SIGMA_DIR, 'regression-dev');

/** True when the regression set is present. */
export const HAS_REGRESSION = existsSync(join(REGRESSION_DIR, 'cases.jsonl'));

/** The active rule folders of the SigmaHQ corpus (all but `deprecated/` and `unsupported/`). */
export const ACTIVE_RULE_FOLDERS = [
  'rules',
  'rules-emerging-threats',
  'rules-threat-hunting',
  'rules-placeholder',
  'rules-compliance',
  'rules-dfir',
]
  .map((folder) => join(SIGMA_DIR, 'sigmahq', folder))
  .filter((folder) => existsSync(folder));
