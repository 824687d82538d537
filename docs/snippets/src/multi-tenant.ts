// docs/guides/mssp-multi-tenant.md — one process serving several customers: one store viewed per
// tenant, per-tenant secrets, SLA policies and notification routing.
// Run: pnpm --filter @openmdr/docs-snippets multi-tenant
import { environmentSecretProvider, openStore } from '@openmdr/core';
import {
  CaseService,
  createWebhookNotifier,
  NotificationRouter,
  SlaPolicyRegistry,
} from '@openmdr/response';

const store = await openStore({ kind: 'memory' }); // 'pglite' | 'postgres' | 'redis' alike
const acme = store.forTenant('acme');
const globex = store.forTenant('globex');
await acme.state.set('greeting', 'hello from acme');
console.log('globex sees acme state:', (await globex.state.get('greeting')) !== undefined); // false

// Secrets per tenant: OPENMDR_SECRET__acme__crowdstrike_client_secret=…
export const secrets = environmentSecretProvider();

// SLA targets per tenant.
const policies = new SlaPolicyRegistry({
  name: 'standard',
  targets: { critical: { acknowledgeMinutes: 30, containMinutes: 120 } },
});
policies.set('acme', {
  name: 'gold',
  targets: { critical: { acknowledgeMinutes: 15, containMinutes: 60 } },
});
console.log('acme contain target:', policies.get('acme').targets.critical?.containMinutes, 'min');

// Cases are tenant-scoped views of one service.
const cases = new CaseService({ store });
const opened = await cases
  .forTenant('acme')
  .create({ title: 'Suspicious sign-in', severity: 'high' });
console.log(
  'globex cases:',
  (await cases.forTenant('globex').list()).length,
  '— acme case',
  opened.id,
);

// Notifications: each customer's channel, and the MSSP's own for everything critical.
export const router = new NotificationRouter({
  notifiers: [
    createWebhookNotifier({
      id: 'acme-itsm',
      url: 'https://itsm.acme.example/hooks/openmdr',
      secret: 'acme-webhook-secret-0123456789',
    }),
    createWebhookNotifier({
      id: 'mssp-soc',
      url: 'https://soc.mssp.example/hooks/openmdr',
      secret: 'mssp-webhook-secret-0123456789',
    }),
  ],
  rules: [
    {
      id: 'acme',
      tenants: ['acme'],
      events: ['incident.created', 'sla.*'],
      notifiers: ['acme-itsm'],
    },
    { id: 'soc-critical', minSeverity: 'critical', notifiers: ['mssp-soc'] },
  ],
});
await store.close();
