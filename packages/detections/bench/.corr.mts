import {
  compileCorrelations,
  parseCorrelationDocuments,
} from '/work/main/packages/detections/src/index.ts';

const { correlations } = parseCorrelationDocuments(`title: c
id: c
correlation:
  type: event_count
  rules: [r]
  group-by: [User]
  timespan: 10m
  condition: { gte: 50 }
`);
const set = compileCorrelations(correlations);
for (const users of [10, 1000, 10000]) {
  let state = set.initialState();
  let alerts = 0;
  const n = 100000;
  const t = performance.now();
  for (let i = 0; i < n; i++) {
    const s = set.step(
      state,
      { ruleId: 'r', event: { User: `u${i % users}` }, timestamp: i * 10 },
      0,
    );
    state = s.state;
    alerts += s.alerts.length;
  }
  const ms = performance.now() - t;
  console.log(users, 'groups', Math.round((n / ms) * 1000), 'matches/s', alerts, 'alerts');
}
