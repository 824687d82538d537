import { readFile } from 'node:fs/promises';
import {
  createOpenMdrBus,
  type OpenMdrBus,
  openStore,
  parseStoreLocation,
  type Store,
} from '@openmdr/core';
import {
  createSocOperations,
  type Principal,
  SOC_ROLES,
  type SocOperationsHandle,
  type SocRole,
} from '@openmdr/dashboard';
import { parsePolicy, parseSlaPolicy } from '@openmdr/response';
import { UsageError } from '../command.js';
import type { OptionSpec, ParsedArguments } from '../options.js';

/** The options `openmdr dashboard` and `openmdr mcp` share: the store, who calls, the policies. */
export const SOC_OPTIONS: readonly OptionSpec[] = [
  {
    name: 'store',
    type: 'string',
    valueName: 'pglite:DIR|postgres:URL|redis:URL',
    required: '--store is required',
    description: 'the store holding the cases, approvals, audit logs and recorded findings',
  },
  {
    name: 'tenant',
    type: 'string',
    multiple: true,
    valueName: 'T[,T2]',
    required: '--tenant is required',
    description:
      "the tenants the principal may see (comma-separated or repeated); '*' for every tenant the store has recorded (needs the mssp role)",
  },
  {
    name: 'principal',
    type: 'string',
    valueName: 'ID',
    default: 'operator',
    description: 'who the caller is, as the audit log and decisions name them',
  },
  {
    name: 'roles',
    type: 'string',
    valueName: 'ROLE[,ROLE]',
    default: 'viewer,analyst',
    description: `the caller's roles: ${SOC_ROLES.join(', ')}`,
  },
  {
    name: 'groups',
    type: 'string',
    valueName: 'G[,G2]',
    description: "approver groups of the caller (matched against an approval's groups)",
  },
  {
    name: 'policy',
    type: 'string',
    valueName: 'FILE',
    description:
      'the response policy (JSON) proposals are checked against; without it every proposal needs an approval',
  },
  {
    name: 'sla-policy',
    type: 'string',
    valueName: 'FILE',
    description:
      'the SLA targets (JSON) the clocks are measured against; default: the built-in targets',
  },
];

const split = (values: readonly string[]) =>
  values
    .flatMap((value) => value.split(','))
    .map((value) => value.trim())
    .filter(Boolean);

/** The principal the options describe. */
export function principalOf(args: ParsedArguments): Principal {
  const roles = split([args.string('roles') ?? '']);
  for (const role of roles)
    if (!(SOC_ROLES as readonly string[]).includes(role))
      throw new UsageError(`--roles: ${role} is not one of ${SOC_ROLES.join(', ')}`);
  const tenants = split(args.list('tenant'));
  const everyTenant = tenants.includes('*');
  if (everyTenant && !roles.includes('mssp'))
    throw new UsageError("--tenant '*' needs the mssp role (--roles …,mssp)");
  return {
    id: args.string('principal') as string,
    tenants: everyTenant ? '*' : tenants,
    roles: roles as SocRole[],
    groups: split([args.string('groups') ?? '']),
  };
}

async function readJson(option: string, file: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new UsageError(`--${option}: cannot read ${file} as JSON: ${(error as Error).message}`);
  }
}

/** The store, bus and SOC operations the options describe; `close` releases them. */
export interface SocRuntime {
  readonly store: Store;
  readonly bus: OpenMdrBus;
  readonly operations: SocOperationsHandle;
  close(): Promise<void>;
}

/** Opens the store and builds the SOC operations over it. */
export async function openSocRuntime(args: ParsedArguments): Promise<SocRuntime> {
  let location: ReturnType<typeof parseStoreLocation>;
  try {
    location = parseStoreLocation(args.string('store') as string);
  } catch (error) {
    throw new UsageError(`--store: ${(error as Error).message}`);
  }
  const policyFile = args.string('policy');
  const slaFile = args.string('sla-policy');
  let policy: ReturnType<typeof parsePolicy> | undefined;
  let slaPolicy: ReturnType<typeof parseSlaPolicy> | undefined;
  try {
    if (policyFile !== undefined)
      policy = parsePolicy(await readJson('policy', policyFile), policyFile);
    if (slaFile !== undefined)
      slaPolicy = parseSlaPolicy(await readJson('sla-policy', slaFile), slaFile);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError((error as Error).message);
  }
  const store = await openStore(location);
  const bus = createOpenMdrBus();
  const operations = createSocOperations({
    store,
    bus,
    ...(policy === undefined ? {} : { policy }),
    ...(slaPolicy === undefined ? {} : { slaPolicy }),
  });
  return {
    store,
    bus,
    operations,
    async close() {
      operations.close();
      await store.close();
    },
  };
}
