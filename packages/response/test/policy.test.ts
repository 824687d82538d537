import { describe, expect, it } from 'vitest';
import {
  type Command,
  createCommand,
  evaluatePolicy,
  inTimeWindow,
  PolicyValidationError,
  parsePolicy,
} from '../src/index.js';

const contain = (id = 'd1'): Command =>
  createCommand('contain_device', { device: { device_id: id } }, { requestId: `contain-${id}` });
const disable = (): Command =>
  createCommand('disable_account', { 'er:account': { uid: 'u1' } }, { requestId: 'disable-u1' });
// Wednesday 2026-11-18 10:00 in Paris (UTC+1) = 09:00 UTC.
const wednesdayMorningParis = Date.UTC(2026, 10, 18, 9, 0);
const wednesdayNightParis = Date.UTC(2026, 10, 18, 22, 0);
const saturdayMorningParis = Date.UTC(2026, 10, 21, 9, 0);

describe('evaluatePolicy', () => {
  it('denies by default and explains', () => {
    const result = evaluatePolicy(parsePolicy({ version: 1 }), contain(), { now: 0 });
    expect(result).toMatchObject({ decision: 'deny', matchedRule: null, kind: 'contain_device' });
    expect(result.reasons.join()).toMatch(/no rule matched contain_device: default deny/);
  });

  it('matches rules by action and takes the first', () => {
    const policy = parsePolicy({
      version: 1,
      rules: [
        { id: 'accounts', actions: ['disable_account'], decision: 'require_approval' },
        { id: 'all', actions: '*', decision: 'allow' },
      ],
    });
    expect(evaluatePolicy(policy, disable(), { now: 0 })).toMatchObject({
      decision: 'require_approval',
      matchedRule: 'accounts',
    });
    expect(evaluatePolicy(policy, contain(), { now: 0 })).toMatchObject({
      decision: 'allow',
      matchedRule: 'all',
    });
  });

  it('matches assets by tag, group and criticality', () => {
    const policy = parsePolicy({
      version: 1,
      defaultDecision: 'require_approval',
      rules: [
        {
          id: 'servers-deny',
          actions: ['contain_device'],
          assets: { tagsAny: ['domain-controller'] },
          decision: 'deny',
        },
        { id: 'lab', actions: '*', assets: { groups: ['lab'] }, decision: 'allow' },
        {
          id: 'workstations',
          actions: ['contain_device'],
          assets: { tagsAll: ['workstation'], maxCriticality: 'medium' },
          decision: 'allow',
        },
        { id: 'critical', actions: '*', assets: { criticality: ['critical'] }, decision: 'deny' },
      ],
    });
    const check = (asset: object) => evaluatePolicy(policy, contain(), { now: 0, asset });
    expect(check({ tags: ['domain-controller'] }).matchedRule).toBe('servers-deny');
    expect(check({ groups: ['lab', 'x'] }).decision).toBe('allow');
    expect(check({ tags: ['workstation'], criticality: 'low' }).matchedRule).toBe('workstations');
    const high = check({ tags: ['workstation'], criticality: 'critical' });
    expect(high).toMatchObject({ decision: 'deny', matchedRule: 'critical' });
    expect(high.reasons.join('\n')).toMatch(
      /rule workstations skipped: asset criticality critical is above medium/,
    );
    expect(check({ tags: ['workstation'], criticality: 'high' })).toMatchObject({
      decision: 'require_approval',
      matchedRule: null,
    });
    expect(evaluatePolicy(policy, contain(), { now: 0 }).reasons.join()).toMatch(/no asset facts/);
  });

  it('applies hours in the window time zone, including outsideHours and overnight windows', () => {
    const policy = parsePolicy({
      version: 1,
      rules: [
        {
          id: 'business-hours',
          actions: ['contain_device'],
          decision: 'allow',
          hours: [
            {
              timeZone: 'Europe/Paris',
              days: ['mon', 'tue', 'wed', 'thu', 'fri'],
              from: '08:00',
              to: '18:00',
            },
          ],
          outsideHours: 'require_approval',
        },
        {
          id: 'night-accounts',
          actions: ['disable_account'],
          decision: 'allow',
          hours: [{ timeZone: 'America/New_York', days: ['wed'], from: '22:00', to: '06:00' }],
        },
      ],
    });
    expect(evaluatePolicy(policy, contain(), { now: wednesdayMorningParis }).decision).toBe(
      'allow',
    );
    const night = evaluatePolicy(policy, contain(), { now: wednesdayNightParis });
    expect(night.decision).toBe('require_approval');
    expect(night.reasons[0]).toMatch(
      /outside its hours \(mon,tue,wed,thu,fri 08:00–18:00 Europe\/Paris\)/,
    );
    expect(evaluatePolicy(policy, contain(), { now: saturdayMorningParis }).decision).toBe(
      'require_approval',
    );
    // Wednesday 23:00 New York = Thursday 04:00 UTC; Thursday 05:00 NY = 10:00 UTC (still Wednesday's window).
    expect(evaluatePolicy(policy, disable(), { now: Date.UTC(2026, 10, 19, 4, 0) }).decision).toBe(
      'allow',
    );
    expect(evaluatePolicy(policy, disable(), { now: Date.UTC(2026, 10, 19, 10, 0) }).decision).toBe(
      'allow',
    );
    expect(
      evaluatePolicy(policy, disable(), { now: Date.UTC(2026, 10, 19, 11, 30) }).decision,
    ).toBe('deny');
    expect(evaluatePolicy(policy, disable(), { now: Date.UTC(2026, 10, 18, 12, 0) }).decision).toBe(
      'deny',
    );
    expect(
      inTimeWindow(Date.UTC(2026, 6, 1, 6, 30), {
        timeZone: 'Europe/Paris',
        days: ['wed'],
        from: '08:00',
        to: '09:00',
      }),
    ).toBe(true); // summer time: 06:30 UTC = 08:30 CEST
  });

  it('limits blast radius from the history passed in, counting distinct targets', () => {
    const policy = parsePolicy({
      version: 1,
      rules: [{ id: 'auto', actions: '*', decision: 'allow' }],
      limits: [{ id: 'hosts-per-hour', actions: ['contain_device'], max: 2, windowMs: 3_600_000 }],
    });
    const now = 10_000_000;
    const history = [
      { kind: 'contain_device' as const, at: now - 60_000, target: 'device:device_id=a' },
      { kind: 'contain_device' as const, at: now - 120_000, target: 'device:device_id=a' },
      { kind: 'contain_device' as const, at: now - 3_700_000, target: 'device:device_id=old' },
      { kind: 'disable_account' as const, at: now - 1000, target: 'x' },
    ];
    expect(evaluatePolicy(policy, contain('c'), { now, history }).decision).toBe('allow');
    const more = [
      ...history,
      { kind: 'contain_device' as const, at: now - 10, target: 'device:device_id=b' },
    ];
    const refused = evaluatePolicy(policy, contain('c'), { now, history: more });
    expect(refused).toMatchObject({ decision: 'deny', exceededLimits: ['hosts-per-hour'] });
    expect(refused.reasons.at(-1)).toMatch(/limit hosts-per-hour exceeded: 2 of 2/);
    // A target already counted does not count again (re-containing an isolated host).
    expect(evaluatePolicy(policy, contain('a'), { now, history: more }).decision).toBe('allow');
    const approval = parsePolicy({
      version: 1,
      rules: [{ id: 'auto', actions: '*', decision: 'allow' }],
      limits: [
        { id: 'soft', actions: '*', max: 0, windowMs: 1000, whenExceeded: 'require_approval' },
      ],
    });
    expect(evaluatePolicy(approval, contain(), { now }).decision).toBe('require_approval');
  });

  it('never disables a break-glass account, whatever the rules say', () => {
    const policy = parsePolicy({
      version: 1,
      rules: [{ id: 'all', actions: '*', decision: 'allow' }],
    });
    expect(
      evaluatePolicy(policy, disable(), { now: 0, asset: { breakGlass: true } }),
    ).toMatchObject({
      decision: 'deny',
      matchedRule: 'break-glass',
    });
    expect(
      evaluatePolicy(policy, disable(), { now: 0, asset: { tags: ['break-glass'] } }).decision,
    ).toBe('deny');
    const sessions = createCommand(
      'revoke_sessions',
      { 'x-openmdr:sessions': { account: { uid: 'u1' } } },
      { requestId: 'r' },
    );
    expect(evaluatePolicy(policy, sessions, { now: 0, asset: { breakGlass: true } }).decision).toBe(
      'deny',
    );
    expect(
      evaluatePolicy(policy, disable(), { now: 0, asset: { breakGlass: false } }).decision,
    ).toBe('allow');
  });

  it('applies protections before rules', () => {
    const policy = parsePolicy({
      version: 1,
      protections: [
        {
          id: 'no-dc',
          actions: ['contain_device'],
          assets: { tagsAny: ['dc'] },
          description: 'domain controllers',
        },
      ],
      rules: [{ id: 'all', actions: '*', decision: 'allow' }],
    });
    const result = evaluatePolicy(policy, contain(), { now: 0, asset: { tags: ['dc'] } });
    expect(result).toMatchObject({ decision: 'deny', matchedRule: 'protection:no-dc' });
    expect(result.reasons[0]).toMatch(/domain controllers/);
  });

  it('refuses commands outside the vocabulary', () => {
    const policy = parsePolicy({ version: 1, defaultDecision: 'allow' });
    const bogus = {
      request_id: 'r',
      action: 'stop',
      target: { device: { hostname: 'h' } },
    } as Command;
    expect(evaluatePolicy(policy, bogus, { now: 0 })).toMatchObject({
      decision: 'deny',
      kind: null,
    });
  });
});

describe('parsePolicy', () => {
  it('names the config path of each problem', () => {
    try {
      parsePolicy(
        {
          version: 1,
          rules: [
            { id: 'a', actions: ['contain_device'], decision: 'allow' },
            {
              id: 'a',
              actions: ['explode'],
              decision: 'maybe',
              hours: [{ timeZone: 'Mars/Olympus', from: '25:00', to: '08:00' }],
            },
          ],
        },
        'policies/acme.yaml',
      );
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(PolicyValidationError);
      const paths = (error as PolicyValidationError).issues.map((issue) => issue.path);
      expect(paths).toEqual(
        expect.arrayContaining([
          'rules[1].actions',
          'rules[1].decision',
          'rules[1].hours[0].timeZone',
          'rules[1].hours[0].from',
        ]),
      );
      expect((error as PolicyValidationError).message).toMatch(/in policies\/acme.yaml/);
      expect((error as PolicyValidationError).code).toBe('RESPONSE_POLICY_INVALID');
    }
    try {
      parsePolicy({
        version: 1,
        rules: [
          { id: 'a', actions: '*', decision: 'allow' },
          { id: 'a', actions: '*', decision: 'deny' },
        ],
      });
      expect.unreachable();
    } catch (error) {
      expect((error as PolicyValidationError).issues[0]?.path).toBe('rules[1].id');
    }
  });
});
