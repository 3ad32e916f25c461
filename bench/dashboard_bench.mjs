// The dashboard's first pages timed in Debian's chromium (see bench/dashboard_bench.sh).
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(join(here, '..', 'tests', 'web', 'package.json'));
const { chromium } = require('playwright-core');
const { CHROMIUM_FLAGS, args } = await import(join(here, '..', 'tests', 'web', 'harness.mjs'));

const a = args(['base', 'office', 'township']);
const runs = Number(a.runs || 5);
const pages = [
  { name: 'overview (leading group)', token: a.office, hash: '#/overview', ready: 'ol.steps li.step' },
  { name: 'board (leading group)', token: a.office, hash: '#/board', ready: 'table.items tbody tr' },
  { name: 'board (township)', token: a.township, hash: '#/board', ready: 'table.items tbody tr' },
  { name: 'item page', token: a.office, hash: '#/items/1', ready: '#journal li' },
];
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_FLAGS });
const median = (xs) => { const s = [...xs].sort((x, y) => x - y); return s[Math.floor(s.length / 2)]; };
console.log(`dashboard_bench: ${a.items} items, ${runs} runs each, fresh browser context per run`);
console.log(`${'page'.padEnd(28)} ${'median ms'.padStart(10)} ${'min'.padStart(7)} ${'max'.padStart(7)}   ratio to 1 s`);
let worst = 0;
for (const p of pages) {
  const times = [];
  for (let r = 0; r < runs; r++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await context.addInitScript((t) => sessionStorage.setItem('duban.token', t), p.token);
    const page = await context.newPage();
    const started = Date.now();
    await page.goto(`${a.base}/ui/${p.hash}`);
    await page.locator(p.ready).first().waitFor();
    times.push(Date.now() - started);
    await context.close();
  }
  const m = median(times);
  worst = Math.max(worst, m);
  console.log(`${p.name.padEnd(28)} ${String(m).padStart(10)} ${String(Math.min(...times)).padStart(7)} ${String(Math.max(...times)).padStart(7)}   ${(m / 1000).toFixed(2)}`);
}
await browser.close();
console.log(`dashboard_bench: slowest first page ${worst} ms (limit 1000 ms): ${worst <= 1000 ? 'within' : 'OVER'}`);
