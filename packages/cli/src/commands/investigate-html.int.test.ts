// Opens the investigation page of `openmdr investigate --format html` in headless Chromium
// (Debian's `chromium`, driven by playwright-core) and checks that it renders: no console errors,
// the SVG graph visible with one element per drawn node, the timeline with one row per record.
// `.ci/services.sh` installs Chromium and sets OPENMDR_TEST_CHROMIUM; outside CI the test is
// skipped when no Chromium is found.
import { existsSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { EXCERPT, excerptLines, runInvestigate } from '../../test/investigate-fixtures.js';

const executable = process.env['OPENMDR_TEST_CHROMIUM'] ?? '/usr/bin/chromium';
const available = existsSync(executable);
if (!available && process.env['CI']) throw new Error(`Chromium not found at ${executable}`);

describe.skipIf(!available)('investigation page in headless Chromium', () => {
  it('renders the graph, the timeline and the tables with no console errors', async () => {
    const lines = excerptLines();
    const json = await runInvestigate(['investigate', '--events', EXCERPT, '--input', 'winlog']);
    const { nodes, edges } = json.document.graph;
    const html = await runInvestigate([
      'investigate',
      '--events',
      EXCERPT,
      '--input',
      'winlog',
      '--format',
      'html',
      '--title',
      'Lateral movement lab',
    ]);
    expect(html.code).toBe(0);
    const dir = mkdtempSync(join(tmpdir(), 'openmdr-investigation-'));
    const file = join(dir, 'investigation.html');
    writeFileSync(file, html.out);
    const browser = await chromium.launch({
      executablePath: executable,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 1200 } });
      const problems: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error' || message.type() === 'warning') {
          problems.push(`${message.type()}: ${message.text()}`);
        }
      });
      page.on('pageerror', (error) => problems.push(error.message));
      page.on('requestfailed', (request) => problems.push(`request failed: ${request.url()}`));
      page.on('request', (request) => {
        if (!request.url().startsWith('file:')) problems.push(`request: ${request.url()}`);
      });
      await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });

      expect(await page.title()).toBe('Lateral movement lab');
      expect(await page.locator('h2').allTextContents()).toEqual([
        'Origin',
        'Impact',
        'Scope',
        'Graph',
        'Timeline',
        'Entities',
        'Relations',
      ]);
      const graph = page.locator('svg.graph');
      expect(await graph.count()).toBe(1);
      expect(await graph.isVisible()).toBe(true);
      const box = await graph.boundingBox();
      expect(box?.width ?? 0).toBeGreaterThan(400);
      expect(box?.height ?? 0).toBeGreaterThan(100);
      // Every node of the excerpt's graph is drawn (it is under the 250-node cap), each box with
      // a size and inside the drawing.
      expect(nodes.length).toBeLessThanOrEqual(250);
      const drawn = graph.locator('g.node');
      expect(await drawn.count()).toBe(nodes.length);
      const sizes = await drawn.evaluateAll((elements) =>
        elements.map((element) => {
          const rect = element.getBoundingClientRect();
          return rect.width * rect.height;
        }),
      );
      expect(sizes.every((area) => area > 0)).toBe(true);
      // Every edge is drawn, or is an executed-on edge the page says its host's band shows.
      const bandNote = (await page.locator('#graph ~ p.muted').first().textContent()) ?? '';
      const implicit = Number(
        /(\d+) executed-on relations are shown by the bands/.exec(bandNote)?.[1] ?? 0,
      );
      expect(implicit).toBeGreaterThan(0);
      expect(await graph.locator('g.edge').count()).toBe(edges.length - implicit);
      // One band per host, each headed by its host node.
      expect(await graph.locator('rect.lane').count()).toBeGreaterThanOrEqual(
        json.document.graph.nodes.filter((node) => node.kind === 'host').length,
      );
      // A process node is drawn left of the process it spawned.
      const spawned = edges.find((edge) => edge.kind === 'spawned');
      expect(spawned).toBeDefined();
      const x = async (id: string) =>
        graph
          .locator(`g.node[data-id="${id.replace(/["\\]/g, '\\$&')}"] rect`)
          .first()
          .evaluate((rect) => Number(rect.getAttribute('x')));
      expect(await x(spawned?.from as string)).toBeLessThan(await x(spawned?.to as string));

      const rows = page.locator('table.timeline tbody tr');
      expect(await rows.count()).toBe(lines.length);
      expect(await page.locator('table.entities tbody tr').count()).toBe(nodes.length);
      expect(await page.locator('table.relations tbody tr').count()).toBe(edges.length);
      const firstTime = await rows.first().locator('td').first().textContent();
      expect(firstTime).toBe(json.document.timeline[0]?.time);

      const screenshot = join(dir, 'investigation.png');
      await page.screenshot({ path: screenshot, fullPage: false });
      expect(statSync(screenshot).size).toBeGreaterThan(20_000);
      expect(problems).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
