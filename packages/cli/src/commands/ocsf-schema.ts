import { OcsfValidationError, ocsfJsonSchema } from '@openmdr/core';
import { type Command, type CommandIo, UsageError } from '../command.js';

const usage = `Usage: openmdr ocsf schema CLASS [--profiles p1,p2]

Prints the JSON Schema (draft 2020-12) of an OCSF 1.8.0 event class, given by name
(process_activity), caption ("Process Activity") or uid (1007).

Options:
  --profiles LIST    include the attributes of these profiles (as in metadata.profiles)`;

/** `openmdr ocsf schema`: prints the JSON Schema of an OCSF class. */
export const ocsfSchemaCommand: Command = {
  path: ['ocsf', 'schema'],
  summary: 'Print the JSON Schema of an OCSF event class',
  usage,
  async run(args: string[], io: CommandIo): Promise<number> {
    let className: string | undefined;
    let profiles: string[] = [];
    for (let index = 0; index < args.length; index++) {
      const argument = args[index]!;
      if (argument === '--profiles') {
        const value = args[++index];
        if (value === undefined) throw new UsageError('--profiles needs a value');
        profiles = value.split(',').filter(Boolean);
      } else if (argument.startsWith('--')) throw new UsageError(`unknown option ${argument}`);
      else if (className === undefined) className = argument;
      else throw new UsageError('only one CLASS may be given');
    }
    if (className === undefined) throw new UsageError('CLASS is required');
    try {
      const schema = ocsfJsonSchema(/^\d+$/.test(className) ? Number(className) : className, {
        profiles,
      });
      io.stdout.write(`${JSON.stringify(schema, null, 2)}\n`);
      return 0;
    } catch (error) {
      if (OcsfValidationError.isInstance(error))
        throw new UsageError(`unknown OCSF class '${className}'`);
      throw error;
    }
  },
};
