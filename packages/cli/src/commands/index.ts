import type { Command } from '../command.js';

/** Every command of the CLI. Later packages' commands are added here. */
export const commands: readonly Command[] = [];
