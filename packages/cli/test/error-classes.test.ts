/**
 * Every error class exported by every package of the workspace: each has its own marker, its
 * `isInstance` accepts its own instances and its subclasses' only (from this copy of the packages
 * and from a duplicated copy), and every code has an entry in docs/reference/errors.md.
 *
 * The packages and their classes are found, not listed: a new package, a new error class or a new
 * code is checked as soon as it is exported. The CLI depends on every package (the vendor
 * connectors through `@openmdr/connectors`), so each is imported here by its name.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { OpenMdrError } from '@openmdr/core';
import { beforeAll, describe, expect, it, vi } from 'vitest';

const root = new URL('../../../', import.meta.url);

interface WorkspacePackage {
  /** The package name. */
  name: string;
  /** Its directory, relative to the repository root. */
  dir: string;
  private: boolean;
}

function readJson(path: string): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL(path, root), 'utf8')) as Record<string, unknown>;
}

function workspacePackages(): WorkspacePackage[] {
  const packages: WorkspacePackage[] = [];
  for (const parent of ['packages', 'packages/connectors']) {
    for (const entry of readdirSync(new URL(`${parent}/`, root), { withFileTypes: true })) {
      if (!entry.isDirectory()) continue;
      const dir = `${parent}/${entry.name}`;
      let manifest: Record<string, unknown>;
      try {
        manifest = readJson(`${dir}/package.json`);
      } catch {
        continue; // packages/connectors itself holds packages, not a package.json
      }
      packages.push({ name: String(manifest.name), dir, private: manifest.private === true });
    }
  }
  return packages;
}

/**
 * The specifier under which the CLI reaches a package's index: its name when the CLI depends on
 * it, `@openmdr/connectors` (which re-exports the kit) and `@openmdr/connectors/<id>` for the
 * vendor connectors. `undefined` when the package is out of reach.
 */
function specifierOf(name: string): string | undefined {
  const cli = readJson('packages/cli/package.json');
  const dependencies = Object.keys((cli.dependencies ?? {}) as Record<string, string>);
  if (name === '@openmdr/cli') return '../src/index.js';
  if (dependencies.includes(name)) return name;
  if (name === '@openmdr/connector-kit') return '@openmdr/connectors';
  const vendor = /^@openmdr\/connector-(.+)$/.exec(name)?.[1];
  const all = readJson('packages/connectors/all/package.json');
  const subpaths = Object.keys((all.exports ?? {}) as Record<string, unknown>);
  if (vendor !== undefined && subpaths.includes(`./${vendor}`))
    return `@openmdr/connectors/${vendor}`;
  return undefined;
}

type ErrorClass = (new (
  ...args: never[]
) => Error) & {
  readonly marker?: unknown;
  isInstance?: (error: unknown) => boolean;
};

/** Arguments that make an instance, for classes whose constructor needs more than a message. */
const SAMPLE_ARGUMENTS: Record<string, unknown[]> = {
  OpenMdrError: ['SOME_CODE', 'message'],
  CompareAndSetConflict: ['key', 1],
  SecretNotFoundError: ['tenant-a', 'api_key'],
  OcsfValidationError: ['event', [{ path: 'time', rule: 'required_missing', message: 'missing' }]],
  ConnectorHttpError: [
    'message',
    { failure: 'status', status: 500, request: { method: 'GET', url: 'https://x', headers: {} } },
  ],
  ConnectorConfigError: ['connector', [{ path: 'auth.clientId', message: 'required' }]],
  WebhookVerificationError: ['bad-signature', 'message'],
  ActionRequestError: ['target.device.uid', 'message'],
  ActionKindNotImplementedError: ['connector', 'isolate_device'],
  FileLineTooLongError: [{ path: '/var/log/x', fileId: '1:2', offset: 0 }, 10, 5],
  FileCorruptError: [{ path: '/var/log/x.gz', fileId: '1:3', offset: 7 }],
  FileUnreadableError: [{ path: '/var/log/y', fileId: '1:4', offset: 0 }],
  SplunkExportError: ['message', { path: '/services/search/v2/jobs/export', resultsRead: 0 }],
  SplunkSearchJobError: ['message', 'sid-1'],
  IntelError: ['INTEL_SOURCE_INVALID', 'message'],
  SigmaConversionError: [
    'SIGMA_CONVERSION_UNSUPPORTED',
    { ruleId: 'r', title: 't', target: 'splunk', construct: 'x|re', reason: 'why' },
  ],
  SigmaRuleError: ['SIGMA_RULE_INVALID', 'message'],
  SigmaBundleError: ['SIGMA_BUNDLE_STALE', 'message'],
  SigmaConditionSyntaxError: ['message', 0],
  SigmaCorrelationError: ['SIGMA_CORRELATION_INVALID', 'message'],
  ScoringConfigError: [[{ path: 'weights', message: 'bad' }]],
  TriageConfigError: [[{ path: 'threshold', message: 'bad' }]],
  NativeRuleError: ['message', 'rule-1', 'severity'],
  NetworkAnalyticError: ['NETWORK_ANALYTIC_STATE_INVALID', 'message', { analytic: 'beacon' }],
  HuntError: ['HUNT_INVALID', 'message'],
  InvestigationError: ['INVESTIGATION_INVALID', 'message'],
  DashboardError: ['DASHBOARD_INVALID', 'message'],
  McpServerError: ['MCP_TOOL_FAILED', 'message'],
  CaseNotFoundError: ['case-1'],
  CaseTransitionError: ['case-1', 'closed', 'open', []],
  CaseConflictError: ['case-1', 3],
  CaseInvalidError: ['case-1', 'message', 'tasks'],
  CommandValidationError: [[{ path: 'action', message: 'bad' }]],
  PolicyValidationError: [[{ path: 'rules[0]', message: 'bad' }]],
  ApprovalError: ['RESPONSE_APPROVAL_NOT_FOUND', 'message'],
  NotificationConfigError: ['slack', [{ path: 'webhookUrl', message: 'required' }]],
  NotificationDeliveryError: ['slack', 'message'],
  PlaybookStepError: ['NO_EXECUTOR', 'message'],
  PlaybookValidationError: [[{ path: '', message: 'bad', severity: 'error' }]],
  PlaybookConditionSyntaxError: ['message', 0],
  SlaPolicyError: [[{ path: 'targets', message: 'bad' }], 'tenant-a'],
};

interface Copy {
  /** Every exported error class by name (a class re-exported twice is listed once). */
  classes: Map<string, ErrorClass>;
  /** Every exported code list (`*_ERROR_CODES`) by export name. */
  codeLists: Map<string, readonly string[]>;
  /** Exported subclasses of `Error` that are not OpenMDR errors. */
  strays: string[];
}

async function load(specifiers: readonly string[]): Promise<Copy> {
  const copy: Copy = { classes: new Map(), codeLists: new Map(), strays: [] };
  const base = (await import('@openmdr/core')) as { OpenMdrError: typeof OpenMdrError };
  for (const specifier of specifiers) {
    const module = (await import(specifier)) as Record<string, unknown>;
    for (const [name, value] of Object.entries(module)) {
      if (name.endsWith('_ERROR_CODES') && Array.isArray(value)) {
        copy.codeLists.set(name, value as string[]);
        continue;
      }
      if (typeof value !== 'function' || !(value.prototype instanceof Error)) continue;
      if (value !== base.OpenMdrError && !(value.prototype instanceof base.OpenMdrError)) {
        copy.strays.push(`${specifier}: ${name}`);
        continue;
      }
      const known = copy.classes.get(name);
      if (known !== undefined && known !== value) throw new Error(`two classes named ${name}`);
      copy.classes.set(name, value as unknown as ErrorClass);
    }
  }
  return copy;
}

function make(name: string, type: ErrorClass): Error {
  const args = SAMPLE_ARGUMENTS[name] ?? ['message'];
  try {
    return new (type as unknown as new (...values: unknown[]) => Error)(...args);
  } catch (cause) {
    throw new Error(`cannot make a ${name}: add its arguments to SAMPLE_ARGUMENTS`, { cause });
  }
}

/** True when `child` is `parent` or a subclass of it. */
function descends(child: ErrorClass, parent: ErrorClass): boolean {
  return child === parent || child.prototype instanceof parent;
}

const packages = workspacePackages().filter((pkg) => !pkg.private);
const specifiers = packages
  .map((pkg) => specifierOf(pkg.name))
  .filter((specifier) => specifier !== undefined);
let first: Copy;
let second: Copy;

beforeAll(async () => {
  first = await load(specifiers);
  vi.resetModules();
  second = await load(specifiers);
});

describe('the exported error classes', () => {
  it('reach every package of the workspace', () => {
    const unreachable = packages.filter((pkg) => specifierOf(pkg.name) === undefined);
    expect(unreachable.map((pkg) => pkg.dir)).toEqual([]);
    expect(specifiers).toContain('@openmdr/core');
    expect(specifiers).toContain('@openmdr/connectors/splunk');
  });

  it('are all OpenMDR errors, each with a marker of its own', () => {
    expect(first.strays).toEqual([]);
    const names = [...first.classes.keys()];
    // the classes of issue 18: at least the 37 subclasses, the base and the two condition errors
    expect(names.length).toBeGreaterThanOrEqual(40);
    const withoutMarker = names.filter((name) => {
      const type = first.classes.get(name) as ErrorClass;
      return !Object.hasOwn(type, 'marker') || typeof type.marker !== 'symbol';
    });
    expect(withoutMarker).toEqual([]);
    const markers = new Map<unknown, string>();
    for (const [name, type] of first.classes) {
      expect(markers.get(type.marker), `${name} shares a marker`).toBeUndefined();
      markers.set(type.marker, name);
      expect(Symbol.keyFor(type.marker as symbol), `${name}'s marker`).toBeDefined();
    }
  });

  it('accept their own instances and their subclasses’ only', () => {
    const wrong: string[] = [];
    for (const [nameA, typeA] of first.classes) {
      for (const [nameB, typeB] of first.classes) {
        const expected = descends(typeB, typeA);
        if (typeA.isInstance?.(make(nameB, typeB)) !== expected)
          wrong.push(`${nameA}.isInstance(new ${nameB}) should be ${expected}`);
      }
      if (typeA.isInstance?.(new Error('plain')) !== false) wrong.push(`${nameA} accepts an Error`);
      if (typeA.isInstance?.({ code: 'CASE_NOT_FOUND' }) !== false)
        wrong.push(`${nameA} accepts a plain object`);
    }
    expect(wrong).toEqual([]);
    expect(first.classes.size ** 2).toBeGreaterThan(1600);
  });

  it('recognise instances made by a duplicated copy of the packages', () => {
    expect(second.classes.size).toBe(first.classes.size);
    const wrong: string[] = [];
    for (const [nameA, typeA] of first.classes) {
      const otherA = second.classes.get(nameA) as ErrorClass;
      expect(otherA, nameA).not.toBe(typeA);
      for (const [nameB, typeB] of second.classes) {
        const foreign = make(nameB, typeB);
        const expected = descends(typeB, otherA);
        if (foreign instanceof typeA) wrong.push(`${nameB} of the copy is an instanceof ${nameA}`);
        if (typeA.isInstance?.(foreign) !== expected)
          wrong.push(`${nameA}.isInstance(copy's new ${nameB}) should be ${expected}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('keep OpenMdrError.isInstance true for every OpenMDR error', () => {
    for (const copy of [first, second])
      for (const [name, type] of copy.classes)
        expect(OpenMdrError.isInstance(make(name, type)), name).toBe(true);
  });
});

describe('the error codes', () => {
  const page = readFileSync(new URL('docs/reference/errors.md', root), 'utf8');
  const anchors = [...page.matchAll(/^### ([A-Z][A-Z0-9_]*)$/gm)].map((match) => match[1]);

  it('each have one heading in docs/reference/errors.md, and every heading is a code', () => {
    const codes = [...first.codeLists.values()].flat();
    expect(first.codeLists.size).toBeGreaterThanOrEqual(6);
    expect(new Set(anchors).size, 'a code with two headings').toBe(anchors.length);
    expect([...new Set(codes)].sort()).toEqual([...anchors].sort());
  });

  it('are listed for every class, whose documentation links to them', () => {
    const listed = new Set([...first.codeLists.values()].flat());
    const sources = sourceTexts();
    const wrong: string[] = [];
    for (const [name, type] of first.classes) {
      if (type === (OpenMdrError as unknown as ErrorClass)) continue;
      const { code } = make(name, type) as OpenMdrError;
      if (!listed.has(code)) wrong.push(`${name}: code ${code} is in no *_ERROR_CODES list`);
      const doc = classDoc(sources, name);
      if (!doc?.includes(`docs/reference/errors.md#${code.toLowerCase()}`))
        wrong.push(`${name}: its TSDoc does not link to errors.md#${code.toLowerCase()}`);
    }
    expect(wrong).toEqual([]);
  });
});

/** The text of every source file of the workspace's packages. */
function sourceTexts(): string[] {
  const texts: string[] = [];
  for (const pkg of packages) {
    const walk = (dir: URL): void => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        if (entry.isDirectory()) walk(new URL(`${entry.name}/`, dir));
        else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts'))
          texts.push(readFileSync(new URL(entry.name, dir), 'utf8'));
      }
    };
    walk(new URL(`${pkg.dir}/src/`, root));
  }
  return texts;
}

/** The TSDoc comment right above `export class <name>`. */
function classDoc(sources: readonly string[], name: string): string | undefined {
  const pattern = new RegExp(`(/\\*\\*(?:(?!\\*/)[\\s\\S])*\\*/)\\s*export class ${name}\\b`);
  for (const text of sources) {
    const match = pattern.exec(text);
    if (match) return match[1];
  }
  return undefined;
}
