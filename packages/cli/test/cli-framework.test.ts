/**
 * The command framework as users meet it: one-line usage errors with exit code 2, `--version`,
 * `--help` with examples on every command, `-` and gzip inputs, `--output`, the progress line,
 * and the generated CLI reference being up to date.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { commandIndex, loadCommands } from '../src/commands/index.js';
import { testIo } from '../src/commands/test-io.js';
import { createProgress } from '../src/io/progress.js';
import { main } from '../src/main.js';
import { parseCommandArguments } from '../src/options.js';
import { cliReference, isDefinedCommand } from '../src/reference.js';

const directory = mkdtempSync(join(tmpdir(), 'openmdr-cli-framework-'));
const rule = join(directory, 'whoami.yml');
writeFileSync(
  rule,
  `title: Whoami
id: 3a2e1f6c-1d9e-4d3b-9a56-4f1c2a8e7b10
status: test
logsource: { category: process_creation, product: windows }
detection:
  selection: { CommandLine|contains: whoami }
  condition: selection
level: low
`,
);
const eventLines = `${[
  { CommandLine: 'cmd /c whoami' },
  { CommandLine: 'notepad.exe' },
  { CommandLine: 'whoami /all' },
]
  .map((event) => JSON.stringify(event))
  .join('\n')}\n`;

/** Runs the CLI with `stdin` (text or bytes) and a stderr that may claim to be a terminal. */
async function run(argv: string[], stdin: string | Buffer = '', tty = false) {
  const input = new PassThrough();
  input.end(stdin);
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdin: input,
    stdout: { write: (chunk: string) => (stdout += chunk) },
    stderr: { write: (chunk: string) => (stderr += chunk), isTTY: tty },
  });
  return { code, stdout, stderr };
}

describe('usage errors', () => {
  it('answers an unknown option with one line and exit code 2', async () => {
    const result = await run(['sigma', 'match', '--rules', rule, '--events', '-', '--foo']);
    expect(result).toEqual({
      code: 2,
      stdout: '',
      stderr: "openmdr sigma match: unknown option '--foo' (see openmdr sigma match --help)\n",
    });
  });

  it('answers a missing value, a bad value and a missing option with one line each', async () => {
    for (const [argv, message] of [
      [['sigma', 'match', '--events', '-', '--rules'], "option '--rules' needs a value"],
      [['detect', '--rules', rule, '--events'], "option '--events' needs a value"],
      [['detect', '--rules', rule, '--events', '--input', 'flat'], "'--events' needs a value"],
      [['sigma', 'match', '--rules', rule, '--events', '-', '--input', 'xml'], "not 'xml'"],
      [['hunt', '--rules', rule, '--events', '-'], '--backend duckdb|postgres is required'],
      [['ocsf', 'validate', '--lenient=yes'], "option '--lenient' takes no value"],
      [['ocsf', 'schema', 'a', 'b'], "unexpected argument 'b'"],
    ] as const) {
      const result = await run([...argv]);
      expect(result.code, argv.join(' ')).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr.split('\n')).toHaveLength(2);
      expect(result.stderr).toContain(message);
    }
  });

  it('answers a file that cannot be read with one line and exit code 2', async () => {
    const missing = join(directory, 'missing.jsonl');
    for (const argv of [
      ['ocsf', 'validate', missing],
      ['sigma', 'match', '--rules', rule, '--events', missing],
      ['normalize', '--source', 'windows', missing],
      ['detect', '--rules', rule, '--events', missing],
      ['sigma', 'match', '--rules', rule, '--events', directory],
    ]) {
      const result = await run(argv);
      expect(result.code, argv.join(' ')).toBe(2);
      expect(result.stderr.split('\n'), result.stderr).toHaveLength(2);
      expect(result.stderr).toMatch(/^openmdr [a-z ]+: .*cannot read/);
    }
  });

  it('answers an unknown command with one line and exit code 2', async () => {
    expect(await run(['frobnicate'])).toEqual({
      code: 2,
      stdout: '',
      stderr: "openmdr: unknown command 'frobnicate' (see openmdr --help)\n",
    });
  });
});

describe('--version and --help', () => {
  it('prints the version of the CLI package', async () => {
    const { version } = JSON.parse(
      readFileSync(new URL('../package.json', import.meta.url), 'utf8'),
    ) as { version: string };
    expect(await run(['--version'])).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
    expect((await run(['-V'])).stdout).toBe(`${version}\n`);
  });

  it('indexes every command with the path and summary of the module it loads', async () => {
    const loaded = await loadCommands();
    expect(loaded.map((command) => [command.path, command.summary])).toEqual(
      commandIndex.map((entry) => [entry.path, entry.summary]),
    );
  });

  it('prints, for every command, a usage with examples that parse against its options', async () => {
    const commands = await loadCommands();
    expect(commands.length).toBeGreaterThanOrEqual(12);
    for (const command of commands) {
      const name = `openmdr ${command.path.join(' ')}`;
      expect(isDefinedCommand(command), name).toBe(true);
      if (!isDefinedCommand(command)) continue;
      for (const flag of ['--help', '-h']) {
        const help = await run([...command.path, flag]);
        expect(help.code, name).toBe(0);
        expect(help.stdout, name).toMatch(new RegExp(`^Usage: ${name} `));
        expect(help.stdout, name).toContain('\nExamples:\n');
        expect(help.stdout, name).toContain('\nExit codes:\n');
      }
      const { examples, options, positionals } = command.definition;
      expect(examples.length, name).toBeGreaterThanOrEqual(1);
      expect(examples.length, name).toBeLessThanOrEqual(3);
      for (const example of examples) {
        expect(example.command.startsWith(`${name} `), example.command).toBe(true);
        const words = example.command.split(/\s+/).slice(1 + command.path.length);
        expect(() => parseCommandArguments(words, options, positionals)).not.toThrow();
      }
    }
  });
});

describe('options', () => {
  const rules = [
    { name: 'rules', type: 'string', variadic: true, description: 'r' },
    { name: 'var', type: 'string', multiple: true, description: 'v' },
    { name: 'events', type: 'string', description: 'e' },
  ] as const;

  it('takes several values after a variadic flag, repeated flags, and --name=value', () => {
    for (const argv of [
      ['--rules', 'a', 'b', 'c', '--events', 'x'],
      ['--rules', 'a', '--rules', 'b', '--rules=c', '--events=x'],
      ['--events', 'x', '--rules', 'a', 'b', '--rules', 'c'],
    ]) {
      const parsed = parseCommandArguments(argv, rules, [{ name: 'FILE', description: 'f' }]);
      expect(parsed.list('rules'), argv.join(' ')).toEqual(['a', 'b', 'c']);
      expect(parsed.string('events')).toBe('x');
      expect(parsed.positionals).toEqual([]);
    }
  });

  it('keeps operands after a repeatable (not variadic) option and after --', () => {
    const parsed = parseCommandArguments(
      ['--var', 'a=1', 'file', '--var', 'b=2', '--rules', 'r', '--', 'second'],
      rules,
      [{ name: 'FILE', description: 'f', multiple: true }],
    );
    expect(parsed.list('var')).toEqual(['a=1', 'b=2']);
    expect(parsed.list('rules')).toEqual(['r']);
    expect(parsed.positionals).toEqual(['file', 'second']);
  });
});

describe('inputs and outputs', () => {
  const match = ['sigma', 'match', '--rules', rule, '--events'];

  it('reads events from standard input with -, plain or gzip', async () => {
    const plain = await run([...match, '-'], eventLines);
    expect(plain.code).toBe(0);
    const events = plain.stdout
      .trim()
      .split('\n')
      .map((line) => (JSON.parse(line) as { event: number }).event);
    expect(events).toEqual([0, 2]);
    expect(await run([...match, '-'], gzipSync(eventLines))).toEqual(plain);
  });

  it('gunzips a file by its magic bytes, whatever its name', async () => {
    const file = join(directory, 'events.jsonl');
    writeFileSync(file, gzipSync(eventLines));
    const zipped = await run([...match, file]);
    expect(zipped.code).toBe(0);
    expect(zipped.stdout).toBe((await run([...match, '-'], eventLines)).stdout);
  });

  it('writes standard output to --output FILE, and to standard output for -', async () => {
    const file = join(directory, 'schema.json');
    const written = await run(['ocsf', 'schema', '1007', '--output', file]);
    expect(written).toEqual({ code: 0, stdout: '', stderr: '' });
    const schema = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    expect(schema['title']).toBeDefined();
    const dash = await run(['ocsf', 'schema', '1007', '-o', '-']);
    expect(JSON.parse(dash.stdout)).toEqual(schema);
  });

  it('answers an --output FILE that cannot be written with one line and exit code 2', async () => {
    const result = await run(['ocsf', 'schema', '1007', '--output', join(directory, 'no', 'x')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^openmdr ocsf schema: cannot write .*\n$/);
  });
});

describe('progress', () => {
  const argv = ['sigma', 'match', '--rules', rule, '--events', '-'];

  it('is silent when standard error is not a terminal', async () => {
    const result = await run(argv, eventLines, false);
    expect(result.stderr).toBe('');
  });

  it('draws rules and events on a terminal, and clears its line at the end', async () => {
    const result = await run(argv, eventLines, true);
    expect(result.stderr).toContain('\r');
    expect(result.stderr).toContain('1 rules');
    expect(result.stderr).toMatch(/\d+ events/);
    expect(result.stderr.endsWith('\r')).toBe(true);
    expect(result.stdout).toBe((await run(argv, eventLines, false)).stdout);
  });

  it('is silent on a terminal with --quiet', async () => {
    expect((await run([...argv, '--quiet'], eventLines, true)).stderr).toBe('');
  });

  it('redraws at most once per interval, with a percentage and ETA for a known size', () => {
    let now = 0;
    let written = '';
    const progress = createProgress(
      { write: (chunk: string) => (written += chunk), isTTY: true },
      { label: 'openmdr test', now: () => now, interval: 250 },
    );
    progress.total(1000);
    progress.advance(10, 100);
    const first = written;
    now = 100;
    progress.advance(10, 100);
    expect(written).toBe(first);
    now = 1000;
    progress.advance(10, 300);
    expect(written.split('\r')).toHaveLength(3);
    now = 1100;
    progress.advance(10, 100);
    expect(written.split('\r')).toHaveLength(3);
    expect(written).toContain('50%');
    expect(written).toMatch(/ETA 0:0\d/);
    progress.done();
    expect(written.endsWith('\r')).toBe(true);
  });
});

describe('the CLI reference', () => {
  it('docs/reference/cli.md is what the command declarations generate (pnpm generate)', async () => {
    const committed = readFileSync(
      new URL('../../../docs/reference/cli.md', import.meta.url),
      'utf8',
    );
    expect(committed).toBe(cliReference(await loadCommands()));
  });
});

describe('testIo', () => {
  it('captures a command as the command tests do', async () => {
    const io = testIo(eventLines);
    expect(await main(['sigma', 'match', '--rules', rule, '--events', '-'], io.io)).toBe(0);
    expect(io.lines()).toHaveLength(2);
  });
});
