// Opens the HTML report in headless Chromium (Debian's `chromium`, driven by playwright-core) and
// checks that it renders with its charts. `.ci/services.sh` installs Chromium and sets
// OPENMDR_TEST_CHROMIUM; outside CI the test is skipped when no Chromium is found.
import { existsSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { buildTenantReport, renderReportHtml } from '../../src/index.js';
import { buildFixture } from './report-fixture.js';

const executable = process.env['OPENMDR_TEST_CHROMIUM'] ?? '/usr/bin/chromium';
const available = existsSync(executable);
if (!available && process.env['CI']) throw new Error(`Chromium not found at ${executable}`);

describe.skipIf(!available)('HTML report in headless Chromium', () => {
  it('renders its headings and SVG charts with no console errors', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'openmdr-report-'));
    const file = join(dir, 'acme-2026-10.html');
    writeFileSync(file, renderReportHtml(buildTenantReport(await buildFixture())));
    const browser = await chromium.launch({
      executablePath: executable,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1100, height: 1400 } });
      const problems: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error') problems.push(message.text());
      });
      page.on('pageerror', (error) => problems.push(error.message));
      page.on('requestfailed', (request) => problems.push(`request failed: ${request.url()}`));
      await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });

      expect(await page.title()).toBe('acme — security operations report 2026-10');
      expect(await page.locator('h2').allTextContents()).toEqual([
        'SLA scorecard',
        'From findings to cases',
        'Incident log',
        'Verdicts and detection quality',
        'Lessons learned',
        'Client feedback',
        'ATT&CK coverage',
        'Top entities',
        'Response actions',
        'Connector health',
        'Compliance evidence',
      ]);
      const charts = page.locator('svg.chart');
      expect(await charts.count()).toBe(4);
      for (let index = 0; index < 4; index++) {
        const box = await charts.nth(index).boundingBox();
        expect(box?.width ?? 0).toBeGreaterThan(200);
        expect(box?.height ?? 0).toBeGreaterThan(50);
        // Every chart draws at least one visible bar.
        expect(await charts.nth(index).locator('rect').count()).toBeGreaterThan(0);
      }
      const widths = await charts
        .first()
        .locator('rect')
        .evaluateAll((rects) => rects.map((rect) => rect.getBoundingClientRect().width));
      expect(Math.max(...widths)).toBeGreaterThan(100); // the 100 % bars of the SLA chart
      const screenshot = join(dir, 'report.png');
      await page.screenshot({ path: screenshot, fullPage: true });
      expect(statSync(screenshot).size).toBeGreaterThan(20_000);
      expect(problems).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
