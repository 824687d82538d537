// docs/guides/write-a-rule.md — a native rule (detection as code): pure functions, a threshold
// and a dedup key; alerts become the same OCSF Detection Findings as Sigma matches.
import { createNativeRuleRunner, defineRule, nativeAlertToFinding } from '@openmdr/detections';

interface Authentication {
  class_uid?: number;
  status_id?: number;
  time?: number;
  user?: { name?: string };
  src_endpoint?: { ip?: string };
}

/** Ten failed sign-ins for one account within five minutes. */
export const passwordSpray = defineRule<Authentication>({
  id: 'acme-failed-signins-per-account',
  title: (event) => `Repeated failed sign-ins for ${event.user?.name ?? 'an account'}`,
  severity: 'medium',
  classUid: 3002,
  tags: ['attack.credential-access', 'attack.t1110'],
  match: (event) => event.status_id === 2,
  dedupKey: (event) => event.user?.name ?? 'unknown',
  threshold: { count: 10, windowMs: 5 * 60_000 },
  context: (event) => ({ last_source: event.src_endpoint?.ip ?? null }),
});

const runner = createNativeRuleRunner([passwordSpray]);
let state = runner.initialState();
const start = Date.parse('2026-11-22T09:00:00Z');
for (let attempt = 0; attempt < 12; attempt++) {
  const step = runner.evaluate(state, {
    class_uid: 3002,
    status_id: 2,
    time: start + attempt * 10_000,
    user: { name: 'jdoe@acme.example' },
    src_endpoint: { ip: '198.51.100.77' },
  });
  state = step.state; // plain JSON: store it between batches
  for (const alert of step.alerts) {
    console.log(nativeAlertToFinding(alert).finding_info.title, `(count ${alert.count})`);
  }
}
