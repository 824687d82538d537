import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const packageRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const childFile = join(packageRoot, 'test', 'fixtures', 'cas-child.ts');

/** Runs `processes` CAS children at once and returns what each reported. */
export async function runCasChildren(
  processes: number,
  environment: Record<string, string>,
): Promise<{ made: number; conflicts: number }[]> {
  const children = Array.from({ length: processes }, () => {
    const child = spawn(
      process.execPath,
      ['--conditions=@openmdr/source', '--import', 'tsx', childFile],
      {
        cwd: packageRoot,
        env: { ...process.env, ...environment },
        stdio: ['pipe', 'pipe', 'pipe'],
      },
    );
    let output = '';
    const ready = new Promise<void>((resolve) => {
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('ready\n')) resolve();
      });
      child.on('exit', () => resolve());
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    const exit = new Promise<{ made: number; conflicts: number }>((resolve, reject) => {
      child.on('exit', (code) => {
        if (code !== 0) reject(new Error(`CAS child failed (${code}):\n${output}`));
        else resolve(JSON.parse(output.trim().split('\n').at(-1)!));
      });
    });
    return { child, ready, exit };
  });
  await Promise.all(children.map((entry) => entry.ready));
  for (const { child } of children) child.stdin.write('go\n');
  return Promise.all(children.map((entry) => entry.exit));
}
