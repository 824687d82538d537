import type { Command } from '../command.js';
import { detectCommand } from './detect.js';
import { huntCommand } from './hunt.js';
import { lakeReadCommand } from './lake-read.js';
import { lakeWriteCommand } from './lake-write.js';
import { normalizeCommand } from './normalize.js';
import { ocsfSchemaCommand } from './ocsf-schema.js';
import { ocsfValidateCommand } from './ocsf-validate.js';
import { playbookRunCommand } from './playbook-run.js';
import { playbookValidateCommand } from './playbook-validate.js';
import { sigmaBundleCommand } from './sigma-bundle.js';
import { sigmaCheckCommand } from './sigma-check.js';
import { sigmaConvertCommand } from './sigma-convert.js';
import { sigmaMatchCommand } from './sigma-match.js';

/** Every command of the CLI. Later packages' commands are added here. */
export const commands: readonly Command[] = [
  ocsfValidateCommand,
  ocsfSchemaCommand,
  normalizeCommand,
  detectCommand,
  sigmaCheckCommand,
  sigmaMatchCommand,
  sigmaConvertCommand,
  sigmaBundleCommand,
  huntCommand,
  playbookValidateCommand,
  playbookRunCommand,
  lakeWriteCommand,
  lakeReadCommand,
];
