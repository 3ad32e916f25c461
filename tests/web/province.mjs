// The province's (prefecture's) office in the dashboard, on a server of several counties: Debian's
// chromium, driven by Playwright, against one `duban serve` for two counties and the province on
// a PostgreSQL database of this test's own (the suite's throwaway cluster: the test's environment
// names its folder, DUBAN_TEST_POSTGRESQL_DIR). County 520101 holds the demo (scripts/demo.sh: its
// items and a published ranking), 520102 one item of its own. The province's user logs in as
// `52/office`, lands on 各县汇总 with each county's figures as the API gives them and 520101's
// ranking, is offered no other page, and what it would change is refused.
//   DUBAN_TEST_POSTGRESQL_DIR=/tmp/pg node tests/web/province.mjs --duban build/engine/duban \
//     --source . --artifacts build/web-artifacts
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_FLAGS, args, waitFor } from './harness.mjs';

const opts = args();
const cluster = process.env.DUBAN_TEST_POSTGRESQL_DIR;
if (!cluster || !existsSync(join(cluster, 'url'))) {
  console.error('DUBAN_TEST_POSTGRESQL_DIR: a running cluster of tests/support/pg_cluster.sh is needed');
  process.exit(1);
}
mkdirSync(opts.artifacts, { recursive: true });
const admin = readFileSync(join(cluster, 'url'), 'utf8').trim();
const name = `duban_web_province_${process.pid}`;
const psql = (sql) => {
  const r = spawnSync('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', admin, '-c', sql], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`psql ${sql}: ${r.stderr}`);
};
psql(`DROP DATABASE IF EXISTS ${name}`);
psql(`CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'UTF8'`);
const url = `${admin.slice(0, admin.lastIndexOf('/') + 1)}${name}`;

const dir = mkdtempSync(join(tmpdir(), 'duban-province-'));
const demo = join(opts.source, 'config', 'demo');
// The demo's configuration, absolute paths, no e-mail (no SMTP server here), the counties listed.
const county = (text, code, more) => text
  .replace(/^county: .*$/m, `county: ${code === '520101' ? '示范县' : code === '520102' ? '邻县' : '省扶贫办'}\ncounty_code: "${code}"`)
  .replace('units: units.yaml', `units: ${join(demo, 'units.yaml')}`)
  .replace('workflows: ../../workflows', `workflows: ${join(opts.source, 'workflows')}`)
  .replace('calendar: ../calendar', `calendar: ${join(opts.source, 'config', 'calendar')}`)
  .replace('scoring: ../scoring.yaml', `scoring: ${join(opts.source, 'config', 'scoring.yaml')}`)
  .replace('plan: ../evaluation-plan.yaml', `plan: ${join(opts.source, 'config', 'evaluation-plan.yaml')}`)
  .replace(/  - name: email\n(    .*\n)+/, '')
  .replace('listen: 127.0.0.1:8080', 'listen: 127.0.0.1:0') + more;
const base = readFileSync(join(demo, 'duban.yaml'), 'utf8');
writeFileSync(join(dir, 'duban.yaml'), county(base, '520101', 'counties: [b.yaml, p.yaml]\n'));
writeFileSync(join(dir, 'b.yaml'), county(base, '520102', ''));
writeFileSync(join(dir, 'p.yaml'), county(base, '52', 'province: true\n'));
const env = { ...process.env, DUBAN: opts.duban, DUBAN_LANG: 'en', DUBAN_DATABASE_URL: url };
const run = (command, argv, input) => {
  const r = spawnSync(command, argv, { cwd: dir, env, encoding: 'utf8', input });
  if (r.status !== 0) throw new Error(`${command} ${argv.join(' ')}:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
};
run('bash', [join(opts.source, 'scripts', 'demo.sh'), '--config', join(dir, 'duban.yaml')]);
for (const c of ['b.yaml', 'p.yaml']) {
  run(opts.duban, ['init', '--config', c]);
  run(opts.duban, ['user', 'passwd', 'office', '--as', 'office', '--config', c], 'duban-demo\n');
}
run(opts.duban, ['item', 'add', '--title', '邻县的问题', '--unit', 'longtan', '--as', 'office', '--config', 'b.yaml']);

const server = spawn(opts.duban, ['serve', '--config', join(dir, 'duban.yaml')], { cwd: dir, env });
const stopAll = () => { if (server.exitCode === null) server.kill('SIGKILL'); };
process.on('exit', stopAll);
const m = await waitFor(server, /dashboard: (http:\/\/127\.0\.0\.1:\d+\/ui\/)/, 'duban serve');
const dashboard = m[1];

let failed = false;
async function step(what, work) {
  const started = Date.now();
  try {
    await work();
    console.log(`ok   ${what} (${Date.now() - started} ms)`);
  } catch (e) {
    failed = true;
    console.log(`FAIL ${what}\n${e.stack || e}`);
  }
}

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_FLAGS });
const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
const page = await context.newPage();
const errors = [];
page.on('pageerror', (e) => errors.push(String(e)));
const call = (path, { method = 'GET', body } = {}) => page.evaluate(async ([p, mth, b]) => {
  const headers = { Authorization: `Bearer ${sessionStorage.getItem('duban.token')}` };
  if (b) headers['Content-Type'] = 'application/json';
  const r = await fetch(p, { method: mth, headers, body: b });
  return { status: r.status, body: await r.json() };
}, [path, method, body && JSON.stringify(body)]);

await step('the province\'s user logs in with its county\'s code and lands on 各县汇总', async () => {
  await page.goto(dashboard);
  await page.getByLabel('用户名').fill('52/office');
  await page.getByLabel('密码').fill('duban-demo');
  await page.getByRole('button', { name: '登录' }).click();
  await page.locator('table.counties tbody tr').first().waitFor();
  assert.match(page.url(), /#\/province/);
  const nav = await page.locator('header.top nav a').allInnerTexts();
  assert.deepEqual(nav, ['各县汇总'], 'the province is offered its one page');
});

await step('each county\'s figures are the API\'s, the province itself not among them', async () => {
  const view = (await call('/api/v1/province/counties')).body.counties;
  assert.deepEqual(view.map((c) => c.code), ['520101', '520102']);
  const rows = await page.locator('table.counties tbody tr').evaluateAll((trs) => trs.map((tr) => ({
    code: tr.dataset.county, open: tr.children[1].innerText.trim(), overdue: tr.children[2].innerText.trim() })));
  assert.deepEqual(rows, view.map((c) => ({ code: c.code, open: String(c.items.open), overdue: String(c.items.overdue) })));
  assert.equal(view[1].items.open, 1, '邻县: its one item');
  assert.ok(view[0].items.overdue > 0, 'the demo has overdue items');
  const red = page.locator('table.counties tbody tr[data-county="520101"] .chip.red');
  assert.equal(await red.innerText(), String(view[0].items.overdue));
});

await step('the demo county\'s published ranking, in rank order by kind', async () => {
  const view = (await call('/api/v1/province/counties')).body.counties;
  const round = view[0].rounds[view[0].rounds.length - 1];
  const card = page.locator('#county-520101');
  assert.match(await card.locator('h2').innerText(), new RegExp(round.round));
  const first = round.kinds[0];
  const names = await card.locator('table.ranking').first().locator('tbody th').allInnerTexts();
  assert.deepEqual(names, first.units.map((u) => u.name));
  assert.equal(await page.locator('#county-520102').count(), 0, '邻县 published nothing');
  await page.screenshot({ path: join(opts.artifacts, 'province.png'), fullPage: true });
});

await step('a bookmarked county page shows the province\'s page; a write is refused', async () => {
  await page.goto(`${dashboard}#/board`);
  await page.locator('table.counties').waitFor();
  const write = await call('/api/v1/items', { method: 'POST', body: { title: '省里加的', unit: 'longtan' } });
  assert.equal(write.status, 403);
});

await step('English on request', async () => {
  await page.getByRole('button', { name: 'Switch to English' }).click();
  await page.locator('h1', { hasText: 'Counties' }).waitFor();
  assert.ok((await page.locator('table.counties thead').innerText()).includes('Latest published ranking'));
});

await step('a county\'s own user still gets the county\'s dashboard', async () => {
  const other = await context.newPage();
  other.on('pageerror', (e) => errors.push(String(e)));
  await other.goto(dashboard);
  await other.evaluate(() => sessionStorage.clear());
  await other.goto(dashboard);
  await other.getByLabel(/用户名|User name/).fill('520102/office');
  await other.getByLabel(/密码|Password/).fill('duban-demo');
  await other.getByRole('button', { name: /^登录$|^Log in$/ }).click();
  await other.locator('header.top').waitFor();
  assert.match(other.url(), /#\/overview/);
  const nav = await other.locator('header.top nav a').allInnerTexts();
  assert.ok(!nav.some((n) => /各县汇总|Counties/.test(n)), nav.join());
  const refused = await other.evaluate(async () => (await fetch('/api/v1/province/counties', {
    headers: { Authorization: `Bearer ${sessionStorage.getItem('duban.token')}` } })).status);
  assert.equal(refused, 403);
});

await step('no script errors', async () => { assert.deepEqual(errors, []); });

await browser.close();
server.kill('SIGTERM');
await new Promise((r) => (server.exitCode !== null ? r() : server.once('exit', r)));
rmSync(dir, { recursive: true, force: true });
psql(`DROP DATABASE IF EXISTS ${name}`);
process.exit(failed ? 1 : 0);
