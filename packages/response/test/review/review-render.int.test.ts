// Opens the post-incident review page in headless Chromium (as report-render.int.test.ts does for
// the report) and checks that it renders its sections with no console error or failed request.
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ManualClock, openStore } from '@openmdr/core';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  CaseService,
  draftPostIncidentReview,
  parseSlaPolicy,
  renderReviewHtml,
} from '../../src/index.js';

const executable = process.env['OPENMDR_TEST_CHROMIUM'] ?? '/usr/bin/chromium';
const available = existsSync(executable);
if (!available && process.env['CI']) throw new Error(`Chromium not found at ${executable}`);

describe.skipIf(!available)('post-incident review in headless Chromium', () => {
  it('renders its sections with no console errors', async () => {
    const clock = new ManualClock(Date.UTC(2026, 10, 2, 9));
    const store = await openStore({ kind: 'memory', clock });
    const cases = new CaseService({ store, clock }).forTenant('acme');
    const item = await cases.create({ title: 'Phishing <macro>', severity: 'high' });
    clock.advance(60_000);
    await cases.transition(item.id, 'triage', { by: 'kim' });
    await cases.transition(item.id, 'closed', { by: 'kim', reason: 'Resolved' });
    const review = draftPostIncidentReview({
      case: await cases.get(item.id),
      caseTimeline: await cases.timeline(item.id),
      audit: [],
      slaPolicy: parseSlaPolicy({ name: 'gold', targets: { high: { acknowledgeMinutes: 30 } } }),
      findings: [],
    });
    await store.close();
    const file = join(mkdtempSync(join(tmpdir(), 'openmdr-review-')), 'review.html');
    writeFileSync(file, renderReviewHtml(review));
    const browser = await chromium.launch({
      executablePath: executable,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
    });
    try {
      const page = await browser.newPage();
      const problems: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error') problems.push(message.text());
      });
      page.on('pageerror', (error) => problems.push(error.message));
      page.on('requestfailed', (request) => problems.push(`request failed: ${request.url()}`));
      await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
      expect(await page.title()).toBe('Post-incident review — Phishing <macro>');
      expect(await page.locator('h2').allTextContents()).toEqual([
        'What happened',
        'Scope, origin and impact',
        "The attacker's timeline",
        "The SOC's timeline",
        'Detection',
        'Response times against the SLA',
        'What worked',
        'What to change',
      ]);
      expect(await page.locator('ol li').count()).toBe(3);
      expect(problems).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
