/**
 * The dashboard once signed in: the header, tiles, charts, cases, drill-down and tables; loads
 * every panel from the JSON API, follows the live event stream and refetches the panels an event
 * makes stale (coalesced over 300 ms).
 */
import type { Approval } from '@openmdr/response';
import type {
  CaseDetail,
  CaseSummary,
  ConnectorHealthRow,
  FindingsHour,
  MetricsDay,
  Overview,
  Page,
  PlaybookRunRow,
  SlaClockRow,
} from '../src/operations/types.js';
import { type Api, ApiError, describeError } from './api.js';
import { ApprovalsPanel } from './approvals-panel.js';
import { ChartSlot } from './charts.js';
import { h, replace } from './dom.js';
import { formatCount, formatCountdown, SEVERITIES } from './format.js';
import { ALL_PANELS, type Panel, panelsForEvent } from './live-routing.js';
import { type LiveState, openLiveStream } from './live-stream.js';
import { caseDetailBody, caseRows, connectorRows, runRows, slaRows, table } from './views.js';

/** What `GET api/session` answers. */
export interface Session {
  readonly id: string;
  readonly name?: string | null;
  readonly roles: readonly string[];
  readonly tenants: readonly string[];
}

const TENANT_KEY = 'openmdr.dashboard.tenant';
const REFRESH_DELAY_MS = 300;
const PERIODIC_MS = 60_000;

type TileKey =
  | 'cases-open'
  | 'sla-running'
  | 'sla-at-risk'
  | 'sla-breached'
  | 'approvals-pending'
  | 'findings-last-hour'
  | 'connectors-unhealthy';

/** The signed-in page, drawn into `app`. */
export class Dashboard {
  readonly #app: HTMLElement;
  readonly #api: Api;
  readonly #session: Session;
  readonly #signOut: () => void;
  readonly #isMssp: boolean;
  readonly #isApprover: boolean;
  readonly #isAnalyst: boolean;
  #tenant: string | undefined;
  #serverOffset = 0;
  #detail: { tenant: string; id: string } | null = null;
  #caseQuery = '';
  #openOnly = true;
  #commentDraft = '';
  #approvals: ApprovalsPanel | null = null;
  readonly #sequence = new Map<Panel, number>();
  readonly #pending = new Set<Panel>();
  #refreshTimer: ReturnType<typeof setTimeout> | undefined;
  #tickTimer: ReturnType<typeof setInterval> | undefined;
  #periodicTimer: ReturnType<typeof setInterval> | undefined;
  #closeStream: (() => void) | null = null;
  #stopped = false;

  // Elements.
  readonly #tiles = new Map<TileKey, HTMLElement>();
  readonly #severityCounts = new Map<string, HTMLElement>();
  readonly #panels = new Map<Panel, HTMLElement>();
  readonly #errors = new Map<Panel, HTMLElement>();
  readonly #status = h('span', { class: 'live', 'data-testid': 'live-status', role: 'status' });
  readonly #announce = h('p', { class: 'visually-hidden', 'aria-live': 'polite' });
  readonly #detailSection = h('section', {
    class: 'panel detail wide',
    'aria-labelledby': 'case-detail-title',
    'data-testid': 'case-detail',
    hidden: true,
  });
  readonly #onResize = () => {
    clearTimeout(this.#resizeTimer);
    this.#resizeTimer = setTimeout(() => {
      this.#chartSlots?.source.resize();
      this.#chartSlots?.tactic.resize();
      this.#chartSlots?.trends.resize();
    }, 150);
  };
  #resizeTimer: ReturnType<typeof setTimeout> | undefined;
  #chartSlots: { source: ChartSlot; tactic: ChartSlot; trends: ChartSlot } | null = null;

  constructor(app: HTMLElement, api: Api, session: Session, signOut: () => void) {
    this.#app = app;
    this.#api = api;
    this.#session = session;
    this.#signOut = signOut;
    this.#isMssp = session.roles.includes('mssp');
    this.#isApprover = session.roles.includes('approver');
    this.#isAnalyst = this.#isApprover || session.roles.includes('analyst');
    this.#tenant = this.#initialTenant();
  }

  #initialTenant(): string | undefined {
    const choices = this.#tenantChoices().map(([value]) => value);
    let stored: string | null = null;
    try {
      stored = sessionStorage.getItem(TENANT_KEY);
    } catch {
      stored = null;
    }
    if (stored !== null && choices.includes(stored)) return stored;
    return choices[0];
  }

  #tenantChoices(): [string, string][] {
    const tenants = [
      ...new Set(Array.isArray(this.#session.tenants) ? this.#session.tenants : []),
    ].sort();
    const choices: [string, string][] = tenants.map((tenant) => [tenant, tenant]);
    if (this.#isMssp) choices.unshift(['*', 'All tenants']);
    return choices;
  }

  get #allTenants(): boolean {
    return this.#tenant === '*';
  }

  mount(): void {
    const header = this.#header();
    if (this.#tenant === undefined) {
      replace(
        this.#app,
        header,
        h(
          'main',
          null,
          h(
            'p',
            { class: 'empty', 'data-testid': 'no-tenant' },
            'Your account has no tenant to show.',
          ),
        ),
      );
      return;
    }
    replace(
      this.#app,
      header,
      h(
        'main',
        null,
        this.#tilesSection(),
        this.#chartsSection(),
        this.#casesSection(),
        this.#detailSection,
        this.#panel('sla', 'SLA clocks running'),
        this.#approvalsSection(),
        this.#panel('connectors', 'Connector health'),
        this.#panel('runs', 'Playbook runs'),
        this.#announce,
      ),
    );
    window.addEventListener('resize', this.#onResize);
    this.#tickTimer = setInterval(() => this.#tick(), 1000);
    this.#periodicTimer = setInterval(
      () => this.#schedule(['overview', 'findings', 'sla', 'connectors']),
      PERIODIC_MS,
    );
    this.#loadAll();
    this.#connect();
  }

  stop(): void {
    this.#stopped = true;
    this.#closeStream?.();
    this.#closeStream = null;
    clearTimeout(this.#refreshTimer);
    clearTimeout(this.#resizeTimer);
    clearInterval(this.#tickTimer);
    clearInterval(this.#periodicTimer);
    window.removeEventListener('resize', this.#onResize);
  }

  // ---- Layout ----

  #header(): HTMLElement {
    const who = this.#session.name || this.#session.id;
    const select = h('select', { id: 'tenant-select', 'data-testid': 'tenant-select' });
    for (const [value, label] of this.#tenantChoices()) {
      select.append(h('option', { value, selected: value === this.#tenant }, label));
    }
    select.disabled = select.options.length <= 1;
    select.addEventListener('change', () => this.#selectTenant(select.value));
    const signOut = h('button', { type: 'button', 'data-testid': 'sign-out' }, 'Sign out');
    signOut.addEventListener('click', () => this.#signOut());
    this.#setLive('connecting');
    return h(
      'header',
      { class: 'top' },
      h('h1', null, 'OpenMDR SOC'),
      h(
        'div',
        { class: 'session' },
        h('label', { for: 'tenant-select' }, 'Tenant'),
        select,
        this.#status,
        h(
          'span',
          { class: 'principal', 'data-testid': 'principal', title: this.#session.roles.join(', ') },
          who,
        ),
        signOut,
      ),
    );
  }

  #tilesSection(): HTMLElement {
    const tile = (key: TileKey, label: string, extra?: HTMLElement) => {
      const value = h('span', { class: 'value', 'data-testid': `tile-${key}-value` }, '–');
      this.#tiles.set(key, value);
      return h(
        'li',
        { class: `tile tile-${key}`, 'data-testid': `tile-${key}` },
        h('span', { class: 'label' }, label),
        value,
        extra,
      );
    };
    const bySeverity = h(
      'ul',
      { class: 'severities' },
      ...SEVERITIES.map((severity) => {
        const count = h('span', { 'data-testid': `tile-cases-${severity}` }, '0');
        this.#severityCounts.set(severity, count);
        return h('li', { class: `badge severity-${severity}` }, `${severity} `, count);
      }),
    );
    const error = this.#errorSlot('overview');
    return h(
      'section',
      { class: 'tiles wide', 'aria-label': 'Overview', 'data-testid': 'tiles' },
      error,
      h(
        'ul',
        null,
        tile('cases-open', 'Open cases', bySeverity),
        tile('sla-running', 'SLA clocks running'),
        tile('sla-at-risk', 'SLA at risk'),
        tile('sla-breached', 'SLA breached'),
        tile('approvals-pending', 'Pending approvals'),
        tile('findings-last-hour', 'Findings, last hour'),
        tile('connectors-unhealthy', 'Unhealthy connectors'),
      ),
    );
  }

  #chartsSection(): HTMLElement {
    const figure = (testId: string, caption: string) => {
      const body = h('div', { class: 'chart-body' });
      return {
        body,
        element: h(
          'figure',
          { class: 'chart', 'data-testid': testId },
          h('figcaption', null, caption),
          body,
        ),
      };
    };
    const source = figure('chart-findings-by-source', 'Findings per hour by source (24 h)');
    const tactic = figure('chart-findings-by-tactic', 'Findings per hour by ATT&CK tactic (24 h)');
    const trends = figure('chart-mean-times', 'MTTD, MTTA, MTTC and MTTR per day (30 days)');
    this.#chartSlots = {
      source: new ChartSlot(source.body, 'No findings in the last 24 hours.'),
      tactic: new ChartSlot(tactic.body, 'No findings in the last 24 hours.'),
      trends: new ChartSlot(trends.body, 'No cases measured in the last 30 days.'),
    };
    this.#panels.set('findings', source.body);
    this.#panels.set('trends', trends.body);
    return h(
      'section',
      { class: 'charts wide', 'aria-label': 'Charts' },
      this.#errorSlot('findings'),
      this.#errorSlot('trends'),
      source.element,
      tactic.element,
      trends.element,
    );
  }

  #casesSection(): HTMLElement {
    const query = h('input', {
      id: 'case-query',
      type: 'search',
      name: 'q',
      'data-testid': 'case-query',
    });
    const openOnly = h('input', {
      id: 'case-open-only',
      type: 'checkbox',
      checked: this.#openOnly,
      'data-testid': 'case-open-only',
    });
    const form = h(
      'form',
      { class: 'filters', role: 'search' },
      h('label', { for: 'case-query' }, 'Search'),
      query,
      h('label', { for: 'case-open-only' }, openOnly, ' open only'),
      h('button', { type: 'submit' }, 'Apply'),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.#caseQuery = query.value.trim();
      this.#openOnly = openOnly.checked;
      this.#schedule(['cases'], 0);
    });
    openOnly.addEventListener('change', () => {
      this.#openOnly = openOnly.checked;
      this.#schedule(['cases'], 0);
    });
    const body = h('div', { class: 'panel-body' });
    this.#panels.set('cases', body);
    return h(
      'section',
      { class: 'panel cases wide', 'aria-labelledby': 'panel-cases' },
      h('h2', { id: 'panel-cases' }, 'Cases'),
      form,
      this.#errorSlot('cases'),
      body,
    );
  }

  #panel(panel: Panel, title: string): HTMLElement {
    const body = h('div', { class: 'panel-body' });
    this.#panels.set(panel, body);
    return h(
      'section',
      {
        class: `panel ${panel}`,
        'aria-labelledby': `panel-${panel}`,
        'data-testid': `panel-${panel}`,
      },
      h('h2', { id: `panel-${panel}` }, title),
      this.#errorSlot(panel),
      body,
    );
  }

  #approvalsSection(): HTMLElement {
    const section = this.#panel('approvals', 'Approvals waiting');
    this.#approvals = new ApprovalsPanel(this.#panels.get('approvals')!, {
      api: this.#api,
      canDecide: this.#isApprover,
      showTenant: () => this.#allTenants,
      decided: (approval, decision) => {
        this.#announce.textContent = `${decision === 'approve' ? 'Approved' : 'Denied'}: ${approval.id}`;
        this.#schedule(['approvals', 'overview', 'runs', 'detail'], 0);
      },
      rendered: () => this.#tick(),
    });
    return section;
  }

  #errorSlot(panel: Panel): HTMLElement {
    const slot = h('p', { class: 'error', role: 'alert', hidden: true });
    this.#errors.set(panel, slot);
    return slot;
  }

  // ---- Loading ----

  #query(extra?: Record<string, string | number | boolean | undefined>) {
    return { tenant: this.#tenant, ...extra };
  }

  #loadAll(): void {
    this.#pending.clear();
    for (const panel of ALL_PANELS) void this.#load(panel);
  }

  /** Marks panels stale and refetches them after a short delay, coalescing bursts of events. */
  #schedule(panels: readonly Panel[], delay = REFRESH_DELAY_MS): void {
    for (const panel of panels) this.#pending.add(panel);
    if (delay === 0) {
      clearTimeout(this.#refreshTimer);
      this.#refreshTimer = undefined;
      this.#flush();
      return;
    }
    this.#refreshTimer ??= setTimeout(() => {
      this.#refreshTimer = undefined;
      this.#flush();
    }, delay);
  }

  #flush(): void {
    const panels = [...this.#pending];
    this.#pending.clear();
    for (const panel of panels) void this.#load(panel);
  }

  async #load(panel: Panel): Promise<void> {
    if (this.#stopped) return;
    const sequence = (this.#sequence.get(panel) ?? 0) + 1;
    this.#sequence.set(panel, sequence);
    const current = () => !this.#stopped && this.#sequence.get(panel) === sequence;
    try {
      const render = await this.#fetch(panel);
      if (!current()) return;
      render();
      const slot = this.#errors.get(panel);
      if (slot) slot.hidden = true;
    } catch (error) {
      if (!current()) return;
      if (error instanceof ApiError && error.status === 401) return;
      const slot = this.#errors.get(panel);
      if (slot) {
        slot.textContent = `Could not load: ${describeError(error)}`;
        slot.hidden = false;
      }
    }
  }

  /** Fetches a panel's data and returns the function that draws it. */
  async #fetch(panel: Panel): Promise<() => void> {
    const api = this.#api;
    switch (panel) {
      case 'overview': {
        const overview = await api.get<Overview>('api/overview', this.#query());
        return () => this.#renderOverview(overview);
      }
      case 'findings': {
        const hours = await api.get<FindingsHour[]>(
          'api/findings/hourly',
          this.#query({ hours: 24 }),
        );
        return () => {
          this.#chartSlots?.source.findings(hours, 'source');
          this.#chartSlots?.tactic.findings(hours, 'tactic');
        };
      }
      case 'trends': {
        const days = await api.get<MetricsDay[]>('api/metrics/trends', this.#query({ days: 30 }));
        return () => this.#chartSlots?.trends.trends(days);
      }
      case 'cases': {
        const page = await api.get<Page<CaseSummary>>(
          'api/cases',
          this.#query({ open: this.#openOnly ? true : undefined, q: this.#caseQuery, limit: 50 }),
        );
        return () => this.#renderCases(page);
      }
      case 'detail': {
        const target = this.#detail;
        if (!target) return () => undefined;
        const detail = await api.get<CaseDetail>(`api/cases/${encodeURIComponent(target.id)}`, {
          tenant: target.tenant,
        });
        return () => {
          if (this.#detail === target) this.#renderDetail(detail);
        };
      }
      case 'sla': {
        const clocks = await api.get<SlaClockRow[]>('api/sla', this.#query());
        return () =>
          replace(
            this.#panels.get('sla')!,
            table(
              'sla-table',
              ['Severity', 'Case', ...(this.#allTenants ? ['Tenant'] : []), 'State', 'Due in'],
              slaRows(clocks, this.#allTenants),
              'No SLA clock is running.',
            ),
          );
      }
      case 'approvals': {
        const approvals = await api.get<Approval[]>('api/approvals', this.#query());
        return () => this.#approvals?.render(approvals);
      }
      case 'connectors': {
        const rows = await api.get<ConnectorHealthRow[]>('api/connectors', this.#query());
        return () =>
          replace(
            this.#panels.get('connectors')!,
            table(
              'connectors-table',
              [
                'Connector',
                ...(this.#allTenants ? ['Tenant'] : []),
                'Status',
                'Last event',
                'Lag',
                'Accepted',
                'Rejected',
              ],
              connectorRows(rows, this.#allTenants, this.#now()),
              'No connector has reported yet.',
            ),
          );
      }
      case 'runs': {
        const rows = await api.get<PlaybookRunRow[]>(
          'api/playbook-runs',
          this.#query({ limit: 20 }),
        );
        return () =>
          replace(
            this.#panels.get('runs')!,
            table(
              'playbook-runs-table',
              [
                'Playbook or action',
                ...(this.#allTenants ? ['Tenant'] : []),
                'Status',
                'Started',
                'Duration',
              ],
              runRows(rows, this.#allTenants),
              'No playbook has run yet.',
            ),
          );
      }
    }
  }

  // ---- Rendering ----

  #renderOverview(overview: Overview): void {
    this.#serverOffset = overview.generatedAt - Date.now();
    const set = (key: TileKey, value: number) => {
      const element = this.#tiles.get(key);
      if (element) element.textContent = formatCount(value);
      element?.parentElement?.classList.toggle(
        'alert',
        value > 0 && key !== 'cases-open' && key !== 'sla-running' && key !== 'findings-last-hour',
      );
    };
    set('cases-open', overview.cases.open);
    set('sla-running', overview.sla.running);
    set('sla-at-risk', overview.sla.atRisk);
    set('sla-breached', overview.sla.breached);
    set('approvals-pending', overview.approvals.pending);
    set('findings-last-hour', overview.findings.lastHour);
    set('connectors-unhealthy', overview.connectors.unhealthy);
    for (const [severity, element] of this.#severityCounts) {
      element.textContent = formatCount(
        (overview.cases.bySeverity as Record<string, number>)[severity] ?? 0,
      );
    }
  }

  #renderCases(page: Page<CaseSummary>): void {
    const selected = this.#detail ? `${this.#detail.tenant}/${this.#detail.id}` : null;
    const rows = caseRows(page.items, this.#allTenants, selected, (item) => this.#openCase(item));
    const body = this.#panels.get('cases')!;
    replace(
      body,
      table(
        'case-table',
        [
          'Severity',
          'Status',
          'Title',
          'Assignee',
          ...(this.#allTenants ? ['Tenant'] : []),
          'Next SLA due',
        ],
        rows,
        this.#caseQuery ? 'No case matches.' : 'No case to show.',
      ),
      page.total > page.items.length
        ? h('p', { class: 'muted' }, `Showing ${page.items.length} of ${formatCount(page.total)}.`)
        : null,
    );
    this.#tick();
  }

  #openCase(item: CaseSummary): void {
    this.#detail = { tenant: item.tenant, id: item.id };
    this.#commentDraft = '';
    replace(this.#detailSection, h('p', { class: 'muted' }, 'Loading case…'));
    this.#detailSection.hidden = false;
    for (const row of this.#panels.get('cases')!.querySelectorAll('tr[data-case-id]')) {
      const selected =
        row.getAttribute('data-case-id') === item.id &&
        row.getAttribute('data-tenant') === item.tenant;
      if (selected) row.setAttribute('aria-current', 'true');
      else row.removeAttribute('aria-current');
    }
    this.#schedule(['detail'], 0);
  }

  #closeCase(): void {
    this.#detail = null;
    this.#detailSection.hidden = true;
    replace(this.#detailSection);
    this.#panels.get('cases')?.querySelector('tr[aria-current]')?.removeAttribute('aria-current');
  }

  #renderDetail(detail: CaseDetail): void {
    const close = h(
      'button',
      { type: 'button', class: 'close', 'data-testid': 'case-detail-close' },
      'Close',
    );
    close.addEventListener('click', () => this.#closeCase());
    replace(
      this.#detailSection,
      close,
      ...caseDetailBody(detail),
      this.#isAnalyst ? this.#commentForm(detail) : null,
    );
    this.#tick();
  }

  #commentForm(detail: CaseDetail): HTMLElement {
    const text = h('textarea', {
      id: 'case-comment',
      rows: 2,
      required: true,
      'data-testid': 'case-comment',
    });
    text.value = this.#commentDraft;
    text.addEventListener('input', () => {
      this.#commentDraft = text.value;
    });
    const error = h('p', { class: 'error', role: 'alert', hidden: true });
    const submit = h(
      'button',
      { type: 'submit', 'data-testid': 'case-comment-submit' },
      'Add comment',
    );
    const form = h(
      'form',
      { class: 'comment' },
      h('label', { for: 'case-comment' }, 'Comment'),
      text,
      submit,
      error,
    );
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const value = text.value.trim();
      if (value === '') return;
      submit.disabled = true;
      try {
        await this.#api.post(
          `api/cases/${encodeURIComponent(detail.case.id)}/comments`,
          { text: value },
          { tenant: detail.case.tenant },
        );
        this.#commentDraft = '';
        this.#schedule(['detail'], 0);
      } catch (failure) {
        error.textContent = describeError(failure);
        error.hidden = false;
        submit.disabled = false;
      }
    });
    return form;
  }

  // ---- Live ----

  #connect(): void {
    this.#closeStream?.();
    this.#closeStream = openLiveStream(this.#api, this.#tenant, {
      onState: (state) => this.#setLive(state),
      onEvent: (type) => this.#schedule(panelsForEvent(type)),
      onResync: () => this.#schedule(ALL_PANELS),
      onUnauthorized: () => this.#signOut(),
    });
  }

  #setLive(state: LiveState): void {
    this.#status.textContent = state;
    this.#status.setAttribute('data-state', state);
  }

  #selectTenant(tenant: string): void {
    this.#tenant = tenant;
    try {
      sessionStorage.setItem(TENANT_KEY, tenant);
    } catch {
      // Storage disabled: the choice lasts for this page.
    }
    this.#closeCase();
    this.#approvals?.reset();
    this.#loadAll();
    this.#connect();
  }

  #now(): number {
    return Date.now() + this.#serverOffset;
  }

  /** Ticks every countdown on the page. */
  #tick(): void {
    const now = this.#now();
    for (const element of document.querySelectorAll<HTMLElement>('[data-due-at]')) {
      const due = Number(element.getAttribute('data-due-at'));
      if (!Number.isFinite(due)) continue;
      const remaining = due - now;
      element.textContent = formatCountdown(remaining);
      element.classList.toggle('overdue', remaining < 0);
    }
  }
}
