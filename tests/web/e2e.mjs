// The dashboard end to end: Debian's chromium, driven by Playwright, against
// `duban serve` on a fresh SQLite database with the demo county as scripts/demo.sh loads it.
// A township's user sees only its items and rectifies one; the leading group verifies and closes
// it; the board and the journal follow; an overdue item is red; a forbidden action is not offered
// and is refused when forced through the API; the phone-sized item page works; every main page
// is screenshot (artifacts) and checked to be a real render.
//   node tests/web/e2e.mjs --duban build/engine/duban --source . --artifacts build/web-artifacts
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_FLAGS, args, startCounty } from './harness.mjs';

const opts = args();
if (!existsSync(join(opts.source, 'web', 'dist', 'index.html'))) {
  console.error('web/dist 未构建 / the dashboard is not built: bash scripts/build-web.sh');
  process.exit(1);
}
mkdirSync(opts.artifacts, { recursive: true });
const county = await startCounty(opts);  // its processes are stopped when this one exits, whatever happens
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_FLAGS });
const shots = [];
let failed = false;

async function step(name, work) {
  const started = Date.now();
  try {
    await work();
    console.log(`ok   ${name} (${Date.now() - started} ms)`);
  } catch (e) {
    failed = true;
    console.log(`FAIL ${name}\n${e.stack || e}`);
  }
}

// Every field of the page has a label (or an accessible name), as screen readers need.
async function labelled(page) {
  const bare = await page.evaluate(() => [...document.querySelectorAll('input, select, textarea')]
    .filter((el) => el.type !== 'hidden' && el.labels.length === 0 && !el.getAttribute('aria-label'))
    .map((el) => el.outerHTML.slice(0, 80)));
  assert.deepEqual(bare, [], `fields without a label on ${page.url()}`);
}

async function shot(page, name) {
  await labelled(page);
  const file = join(opts.artifacts, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  shots.push(file);
}

async function login(page, user, { keyboard = false } = {}) {
  await page.goto(county.url);
  await page.getByLabel(/用户名|User name/).waitFor();
  if (keyboard) {  // the form without a mouse: focus starts in the user name
    await page.keyboard.type(user);
    await page.keyboard.press('Tab');
    await page.keyboard.type('duban-demo');
    await page.keyboard.press('Enter');
  } else {
    await page.getByLabel(/用户名|User name/).fill(user);
    await page.getByLabel(/密码|Password/).fill('duban-demo');
    await page.getByRole('button', { name: /^登录$|^Log in$/ }).click();
  }
  await page.locator('header.top').waitFor();
}

// A request to the API from the page, with its login's token: {status, body}.
const call = (page, path, { method = 'GET', body } = {}) => page.evaluate(async ([p, m, b]) => {
  const headers = { Authorization: `Bearer ${sessionStorage.getItem('duban.token')}` };
  if (b) headers['Content-Type'] = 'application/json';
  const r = await fetch(p, { method: m, headers, body: b });
  return { status: r.status, body: await r.json() };
}, [path, method, body && JSON.stringify(body)]);
const tabCount = async (page, state) => Number(await page.locator(`.tab[data-state="${state}"] .count`).innerText());

// The township: 龙潭镇 (longtan).
const township = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
const tp = await township.newPage();
const errors = [];
tp.on('pageerror', (e) => errors.push(String(e)));

await step('the login page: Chinese first, every field labelled', async () => {
  await tp.goto(county.url);
  await tp.getByLabel('用户名').waitFor();
  assert.equal(await tp.evaluate(() => document.documentElement.lang), 'zh-CN');
  await shot(tp, 'login');
});

await step('a township user logs in with the keyboard and lands on its board', async () => {
  await login(tp, 'longtan', { keyboard: true });
  await tp.locator('table.items tbody tr').first().waitFor();
  assert.match(tp.url(), /#\/board/);
});

await step('the township sees only its own items, and counts for itself alone', async () => {
  // 龙潭镇 and the units under it (its villages, the work team stationed in one).
  const get = async (path) => (await call(tp, path)).body;
  const all = (await get('/api/v1/units')).units;
  const own = all.filter((u) => u.id === 'longtan');
  for (let more = true; more;) {  // and the units under those, down the tree
    const next = all.filter((u) => !own.includes(u) && own.some((o) => o.id === u.parent));
    own.push(...next);
    more = next.length > 0;
  }
  const names = await tp.locator('table.items tbody tr td:nth-child(3)').allInnerTexts();
  assert.ok(names.length >= 3, `rows: ${names.length}`);
  assert.ok(names.includes('龙潭镇'));
  for (const n of names) assert.ok(own.some((u) => u.name === n), `${n} is not 龙潭镇's`);
  const counted = await tp.locator('.per-unit tbody tr').evaluateAll((rows) => rows.map((r) => r.dataset.unit));
  for (const u of counted) assert.ok(own.some((o) => o.id === u), `${u} counted`);
  assert.equal((await get('/api/v1/items?unit=xinmin')).total, 0, 'another township\'s items stay out of sight');
  const summary = await get('/api/v1/items/summary');
  assert.equal(Number(await tp.locator('.tab[data-state="all"] .count').innerText()), summary.all.items);
});

await step('an overdue item is red', async () => {
  const row = tp.locator('table.items tbody tr[data-id="2"]');
  assert.equal(await row.getAttribute('data-status'), 'red');
  const colour = await row.locator('.badge.red').evaluate((el) => getComputedStyle(el).color);
  assert.equal(colour, 'rgb(198, 40, 40)');
  await shot(tp, 'board-township');
});

await step('the item page offers the township only what it may do', async () => {
  await tp.goto(`${county.url}#/items/2`);
  await tp.locator('.action-form').first().waitFor();
  const offered = await tp.locator('.action-form').evaluateAll((fs) => fs.map((f) => f.dataset.event));
  assert.ok(offered.includes('rectify'), offered.join());
  for (const no of ['verify', 'close', 'reject', 'reassign', 'suspend']) assert.ok(!offered.includes(no), `${no} offered`);
  // Forced through the API, what is not offered is refused.
  const forced = await call(tp, '/api/v1/items/2/events', { method: 'POST', body: { event: 'close' } });
  assert.equal(forced.status, 403);
  assert.equal(forced.body.code, 'permission_denied');
});

await step('a form shows its errors next to the field', async () => {
  const form = tp.locator('form[data-event="rectify"]');
  await form.locator('button[type=submit]').click();
  await assert.doesNotReject(form.locator('#rectify-result-err:not(:empty)').waitFor());
  assert.equal(await form.locator('#rectify-result').getAttribute('aria-invalid'), 'true');
  assert.equal(await tp.evaluate(() => document.activeElement.id), 'rectify-result');
  // The server's refusal lands next to its field too: an extension needs a later date.
  const extend = tp.locator('form[data-event="extend"]');
  await extend.locator('#extend-due').fill('2000-01-01');
  await extend.locator('#extend-reason').fill('测试');
  await extend.locator('button[type=submit]').click();
  await extend.locator('#extend-due-err:not(:empty), .form-error:not(:empty)').first().waitFor();
});

let closedBefore = 0;
await step('the township rectifies the item, with a file; the journal shows it', async () => {
  const form = tp.locator('form[data-event="rectify"]');
  await form.locator('#rectify-result').fill('已补充帮扶台账,一名干部最多帮扶5户');
  await form.locator('#rectify-file').setInputFiles({ name: '帮扶台账.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n% 帮扶台账\n') });
  await form.locator('button[type=submit]').click();
  await tp.locator('.notice').waitFor();
  assert.equal(await tp.locator('#item-state').innerText(), '已整改');
  assert.equal(await tp.locator('#journal li').first().getAttribute('data-event'), 'rectify');
  assert.match(await tp.locator('ul.evidence').innerText(), /帮扶台账\.pdf/);
  const [file] = await Promise.all([tp.waitForEvent('download'), tp.locator('ul.evidence button').first().click()]);
  assert.equal(file.suggestedFilename(), '帮扶台账.pdf');
  assert.match(readFileSync(await file.path(), 'utf8'), /^%PDF-1\.4/, 'the file as uploaded');
  assert.equal(await tp.locator('.action-form[data-event="rectify"]').count(), 0, 'not twice');
  await shot(tp, 'item-township');
});

// The leading group: office.
const lead = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
const lp = await lead.newPage();
lp.on('pageerror', (e) => errors.push(String(e)));

await step('the leading group sees the round in progress', async () => {
  await login(lp, 'office');
  await lp.locator('ol.steps li.step').first().waitFor();
  assert.equal(await lp.locator('ol.steps li.step').count(), 7);
  assert.match(await lp.locator('li.step[data-step="1"]').getAttribute('class'), /completed/);
  assert.match(await lp.locator('li.step[data-step="3"]').getAttribute('class'), /open/);
  assert.match(await lp.locator('li.step[data-step="3"]').innerText(), /龙潭镇/);
  const red = Number(await lp.locator('.figure.red .n').innerText());
  assert.ok(red >= 1, `overdue: ${red}`);
  await shot(lp, 'overview');
});

await step('the leading group\'s board counts every unit', async () => {
  await lp.goto(`${county.url}#/board`);
  await lp.locator('.per-unit tbody tr').first().waitFor();
  assert.ok(await lp.locator('.per-unit tbody tr').count() >= 5);
  assert.ok(await tabCount(lp, 'rectified') >= 2);
  closedBefore = await tabCount(lp, 'closed');
  const statuses = await lp.locator('table.items tbody tr').evaluateAll((rows) => rows.map((r) => r.dataset.status));
  for (const colour of ['red', 'yellow', 'green']) assert.ok(statuses.includes(colour), `a ${colour} item on the first look: ${statuses}`);
  await shot(lp, 'board-leading-group');
});

await step('the leading group verifies and closes the item; board and journal follow', async () => {
  await lp.goto(`${county.url}#/items/2`);
  await lp.locator('form[data-event="verify"]').waitFor();
  assert.equal(await lp.locator('form[data-event="rectify"]').count(), 0);
  await lp.locator('form[data-event="verify"]').locator('button[type=submit]').click();
  await lp.locator('form[data-event="close"]').waitFor();
  assert.equal(await lp.locator('#item-state').innerText(), '已验收');
  await lp.locator('form[data-event="close"]').locator('button[type=submit]').click();
  await lp.locator('form[data-event="reopen"]').waitFor();
  assert.equal(await lp.locator('#item-state').innerText(), '已销号');
  const events = await lp.locator('#journal li').evaluateAll((li) => li.map((l) => l.dataset.event));
  assert.deepEqual(events.slice(0, 3), ['close', 'verify', 'rectify']);
  await lp.goto(`${county.url}#/board`);
  await lp.locator('.tab[data-state="closed"]').waitFor();
  assert.equal(await tabCount(lp, 'closed'), closedBefore + 1);
  // The township sees it closed too.
  await tp.goto(`${county.url}#/board?state=closed`);
  await tp.locator('table.items tbody tr[data-id="2"]').waitFor();
});

await step('ranking, charts, notifications and import pages render', async () => {
  await lp.goto(`${county.url}#/ranking`);
  await lp.locator('table.ranking').first().waitFor();
  await shot(lp, 'ranking');
  // The demo's previous round, published: every township ranked, graded.
  const ranks = await lp.locator('table.ranking').first().locator('tbody tr td:first-child').allInnerTexts();
  assert.equal(ranks.length, 11);
  assert.equal(ranks[0], '1');
  await lp.goto(`${county.url}#/charts`);
  await lp.locator('#chart-states canvas').waitFor();
  await lp.locator('#chart-overdue canvas').waitFor();
  await lp.locator('#chart-trend canvas').waitFor();
  const trend = (await call(lp, '/api/v1/items/trend')).body;
  assert.ok(trend.days.length >= 7, `the demo's week and today: ${JSON.stringify(trend.days)}`);
  assert.ok(trend.days.some((d) => d.overdue > 0));
  await shot(lp, 'charts');
  await tp.goto(`${county.url}#/charts`);
  await tp.locator('#chart-states canvas').waitFor();
  assert.equal(await tp.locator('#chart-trend canvas').count(), 0, 'county-wide figures are not a township\'s');
  await lp.goto(`${county.url}#/notifications`);
  await lp.locator('table.notifications tbody tr').first().waitFor();
  const sent = await lp.locator('tr[data-status="sent"]').count();
  assert.ok(sent >= 1, 'the demo\'s reminders went to the local outbox');
  assert.ok(readdirSync(join(county.dir, 'outbox', 'new')).length >= 1, 'and arrived there');
  await shot(lp, 'notifications');
});

await step('the leading group decides the recommendations; a township only reads them', async () => {
  await lp.goto(`${county.url}#/ranking`);
  const first = lp.locator('ul.recs li[data-state="pending"]').first();
  await first.waitFor();
  const id = await first.getAttribute('data-id');
  await first.getByRole('button', { name: '采纳', exact: true }).click();
  await lp.locator(`ul.recs li[data-id="${id}"][data-state="accepted"]`).waitFor();
  const next = lp.locator('ul.recs li[data-state="pending"]').first();
  const other = await next.getAttribute('data-id');
  await next.getByRole('button', { name: '不予采纳' }).click();
  assert.equal(await next.locator('input').getAttribute('aria-invalid'), 'true', 'a dismissal needs its reason');
  await next.locator('input').fill('本轮已另行表彰');
  await next.getByRole('button', { name: '不予采纳' }).click();
  await lp.locator(`ul.recs li[data-id="${other}"][data-state="dismissed"]`).waitFor();
  await tp.goto(`${county.url}#/ranking`);
  await tp.locator('table.ranking').first().waitFor();
  assert.equal(await tp.locator('ul.recs button').count(), 0, 'no decisions for a township');
});

await step('an import: the dry run per row, then the confirmation', async () => {
  await lp.goto(`${county.url}#/import`);
  const csv = '问题,责任单位,整改时限\n村道破损未修复,longtan,2030-01-31\n无人认领的问题,不存在的单位,2030-01-31\n';
  await lp.locator('#import-file').setInputFiles({ name: '问题清单.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await lp.locator('table.plan tr.refused').waitFor();
  assert.match(await lp.locator('table.plan tr.refused').innerText(), /不存在的单位/);
  assert.equal(await lp.locator('#import-confirm').count(), 0, 'a refused row: nothing to confirm');
  await shot(lp, 'import-refused');
  await lp.locator('#import-file').setInputFiles({ name: '问题清单.csv', mimeType: 'text/csv', buffer: Buffer.from(csv.split('\n').slice(0, 2).join('\n') + '\n') });
  await lp.locator('#import-confirm').waitFor();
  assert.equal(await lp.locator('table.plan tr.create').count(), 1);
  await lp.locator('#import-confirm').click();
  await lp.getByText(/已导入/).waitFor();
});

await step('English on request', async () => {
  await lp.getByRole('button', { name: 'English' }).click();
  await lp.getByRole('link', { name: 'Rectification board' }).waitFor();
  assert.equal(await lp.evaluate(() => document.documentElement.lang), 'en');
  await lp.getByRole('button', { name: '中文' }).click();
  await lp.getByRole('link', { name: '整改看板' }).waitFor();
});

await step('on a phone (375 px) the item page and the rectify form are usable', async () => {
  const phone = await browser.newContext({ viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const pp = await phone.newPage();
  await login(pp, 'longtan');
  await pp.goto(`${county.url}#/items/4`);
  const result = pp.locator('#rectify-result');
  await result.waitFor();
  assert.ok(await pp.evaluate(() => document.documentElement.scrollWidth) <= 375, 'no sideways scrolling');
  const box = await result.boundingBox();
  assert.ok(box.x >= 0 && box.x + box.width <= 375 && box.width >= 250, JSON.stringify(box));
  const button = await pp.locator('form[data-event="rectify"] button').boundingBox();
  assert.ok(button.height >= 40, 'a button a finger can hit');
  await shot(pp, 'item-phone');
  await pp.goto(`${county.url}#/board`);
  await pp.locator('table.items').waitFor();
  await shot(pp, 'board-phone');
  await phone.close();
});

await step('the screenshots are real renders', async () => {
  const page = await lead.newPage();
  for (const file of shots) {
      const png = readFileSync(file).toString('base64');
    const colours = await page.evaluate(async (data) => {
      const img = new Image();
      img.src = `data:image/png;base64,${data}`;
      await img.decode();
      const c = document.createElement('canvas');
      c.width = img.width; c.height = img.height;
      const g = c.getContext('2d');
      g.drawImage(img, 0, 0);
      const d = g.getImageData(0, 0, c.width, c.height).data;
      const seen = new Set();
      for (let i = 0; i < d.length; i += 4 * 7) seen.add((d[i] << 16) | (d[i + 1] << 8) | d[i + 2]);
      return { colours: seen.size, width: c.width, height: c.height };
    }, png);
    assert.ok(colours.width >= 375 && colours.height >= 300, `${file}: ${JSON.stringify(colours)}`);
    assert.ok(colours.colours >= 24, `${file} looks empty: ${JSON.stringify(colours)}`);
  }
});

await step('no script errors on any page', async () => {
  assert.deepEqual(errors, []);
});

await browser.close();
await county.stop();
writeFileSync(join(opts.artifacts, 'README.txt'), `screenshots of the dashboard's main pages, ${new Date().toISOString()}\n`);
console.log(`${shots.length} screenshots in ${opts.artifacts}`);
process.exit(failed ? 1 : 0);
