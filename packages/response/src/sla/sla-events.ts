import type { TenantId } from '@openmdr/core';
import type { RegulatoryClockName } from './regulatory-clocks.js';

declare module '@openmdr/core' {
  interface OpenMdrEvents {
    /** An SLA clock reached its at-risk threshold (elapsed ≥ `atRiskFraction` × target). */
    'sla.at-risk': {
      tenant: TenantId;
      incidentId: string;
      metric: string;
      dueAt: number;
      at: number;
      elapsedMs: number;
      targetMs: number;
    };
    /** A regulatory notification deadline is near (its at-risk fraction of the window has passed). */
    'regulatory.at-risk': {
      tenant: TenantId;
      incidentId: string;
      clock: RegulatoryClockName;
      regulation: 'gdpr' | 'nis2';
      dueAt: number;
      at: number;
    };
    /** A regulatory notification deadline passed without a recorded submission. */
    'regulatory.breached': {
      tenant: TenantId;
      incidentId: string;
      clock: RegulatoryClockName;
      regulation: 'gdpr' | 'nis2';
      dueAt: number;
      at: number;
    };
  }
}
