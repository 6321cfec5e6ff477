import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadProject } from '../../src/cli/project.js';
import type { RunRecord } from '../../src/review/run-record.js';
import { cleanupTemps, root, runCli, tempDir } from '../cli/run-cli.js';

/**
 * The review page of a real `--driver all --check` run, opened in headless Chromium (Debian's
 * `chromium`, installed by scripts/setup.sh; nothing is downloaded). Screenshots for a person to
 * look at land in test/.out/.
 */
const CHROMIUM = '/usr/bin/chromium';
const SHOTS = join(root, 'test/.out');
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

describe('port-virtio review: the page in a browser', () => {
  const work = tempDir('pv-review-');
  let html = '';
  let record: RunRecord;
  let context: BrowserContext;
  let page: Page;
  const requests: string[] = [];
  let loadMs = 0;

  beforeAll(async () => {
    // A patch overlay puts a known build error on blk/ld_virtio.c:1, so the page has a diagnostic
    // to map whatever state the translation is in (the first NetBSD lines are a comment it keeps).
    const patches = tempDir('pv-review-patches-');
    const head = readFileSync(join(root, 'NetBSD_code/sys/dev/pci/ld_virtio.c'), 'latin1').split('\n').slice(0, 3);
    writeFileSync(join(patches, '01-build-error.patch'), `--- a/blk/ld_virtio.c\n+++ b/blk/ld_virtio.c\n@@ -1,3 +1,4 @@\n+#error "review page test"\n${head.map((l) => ` ${l}\n`).join('')}`);
    const run = await runCli(['--driver', 'all', '--out', work, '--check', '--patches', patches]);
    expect(run.stderr).toMatch(/^sys\/dev\/virtio\/blk\/ld_virtio\.c:1:2: error: PV5001: "review page test"/m);
    const review = await runCli(['review', '--out', work]);
    expect(review.code, review.stderr).toBe(0);
    html = readFileSync(join(work, 'port-virtio-review.html'), 'utf8');
    record = JSON.parse(readFileSync(join(work, 'sys/dev/virtio/.port-virtio/last-run.json'), 'utf8')) as RunRecord;
    expect(statSync(CHROMIUM, { throwIfNoEntry: false })?.isFile(), `${CHROMIUM} missing: run scripts/setup.sh (apt-get install chromium)`).toBe(true);
    context = await chromium.launchPersistentContext(tempDir('pv-chromium-'), { executablePath: CHROMIUM, headless: true, args: ARGS, viewport: { width: 1600, height: 1000 } });
    page = await context.newPage();
    page.on('request', (r) => void requests.push(r.url()));
    const started = performance.now();
    await page.goto(pathToFileURL(join(work, 'port-virtio-review.html')).href, { waitUntil: 'load' });
    loadMs = performance.now() - started;
    mkdirSync(SHOTS, { recursive: true });
  }, 240_000);

  afterAll(async () => {
    await context?.close();
    cleanupTemps();
  });

  it('is one self-contained file: no remote reference, and loading it fetches nothing else', () => {
    expect(html).not.toMatch(/<(link|img|iframe|object|embed)\b|\bsrc=|@import|url\(/i);
    expect(html).not.toMatch(/\bhref="(?!#)/);
    expect(html).toContain("default-src 'none'");
    expect(requests).toEqual([pathToFileURL(join(work, 'port-virtio-review.html')).href]);
  });

  it('stays usable on the full `all` output (size and load time)', () => {
    const kib = Buffer.byteLength(html) / 1024;
    process.stdout.write(`review page for --driver all: ${Math.round(kib)} KiB, loaded in ${Math.round(loadMs)} ms\n`);
    expect(kib).toBeLessThan(8 * 1024);
    expect(loadMs).toBeLessThan(15_000);
  });

  it('shows every module and every file of the run, each line of both sides', async () => {
    expect(record.modules.map((m) => m.module)).toEqual(['virtio', 'blk', 'net', 'balloon']);
    for (const m of record.modules) {
      await expect(page.locator(`section.module[data-module="${m.module}"]`).count()).resolves.toBe(1);
      await expect(page.locator(`#summary tr.mod[data-module="${m.module}"]`).count()).resolves.toBe(1);
      for (const f of m.files) {
        const section = page.locator(`section.file[data-file="${f.output}"]`);
        await expect(section.count(), f.output).resolves.toBe(1);
        const rights = await section.locator('tr > td.n:nth-child(3)').evaluateAll((tds) => tds.filter((td) => td.textContent !== '').length);
        expect(rights, `${f.output}: DragonFly lines on the page`).toBe(f.origins.length);
        if (f.input) {
          const lefts = await section.locator('tr > td.n:nth-child(1)').evaluateAll((tds) => tds.filter((td) => td.textContent !== '').length);
          const netbsd = readFileSync(join(m.src, f.input), 'latin1').split('\n').length - 1;
          expect(lefts, `${f.output}: NetBSD lines on the page`).toBe(netbsd);
        }
      }
    }
  });

  it('puts each diagnostic of the last --check on its line', async () => {
    const shown = new Set(record.modules.flatMap((m) => m.files.map((f) => f.output)));
    const expected = new Set(record.modules.flatMap((m) => (m.build?.diagnostics ?? []).filter((d) => shown.has(d.file) && d.line > 0).map((d) => `${d.file}:${d.line}:${d.column}: ${d.code}: ${d.message}`)));
    // Each diagnostic row follows the row of the emitted line it names (or another diagnostic of that line).
    const onPage = await page.locator('tr.diag').evaluateAll((trs) =>
      trs.map((tr) => {
        let row = tr.previousElementSibling;
        while (row?.classList.contains('note')) row = row.previousElementSibling;
        return { text: tr.textContent ?? '', file: tr.closest('section.file')?.getAttribute('data-file'), line: row?.children[2]?.textContent };
      }),
    );
    expect(expected.size).toBeGreaterThan(0);
    expect(onPage.length).toBe(expected.size);
    for (const e of expected) {
      const [file, line] = e.split(':');
      expect(onPage.some((p) => p.text.includes(e) && p.file === file && p.line === line), e).toBe(true);
    }
  });

  it('attributes the patched line to its overlay', async () => {
    const [title, next] = await page.locator('section.file[data-file="blk/ld_virtio.c"] tr').evaluateAll((trs) => {
      const row = trs.find((tr) => tr.children[2]?.textContent === '1')!;
      return [row.getAttribute('title'), row.nextElementSibling?.textContent];
    });
    expect(title).toMatch(/^patch:\S+01-build-error\.patch$/);
    expect(next).toContain('"review page test"');
  });

  it('clicking a hunk rule link shows that rule', async () => {
    const project = loadProject();
    const link = page.locator('section.file[data-file="virtio/virtio.c"] tbody.hunk a.rule-link').first();
    const id = (await link.getAttribute('data-rule'))!;
    await link.click();
    const card = page.locator(`article.rule[data-rule="${id}"]`);
    await expect(card.evaluate((el) => el.matches(':target'))).resolves.toBe(true);
    await expect(card.isVisible()).resolves.toBe(true);
    const box = (await card.boundingBox())!;
    expect(box.y).toBeGreaterThanOrEqual(0);
    expect(box.y).toBeLessThan(1000);
    const summary = project.rules.find((r) => r.id === id)?.summary ?? project.transforms.find((t) => t.id === id)?.meta.summary;
    expect(summary, id).toBeDefined();
    await expect(card.locator('p.summary').textContent()).resolves.toBe(summary);
    await expect(card.locator('a.back').isVisible()).resolves.toBe(true);
    await page.screenshot({ path: join(SHOTS, 'review-rule-link.png') });
    // From the card to a place it applied: the emitted line is shown, even inside a folded stretch.
    await card.locator('details.places summary').click();
    const place = card.locator('details.places a').first();
    const target = (await place.getAttribute('href'))!.slice(1);
    await place.click();
    await expect(page.locator(`[id="${target}"]`).isVisible()).resolves.toBe(true);
  });

  it('filters by module and by rule', async () => {
    await page.selectOption('#filter-module', 'blk');
    const modules = await page.locator('section.module').evaluateAll((s) => s.filter((x) => !(x as HTMLElement).hidden).map((x) => x.getAttribute('data-module')));
    expect(modules).toEqual(['blk']);
    const blk = record.modules.find((m) => m.module === 'blk')!;
    const rule = blk.files[0]!.applications[0]![0];
    await page.selectOption('#filter-module', '');
    await page.selectOption('#filter-rule', rule);
    const withRule = record.modules.flatMap((m) => m.files.filter((f) => f.applications.some(([r]) => r === rule) || f.origins.some(([, , ...ids]) => ids.includes(rule))).map((f) => f.output));
    const visible = await page.locator('section.file').evaluateAll((s) => s.filter((x) => !(x as HTMLElement).hidden).map((x) => x.getAttribute('data-file')));
    expect(visible.sort()).toEqual(withRule.sort());
    const hits = await page.locator('tbody.hunk.hit').evaluateAll((hs) => hs.map((h) => h.getAttribute('data-rules')!.split(' ')));
    expect(hits.length).toBeGreaterThan(0);
    for (const ids of hits) expect(ids).toContain(rule);
    await expect(page.locator('#status').textContent()).resolves.toMatch(new RegExp(`^${hits.length} hunks in ${withRule.length} files with rule ${rule}`));
    await page.locator('tbody.hunk.hit').first().evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await page.screenshot({ path: join(SHOTS, 'review-filtered.png') });
  });
});
