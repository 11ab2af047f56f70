// The HTML reports render in headless Chromium (the Debian package, driven by playwright-core) without
// console errors, without any request beyond the file itself, with their SVG charts laid out and no
// horizontal overflow. Skipped with a message when /usr/bin/chromium is missing, unless
// MEDFLOW_REQUIRE_BROWSER=1 (CI sets it), which turns a missing browser into a failure.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { AssessSession, assessmentHtml } from '../../src/assess/index.ts';
import { controlCatalog } from '../../src/controls/index.ts';
import { deriveRaci, raciHtml, resolveArchitecture } from '../../src/raci/index.ts';

const CHROMIUM = process.env.MEDFLOW_CHROMIUM ?? '/usr/bin/chromium';
const REQUIRED = process.env.MEDFLOW_REQUIRE_BROWSER === '1';
const missing = !existsSync(CHROMIUM);
const skip = missing && !REQUIRED
  ? `${CHROMIUM} not found: install the Debian package "chromium" to run the HTML rendering test (MEDFLOW_REQUIRE_BROWSER=1 makes this a failure)`
  : false;
const FLAGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync',
];

test('HTML reports render in headless Chromium without console errors', { skip, timeout: 120_000 }, async () => {
  assert.ok(!missing, `MEDFLOW_REQUIRE_BROWSER=1 but ${CHROMIUM} is missing: apt-get install chromium`);
  const { chromium } = await import('playwright-core');
  const dir = mkdtempSync(join(tmpdir(), 'medflow-html-'));
  const profileDir = mkdtempSync(join(tmpdir(), 'medflow-chromium-'));
  const s = new AssessSession();
  const pages: [string, string, number][] = [];
  for (const id of ['lvp3-as-deployed', 'lvp3-hardened']) {
    const file = join(dir, `${id}.html`);
    writeFileSync(file, assessmentHtml(s.assessFile(`examples/devices/${id}.yaml`, { ttc: false })));
    pages.push([file, 'Device security assessment', 6]);
  }
  const raci = join(dir, 'raci.html');
  writeFileSync(raci, raciHtml(deriveRaci(resolveArchitecture('home-rpm').model, controlCatalog())));
  pages.push([raci, 'RACI', 0]);

  const ctx = await chromium.launchPersistentContext(profileDir, { executablePath: CHROMIUM, headless: true, args: FLAGS, viewport: { width: 1400, height: 900 } });
  try {
    for (const [file, heading, svgs] of pages) {
      const page = await ctx.newPage();
      const problems: string[] = [];
      const url = pathToFileURL(file).href;
      page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`); });
      page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
      page.on('request', (r) => { if (r.url() !== url) problems.push(`request: ${r.url()}`); });
      page.on('requestfailed', (r) => problems.push(`failed: ${r.url()}`));
      const resp = await page.goto(url, { waitUntil: 'load' });
      assert.ok(resp === null || resp.ok(), `load ${file}`);
      assert.deepEqual(problems, [], file);
      // A string, so the DOM types need not be in this project's compiler settings.
      const info = (await page.evaluate(`(() => ({
        h1: document.querySelector('h1')?.textContent ?? '',
        svgs: [...document.querySelectorAll('svg')].map((e) => { const b = e.getBoundingClientRect(); return b.width > 50 && b.height > 20; }),
        overflow: document.documentElement.scrollWidth - window.innerWidth,
        scripts: document.scripts.length,
      }))()`)) as { h1: string; svgs: boolean[]; overflow: number; scripts: number };
      assert.ok(info.h1.startsWith(heading), info.h1);
      assert.equal(info.svgs.length, svgs, `${file}: charts`);
      assert.ok(info.svgs.every(Boolean), `${file}: every chart has a size`);
      assert.ok(info.overflow <= 0, `${file}: ${info.overflow}px wider than the window`);
      assert.equal(info.scripts, 0);
      await page.close();
    }
  } finally {
    await ctx.close();
    rmSync(profileDir, { recursive: true, force: true });
    rmSync(dir, { recursive: true, force: true });
  }
});
