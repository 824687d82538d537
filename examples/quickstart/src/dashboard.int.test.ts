// The live SOC dashboard during the quickstart, in headless Chromium (Debian's `chromium`, driven by
// playwright-core): the page is opened before the first stage and must update by itself as the
// story plays — the incident's case appears, its SLA countdown ticks, and the approval the
// containment playbook waits on is granted from the page. `.ci/services.sh` installs Chromium and
// sets OPENMDR_TEST_CHROMIUM; outside CI the test is skipped when no Chromium is found. The
// screenshot goes to OPENMDR_TEST_ARTIFACTS (default: a directory under the system's temp dir).
import { existsSync, mkdirSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runQuickstart } from './run.js';

const executable = process.env['OPENMDR_TEST_CHROMIUM'] ?? '/usr/bin/chromium';
const available = existsSync(executable);
if (!available && process.env['CI']) throw new Error(`Chromium not found at ${executable}`);

const LEAD = 'lead.okafor@mssp.example';
const artifacts = process.env['OPENMDR_TEST_ARTIFACTS'] ?? join(tmpdir(), 'openmdr-test-artifacts');

const tile = (page: Page, key: string) => page.getByTestId(`tile-${key}-value`);
const number = async (page: Page, key: string) => Number(await tile(page, key).textContent());

describe.skipIf(!available)('the SOC dashboard during the quickstart, in headless Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    mkdirSync(artifacts, { recursive: true });
    browser = await chromium.launch({
      executablePath: executable,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
    });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('updates live as the story plays, and the approval is granted from the page', {
    timeout: 180_000,
  }, async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1600 } });
    const problems: string[] = [];
    let watching = true;
    page.on('console', (message) => {
      if (watching && message.type() === 'error') problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('requestfailed', (request) => {
      if (watching) problems.push(`request failed: ${request.url()}`);
    });
    page.on('response', (response) => {
      if (watching && response.status() >= 400)
        problems.push(`${response.status()} ${response.url()}`);
    });

    const before: Record<string, number> = {};
    const run = runQuickstart({
      dataDir: mkdtempSync(join(tmpdir(), 'openmdr-dashboard-')),
      stagePauseMs: 700,
      quiet: true,
      approvals: 'dashboard',
      dashboard: {
        async onReady(url) {
          await page.goto(url, { waitUntil: 'load' });
          // The token left the address bar; the page signed in and subscribed.
          expect(page.url()).not.toContain('token=');
          await expect
            .poll(() => page.getByTestId('live-status').getAttribute('data-state'))
            .toBe('live');
          await expect.poll(() => page.getByTestId('principal').textContent()).toContain(LEAD);
          before['cases'] = await number(page, 'cases-open');
          before['findings'] = await number(page, 'findings-last-hour');
        },
      },
    });

    // A new incident appears: its case is listed and the tiles count it, without a reload.
    const row = page.getByTestId('case-row').first();
    await row.waitFor({ timeout: 90_000 });
    expect(before).toEqual({ cases: 0, findings: 0 });
    await expect.poll(() => number(page, 'cases-open'), { timeout: 30_000 }).toBeGreaterThan(0);
    await expect
      .poll(() => number(page, 'findings-last-hour'), { timeout: 30_000 })
      .toBeGreaterThan(0);

    // The case's SLA clock ticks while the playbook waits for the approval.
    const countdown = row.getByTestId('countdown');
    await countdown.waitFor({ timeout: 30_000 });
    const first = await countdown.textContent();
    await expect.poll(() => countdown.textContent(), { timeout: 10_000 }).not.toBe(first);

    // The approval waits in the page; the SOC lead approves it there with a reason.
    const approve = page.getByTestId('approval-approve').first();
    await approve.waitFor({ timeout: 60_000 });
    expect(await number(page, 'approvals-pending')).toBe(1);
    await page.screenshot({
      path: join(artifacts, 'dashboard-approval-waiting.png'),
      fullPage: true,
    });
    await approve.click();
    await page
      .getByTestId('approval-reason')
      .fill('Confirmed compromise, approved from the dashboard');
    await page.getByTestId('approval-confirm').click();

    const summary = await run;
    try {
      expect(summary.approval?.by).toBe(LEAD);
      expect(summary.playbook).toEqual({ status: 'completed', commands: 2 });
      await expect.poll(() => number(page, 'approvals-pending'), { timeout: 30_000 }).toBe(0);
      // The findings of the whole story reached the charts, and the connectors their table.
      await expect
        .poll(() => page.getByTestId('connectors-table').locator('tbody tr').count(), {
          timeout: 70_000,
        })
        .toBeGreaterThan(3);
      for (const chart of ['chart-findings-by-source', 'chart-findings-by-tactic']) {
        const box = await page.getByTestId(chart).boundingBox();
        expect(box?.width ?? 0).toBeGreaterThan(200);
        expect(box?.height ?? 0).toBeGreaterThan(100);
      }

      const screenshot = join(artifacts, 'dashboard-quickstart.png');
      await page.screenshot({ path: screenshot, fullPage: true });
      expect(statSync(screenshot).size).toBeGreaterThan(30_000);
      console.log(`dashboard screenshots: ${artifacts}/dashboard-*.png`);
      expect(problems).toEqual([]);
    } finally {
      watching = false;
      await page.close();
      await summary.dashboard?.stop();
    }
  });
});
