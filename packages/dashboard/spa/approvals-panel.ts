/** The approvals waiting, with Approve / Deny and an inline reason form for approvers. */
import type { Approval } from '@openmdr/response';
import { type Api, describeError } from './api.js';
import { h, replace } from './dom.js';
import { approvalSummary } from './views.js';

/** What the approvals panel needs from the page. */
export interface ApprovalsPanelOptions {
  readonly api: Api;
  /** Whether the principal has the `approver` role (the buttons are shown only then). */
  readonly canDecide: boolean;
  /** Whether rows name their tenant (the cross-tenant view). */
  showTenant(): boolean;
  /** A decision was recorded: refresh what it changes. */
  decided(approval: Approval, decision: 'approve' | 'deny'): void;
  /** The panel was redrawn (its countdowns need a tick). */
  rendered(): void;
}

/** The approvals panel. */
export class ApprovalsPanel {
  readonly #body: HTMLElement;
  readonly #options: ApprovalsPanelOptions;
  #decision: { id: string; decision: 'approve' | 'deny'; draft: string } | null = null;

  constructor(body: HTMLElement, options: ApprovalsPanelOptions) {
    this.#body = body;
    this.#options = options;
  }

  /** Forgets an open decision form (the tenant changed). */
  reset(): void {
    this.#decision = null;
  }

  /** Draws the pending approvals, keeping an open decision form and its draft reason. */
  render(approvals: readonly Approval[]): void {
    const body = this.#body;
    // Keep a half-typed reason across a live refresh.
    const draft = body.querySelector<HTMLInputElement>('input[data-testid="approval-reason"]');
    if (this.#decision && draft) this.#decision.draft = draft.value;
    const refocus = draft !== null && document.activeElement === draft;
    const pending = approvals.filter((approval) => approval.status === 'pending');
    if (this.#decision && !pending.some((approval) => approval.id === this.#decision?.id)) {
      this.#decision = null;
    }
    if (pending.length === 0) {
      replace(
        body,
        h('p', { class: 'empty', 'data-testid': 'approvals-empty' }, 'No approval is waiting.'),
      );
      return;
    }
    const list = h(
      'ul',
      { class: 'approval-list', 'data-testid': 'approvals-list' },
      ...[...pending]
        .sort((a, b) => a.expiresAt - b.expiresAt)
        .map((approval) => this.#approvalItem(approval)),
    );
    replace(body, list);
    if (refocus)
      body.querySelector<HTMLInputElement>('input[data-testid="approval-reason"]')?.focus();
    this.#options.rendered();
  }

  #approvalItem(approval: Approval): HTMLElement {
    const item = h(
      'li',
      { 'data-testid': 'approval-row', 'data-approval-id': approval.id },
      approvalSummary(approval, this.#options.showTenant()),
    );
    if (!this.#options.canDecide) return item;
    const open = this.#decision?.id === approval.id ? this.#decision : null;
    if (open) {
      item.append(this.#decisionForm(approval, open.decision, open.draft));
      return item;
    }
    const actions = h('div', { class: 'actions' });
    for (const decision of ['approve', 'deny'] as const) {
      const button = h(
        'button',
        { type: 'button', class: decision, 'data-testid': `approval-${decision}` },
        decision === 'approve' ? 'Approve' : 'Deny',
      );
      button.addEventListener('click', () => {
        this.#decision = { id: approval.id, decision, draft: '' };
        const form = this.#decisionForm(approval, decision, '');
        actions.replaceWith(form);
        form.querySelector('input')?.focus();
      });
      actions.append(button);
    }
    item.append(actions);
    return item;
  }

  #decisionForm(approval: Approval, decision: 'approve' | 'deny', draft: string): HTMLElement {
    const id = `reason-${approval.id.replace(/[^A-Za-z0-9_-]/g, '_')}`;
    const reason = h('input', {
      id,
      type: 'text',
      required: true,
      autocomplete: 'off',
      'data-testid': 'approval-reason',
    });
    reason.value = draft;
    const confirm = h(
      'button',
      { type: 'submit', class: decision, 'data-testid': 'approval-confirm' },
      decision === 'approve' ? 'Confirm approval' : 'Confirm denial',
    );
    const cancel = h('button', { type: 'button', 'data-testid': 'approval-cancel' }, 'Cancel');
    const error = h('p', { class: 'error', role: 'alert', hidden: true });
    const form = h(
      'form',
      { class: 'decision' },
      h(
        'label',
        { for: id },
        decision === 'approve' ? 'Reason for approving' : 'Reason for denying',
      ),
      reason,
      confirm,
      cancel,
      error,
    );
    cancel.addEventListener('click', () => {
      this.#decision = null;
      form.closest('li')?.replaceWith(this.#approvalItem(approval));
    });
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const text = reason.value.trim();
      if (text === '') {
        reason.focus();
        return;
      }
      confirm.disabled = true;
      cancel.disabled = true;
      try {
        await this.#options.api.post<Approval>(
          `api/approvals/${encodeURIComponent(approval.id)}/decision`,
          { decision, reason: text },
          { tenant: approval.tenant },
        );
        this.#decision = null;
        form.closest('li')?.remove();
        this.#options.decided(approval, decision);
      } catch (failure) {
        error.textContent = describeError(failure);
        error.hidden = false;
        confirm.disabled = false;
        cancel.disabled = false;
      }
    });
    return form;
  }
}
