import { OcsfValidationError, ocsfJsonSchema } from '@openmdr/core';
import { UsageError } from '../command.js';
import { type DefinedCommand, defineCommand } from '../define-command.js';

/** `openmdr ocsf schema`: prints the JSON Schema of an OCSF class. */
export const ocsfSchemaCommand: DefinedCommand = defineCommand({
  path: ['ocsf', 'schema'],
  summary: 'Print the JSON Schema of an OCSF event class',
  description: `Prints the JSON Schema (draft 2020-12) of an OCSF 1.8.0 event class, given by name
(process_activity), caption ("Process Activity") or uid (1007).`,
  options: [
    {
      name: 'profiles',
      type: 'string',
      valueName: 'LIST',
      description:
        'include the attributes of these profiles (comma-separated, as in metadata.profiles)',
    },
  ],
  positionals: [
    {
      name: 'CLASS',
      required: 'CLASS is required',
      description: 'the class: name, caption or uid',
    },
  ],
  output: 'The JSON Schema, pretty-printed.',
  exitCodes: { 0: 'the schema was printed', 2: 'usage error: an unknown option or OCSF class' },
  examples: [
    {
      command: 'openmdr ocsf schema process_activity --profiles host',
      description: 'the schema of Process Activity with the host profile',
    },
    {
      command: 'openmdr ocsf schema 2004 --output detection-finding.schema.json',
      description: 'the schema of Detection Finding, written to a file',
    },
  ],
  async run({ args, io }): Promise<number> {
    const className = args.positionals[0] as string;
    const profiles = (args.string('profiles') ?? '').split(',').filter(Boolean);
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
});
