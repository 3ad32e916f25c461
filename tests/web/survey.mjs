// 实地评估 on a phone, end to end: Debian's chromium at 360 px, a group member fills a village's
// interview and a household's questionnaire with the network gone (answers wait on the phone),
// the skip logic live; the network comes back, the first answer's response is lost on the way
// (the server stored it), and after a resend each answer is stored exactly once. Then the same
// answers, exported as ODK Central writes CSV, import to the same answers.
//   node tests/web/survey.mjs --duban build/engine/duban --source . --artifacts build/web-artifacts
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_FLAGS, args, startCounty } from './harness.mjs';

const opts = args();
mkdirSync(opts.artifacts, { recursive: true });
const county = await startCounty(opts);
const ROUND = '2027-H1';

function duban(...a) {
  const r = spawnSync(opts.duban, [...a, '--config', join(county.dir, 'duban.yaml')], {
    cwd: county.dir, encoding: 'utf8', env: { ...process.env, DUBAN_USER: 'office', DUBAN_LANG: 'en' },
  });
  if (r.status !== 0) throw new Error(`duban ${a.join(' ')} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

// A roster for the demo county's 11 townships: 3 villages each, 16 households a village.
function idNumber(n) {
  const body = `52010119700101${String(n).padStart(3, '0')}`;
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body].reduce((s, d, i) => s + Number(d) * w[i], 0);
  return body + '10X98765432'[sum % 11];
}
const units = readFileSync(join(opts.source, 'config', 'demo', 'units.yaml'), 'utf8');
const townships = [...units.matchAll(/- id: (\S+)\n\s+name: (\S+)\n\s+kind: township/g)].map((m) => ({ id: m[1], name: m[2] }));
assert.equal(townships.length, 11);
const villages = ['乡镇,村,村类型,人口数,贫困人口数'];
const households = ['户编号,乡镇,村,户主姓名,身份证号,人口数,户类型,边缘户,监测户,标签'];
let n = 0;
for (const t of townships) {
  ['脱贫村', '非贫困村', '贫困村'].forEach((kind, k) => {
    const village = `${t.name.slice(0, 2)}${k + 1}村`;
    villages.push(`${t.name},${village},${kind},1000,15`);
    for (let i = 0; i < 16; i++) {
      n += 1;
      const type = i < 6 ? '贫困户' : i < 11 ? '脱贫户' : '非建档立卡户';
      households.push(`${t.id}-${k + 1}-${i + 1},${t.name},${village},户主${n},${idNumber(n)},${1 + (i % 5)},${type},${i === 15 ? '是' : '否'},否,${i === 12 ? '危房' : ''}`);
    }
  });
}
writeFileSync(join(county.dir, 'villages.csv'), villages.join('\n') + '\n');
writeFileSync(join(county.dir, 'households.csv'), households.join('\n') + '\n');
duban('round', 'start', ROUND);
duban('roster', 'import', 'villages.csv', '--round', ROUND);
duban('roster', 'import', 'households.csv', '--round', ROUND);
duban('survey', 'sample', '--round', ROUND, '--seed', '7');
duban('survey', 'group', '--round', ROUND, '--group', '1', '--members', 'evaluator');
duban('survey', 'schedule', '--round', ROUND, '--start', '2027-06-21');
const schedule = JSON.parse(duban('survey', 'schedule', 'show', '--round', ROUND, '--json'));
const first = schedule.groups.find((g) => g.group === 1).visits[0];
const DAY = first.day;

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_FLAGS });
const context = await browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
const page = await context.newPage();
const errors = [];
page.on('pageerror', (e) => errors.push(String(e)));
const fits = async (what) => {
  const wide = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(wide <= 360, `${what}: the page is ${wide} px wide at 360 px`);
};
const choice = (question, label) => page.locator(`.question[data-name="${question}"] .choices label`).filter({ hasText: new RegExp(`^${label}$`) });
const waiting = async (count) => page.locator(`.survey-status[data-waiting="${count}"]`).waitFor({ timeout: 20000 }).catch(async (e) => {
  throw new Error(`${e.message}\nthe status: ${await page.locator('.survey-status').first().innerText().catch(() => '?')}\n${errors.join('\n')}`);
});

async function api(path, token) {
  const r = await fetch(`${county.base}/api/v1${path}`, { headers: { Authorization: `Bearer ${token}` } });
  return { status: r.status, body: await r.json() };
}
const officeToken = (await (await fetch(`${county.base}/api/v1/auth/login`, {
  method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username: 'office', password: 'duban-demo' }),
})).json()).token;

// Fills every question that is shown and empty (the first choice of a choice list), pass after
// pass as answers open new questions.
async function fillShown() {
  for (let pass = 0; pass < 15; pass++) {
    let changed = false;
    for (const q of await page.locator('.question').all()) {
      if (!(await q.isVisible())) continue;
      const radios = q.locator('input[type=radio]');
      if (await radios.count()) {
        if (!(await q.locator('input[type=radio]:checked').count())) { await radios.first().check(); changed = true; }
        continue;
      }
      const boxes = q.locator('input[type=checkbox]');
      if (await boxes.count()) {
        if (!(await q.locator('input:checked').count()) && await q.locator('.required').count()) { await boxes.first().check(); changed = true; }
        continue;
      }
      for (const field of await q.locator('textarea, input[type=number], input[type=date]').all()) {
        if (await field.inputValue()) continue;
        const type = await field.getAttribute('type');
        await field.fill(type === 'number' ? '3' : type === 'date' ? DAY : '测试');
        changed = true;
      }
    }
    if (!changed) return;
  }
}

await page.goto(county.url);
await page.getByLabel(/用户名|User name/).fill('evaluator');
await page.getByLabel(/密码|Password/).fill('duban-demo');
await page.getByRole('button', { name: /^登录$|^Log in$/ }).click();
await page.locator('header.top').waitFor();
await page.evaluate(() => navigator.serviceWorker.ready);
await page.goto(`${county.url}#/survey?round=${ROUND}&date=${DAY}`);
await page.locator('.village').first().waitFor({ timeout: 10000 }).catch(async (e) => {
  throw new Error(`${e.message}\nthe page says: ${await page.locator('main').innerText()}\n${errors.join('\n')}`);
});
await waiting(0);
await fits('the day\'s list');
await page.locator('.survey-daylist').screenshot({ path: join(opts.artifacts, 'survey-daylist.png') });
await page.screenshot({ path: join(opts.artifacts, 'survey-day.png'), fullPage: true });
const villageCard = page.locator('.village').first();
assert.match(await villageCard.locator('h2').innerText(), new RegExp(first.village));

// Offline: the village interview, then a household's questionnaire.
await context.setOffline(true);
await villageCard.locator('button[data-form="village_interview"]').click();
await page.locator('.survey-form').waitFor();
assert.equal(await page.locator('.question[data-name="village"] input').inputValue(), `${first.township}/${first.village}`);
await fillShown();
await page.locator('.survey-form button[type=submit]').click();
await waiting(1);
await page.locator('.survey-status', { hasText: /离线|offline/ }).waitFor();

const household = villageCard.locator('button[data-form="household_registered"]').first();
const subject = await household.getAttribute('data-subject');
await household.click();
await page.locator('.survey-form').waitFor();
const issue = page.locator('.question[data-name="water_issue"]');
assert.equal(await issue.isVisible(), false, 'water_issue applies only when water_ok is 否');
await choice('water_ok', '否').click();
assert.equal(await issue.isVisible(), true);
await choice('water_ok', '是').click();
assert.equal(await issue.isVisible(), false);
// 二、教育 (仅有在校学生的户) is a group that opens with has_student.
const education = page.locator('.question[data-name="compulsory"]');
await choice('has_student', '否').click();
assert.equal(await education.isVisible(), false);
await page.locator('.survey-form button[type=submit]').click();
await page.locator('.form-error', { hasText: /必答|Required/ }).first().waitFor();
await fillShown();
await fits('a questionnaire');
await page.screenshot({ path: join(opts.artifacts, 'survey-form.png'), fullPage: true });
await page.locator('.survey-form button[type=submit]').click();
await waiting(2);
// Reopened without a network (the service worker keeps the page, IndexedDB the answers).
await page.reload();
await page.locator('.village').first().waitFor();
await waiting(2);
assert.equal((await api(`/survey/${ROUND}/answers`, officeToken)).body.answers.length, 0, 'nothing reached the server offline');

// The first answer reaches the server but its response never reaches the phone (sent here from
// outside the page, the phone still offline): when the network is back the phone sends it again
// with the same id, and it is stored once.
const queued = await page.evaluate(async () => {
  const db = await new Promise((resolve, reject) => {
    const r = indexedDB.open('duban-survey', 1);
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
  const all = await new Promise((resolve) => {
    const q = db.transaction('queue').objectStore('queue').getAll();
    q.onsuccess = () => resolve(q.result);
  });
  db.close();
  return { token: sessionStorage.getItem('duban.token'), entries: all.sort((a, b) => a.at - b.at) };
});
assert.equal(queued.entries.length, 2);
const e0 = queued.entries[0];
const lost = await fetch(`${county.base}/api/v1/survey/${ROUND}/answers`, {
  method: 'POST',
  headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${queued.token}` },
  body: JSON.stringify({ form: e0.form, subject: e0.subject, instance: e0.instance, answers: e0.answers }),
});
assert.equal(lost.status, 201, await lost.text());
await context.setOffline(false);
await page.waitForFunction(() => navigator.onLine);
await page.getByRole('button', { name: /立即发送|Send now/ }).click();
await waiting(0);
const stored = (await api(`/survey/${ROUND}/answers`, officeToken)).body.answers;
assert.equal(stored.length, 2, JSON.stringify(stored));
assert.deepEqual(stored.map((a) => a.form).sort(), ['household_registered', 'village_interview']);
const journal = spawnSync('sqlite3', [join(county.dir, 'var', 'duban.db'), "SELECT COUNT(*) FROM journal WHERE subject LIKE 'answers:%'"], { encoding: 'utf8' });
assert.equal(journal.stdout.trim(), '2', 'one journal entry per answer');
assert.ok(await household.innerText().then((t) => t.startsWith('✓')), 'the household shows as done');
duban('audit', 'verify');

// The leader (evaluator leads group 1) sees the day's problems the answers found, and confirms
// the group's list of the day.
await page.reload();
const drafts = page.locator('.survey-drafts li.draft');
await drafts.first().waitFor();
const found = await drafts.count();
assert.ok(found >= 1, 'the answers found problems');
await fits('the day with its problems');
await page.getByRole('button', { name: /确认本组当日问题清单|Confirm the group/ }).click();
await page.locator('.survey-drafts li.confirmed').first().waitFor();
const confirmed = JSON.parse(duban('survey', 'drafts', '--round', ROUND, '--status', 'confirmed', '--json')).drafts;
assert.equal(confirmed.length, found);
assert.ok(confirmed.every((d) => d.group === 1 && d.day === DAY));
await page.screenshot({ path: join(opts.artifacts, 'survey-problems.png'), fullPage: true });

// The day's list of every group (当天汇总问题清单): group 1 confirmed, its problems listed, and the
// workbook the evening's e-mail carries downloaded; openpyxl reads the same rows.
await page.reload();
await page.locator('.survey-daylist li.confirmed[data-group="1"]').waitFor();
assert.equal(await page.locator('.survey-daylist ol.daylist-problems li').count(), confirmed.length);
await fits('the day\'s list');
await page.locator('.survey-daylist').screenshot({ path: join(opts.artifacts, 'survey-daylist.png') });
const [saved] = await Promise.all([page.waitForEvent('download'),
  page.getByRole('button', { name: /下载问题清单|Download the list/ }).click()]);
assert.equal(saved.suggestedFilename(), `${DAY} 问题清单.xlsx`);
const book = join(county.dir, 'daylist.xlsx');
await saved.saveAs(book);
const rows = spawnSync('/usr/bin/python3', ['-c',
  'import openpyxl,sys,json; ws=openpyxl.load_workbook(sys.argv[1])["问题清单"]; print(json.dumps([[c.value for c in r] for r in ws.iter_rows()][2:], ensure_ascii=False))', book],
{ encoding: 'utf8' });
assert.equal(rows.status, 0, rows.stderr);
assert.deepEqual(JSON.parse(rows.stdout).map((r) => r[4]).sort(), confirmed.map((d) => d.text).sort());

// The same answers for another 贫困户/脱贫户 of the sample, as ODK Central exports them.
const fromPage = stored.find((a) => a.form === 'household_registered');
const day = (await api(`/survey/${ROUND}/day?date=${DAY}`, officeToken)).body;
const form = day.forms.find((f) => f.form_id === 'household_registered').definition;
const kind = day.villages.flatMap((v) => v.households).find((h) => h.number === subject).kind;
const other = day.villages.flatMap((v) => v.households).find((h) => h.kind === kind && h.number !== subject);
const path = (q) => {
  const names = [];
  for (let g = q.group ?? -1; g >= 0; g = form.questions[g].group ?? -1) names.unshift(form.questions[g].name);
  return [...names, q.name].join('-');
};
const columns = form.questions.filter((q) => !['begin_group', 'end_group', 'note'].includes(q.type));
const cell = (v) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
const values = { ...fromPage.answers, household_number: other.number };
const csv = [['SubmissionDate', 'start', 'end', ...columns.map(path), 'meta-instanceID', 'KEY'].join(','),
  ['2027-06-21T03:00:00.000Z', '2027-06-21T10:00:00.000+08:00', '2027-06-21T10:20:00.000+08:00',
    ...columns.map((q) => cell(values[q.name] || '')), 'uuid:odk-1', 'uuid:odk-1'].join(',')].join('\n') + '\n';
writeFileSync(join(county.dir, 'odk.csv'), csv);
const imported = duban('survey', 'import-submissions', 'odk.csv', '--round', ROUND, '--form', 'household_registered');
assert.match(imported, /stored 1/);
assert.match(duban('survey', 'import-submissions', 'odk.csv', '--round', ROUND, '--form', 'household_registered'), /stored 0, stored before 1/);
const both = JSON.parse(duban('survey', 'answers', '--round', ROUND, '--form', 'household_registered', '--json')).answers;
const fromOdk = both.find((a) => a.subject === other.number);
assert.equal(fromOdk.source, 'odk');
assert.deepEqual({ ...fromOdk.answers, household_number: '' }, { ...fromPage.answers, household_number: '' }, 'the export imports to the page\'s answers');
assert.deepEqual(errors, []);
await browser.close();
await county.stop();
console.log(`survey: ok (day ${DAY}, ${first.township_name} ${first.village}; household ${subject}; ODK ${other.number})`);
