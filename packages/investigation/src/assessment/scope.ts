import { isIpAddress, realName } from '../graph/node-ids.js';
import {
  asObject,
  at,
  type Fields,
  member,
  objectsAt,
  text,
  textAt,
} from '../graph/ocsf-fields.js';
import type { InvestigationScope } from './assessment-types.js';
import type { EventView } from './event-view.js';
import { isLoopbackIp } from './ip-ranges.js';

/** Names of built-in and service accounts (listed under `accounts`, not `users`). */
const SERVICE_ACCOUNT =
  /^(system|local service|network service|localsystem|anonymous logon|nt authority\\.*|nt service\\.*|font driver host\\.*|window manager\\.*|dwm-\d+|umfd-\d+|iusr|defaultaccount|wdagutilityaccount|.*\\(system|local service|network service|anonymous logon|dwm-\d+|umfd-\d+))$/i;

/** A set that keeps the first spelling of each value (exact, or compared without case). */
class Spellings {
  private readonly seen = new Map<string, string>();
  constructor(private readonly foldCase: boolean) {}
  add(value: string | undefined): void {
    if (value === undefined) return;
    const key = this.foldCase ? value.toLowerCase() : value;
    if (!this.seen.has(key)) this.seen.set(key, value);
  }
  values(): string[] {
    return [...this.seen.values()];
  }
}

/** Whether an account is a machine, service, role or nameless (SID-only) account. */
function isAccount(name: string, user: Fields): boolean {
  if (name.endsWith('$') || SERVICE_ACCOUNT.test(name)) return true;
  if (/^S-1-\d/i.test(name) || /^arn:/i.test(name)) return true;
  const type = `${text(user.type) ?? ''}`.toLowerCase();
  return /role|service|system|application|app|principal/.test(type);
}

/**
 * Collects the scope of an investigation from events one at a time: every host name as the
 * events spell it (each distinct spelling once, so every Windows `Computer` value is there), human
 * users and other accounts, IPs (loopback left out), domains, files touched, cloud resources, and
 * the time range.
 */
export class ScopeCollector {
  private readonly hosts = new Spellings(false);
  private readonly users = new Spellings(true);
  private readonly accounts = new Spellings(true);
  private readonly ips = new Spellings(true);
  private readonly domains = new Spellings(true);
  private readonly files = new Spellings(true);
  private readonly resources = new Spellings(false);
  private readonly namedUids = new Set<string>();
  private readonly unnamedUids = new Spellings(false);
  private first: number | null = null;
  private last: number | null = null;

  /** Adds one event. */
  add(view: EventView): void {
    const event = view.event;
    if (view.time > 0) {
      if (this.first === null || view.time < this.first) this.first = view.time;
      if (this.last === null || view.time > this.last) this.last = view.time;
    }
    this.device(asObject(event.device));
    if (view.classUid === 3002) {
      this.hostName(at(event, 'dst_endpoint.hostname'));
      if (textAt(event, 'src_endpoint.ip') === undefined) {
        this.hostName(at(event, 'src_endpoint.hostname') ?? at(event, 'src_endpoint.name'));
      }
    }
    for (const path of [
      'user',
      'actor.user',
      'process.user',
      'actor.process.user',
      'process.parent_process.user',
      'entity.user',
    ]) {
      this.user(asObject(at(event, path)));
    }
    for (const path of ['src_endpoint', 'dst_endpoint'])
      this.endpoint(asObject(at(event, path)), view.classUid);
    this.ip(at(event, 'device.ip'));
    this.domain(at(event, 'query.hostname'));
    this.domain(at(event, 'http_request.url.hostname'));
    for (const answer of objectsAt(event, 'answers')) this.ip(answer.rdata);
    if (view.classUid === 1001) {
      this.file(asObject(event.file));
      this.file(asObject(event.file_result));
    }
    for (const resource of objectsAt(event, 'resources')) {
      const id = realName(resource.uid) ?? realName(resource.name);
      if (id !== undefined && realName(resource.ip) === undefined) this.resources.add(id);
    }
    const roleArn = textAt(event, 'api.request.data.roleArn');
    if (roleArn !== undefined) this.resources.add(roleArn);
    for (const evidence of objectsAt(event, 'evidences')) this.evidence(evidence);
  }

  private evidence(evidence: Fields): void {
    this.device(asObject(evidence.device));
    this.user(asObject(evidence.user));
    this.user(asObject(member(evidence.actor, 'user')));
    this.user(asObject(member(evidence.process, 'user')));
    this.endpoint(asObject(evidence.src_endpoint), 0);
    this.endpoint(asObject(evidence.dst_endpoint), 0);
    this.file(asObject(evidence.file));
    this.domain(at(evidence, 'query.hostname'));
  }

  /** A device's name as spelled; a device known only by its uid is listed by uid until named. */
  private device(device: Fields | undefined): void {
    if (device === undefined) return;
    const name = realName(device.hostname) ?? realName(device.name);
    const uid = realName(device.uid);
    if (name !== undefined) {
      this.hosts.add(name);
      if (uid !== undefined && this.namedUids.size < 100_000) this.namedUids.add(uid);
    } else if (uid !== undefined) {
      this.unnamedUids.add(uid);
    }
  }

  private hostName(value: unknown): void {
    const name = realName(value);
    if (name !== undefined && /^[\w.-]+$/.test(name) && !isIpAddress(name)) this.hosts.add(name);
  }

  private user(user: Fields | undefined): void {
    if (user === undefined) return;
    const name = realName(user.name) ?? realName(user.email_addr);
    const domain = realName(user.domain);
    if (name === undefined) {
      this.accounts.add(realName(user.uid));
      return;
    }
    const spelled = domain !== undefined && !name.includes('\\') ? `${domain}\\${name}` : name;
    if (isAccount(spelled, user)) this.accounts.add(spelled);
    else this.users.add(spelled);
  }

  private endpoint(endpoint: Fields | undefined, classUid: number): void {
    if (endpoint === undefined) return;
    this.ip(endpoint.ip);
    if (classUid >= 4001 && classUid <= 4099) this.domain(endpoint.hostname);
    this.domain(endpoint.domain);
  }

  private ip(value: unknown): void {
    const values = Array.isArray(value) ? value : [value];
    for (const item of values) {
      const address = realName(item);
      if (address !== undefined && isIpAddress(address) && !isLoopbackIp(address))
        this.ips.add(address);
    }
  }

  private domain(value: unknown): void {
    const name = realName(value);
    if (name === undefined || isIpAddress(name) || !/^[\w.-]+$/.test(name)) return;
    this.domains.add(name.replace(/\.$/, ''));
  }

  private file(file: Fields | undefined): void {
    this.files.add(realName(file?.path) ?? realName(file?.name));
  }

  /** The scope so far. */
  result(): InvestigationScope {
    return {
      hosts: [
        ...this.hosts.values(),
        ...this.unnamedUids.values().filter((uid) => !this.namedUids.has(uid)),
      ],
      users: this.users.values(),
      accounts: this.accounts.values(),
      ips: this.ips.values(),
      domains: this.domains.values(),
      files: this.files.values(),
      resources: this.resources.values(),
      firstSeen: this.first,
      lastSeen: this.last,
    };
  }
}
