// 实地评估 (a group member's phone): the day's villages and sampled households from the
// schedule, each questionnaire rendered from its XLSForm with the skip logic live, photos as
// evidence; answers are queued on the phone and sent when the network allows (survey/queue.js),
// so the page keeps working offline once it has loaded the day.
import { api, ApiError, download } from '../api.js';
import { h, hashQuery, replace, toQuery } from '../dom.js';
import { lang, t } from '../i18n.js';
import { compute, holds } from '../survey/xlsform.js';
import { newInstance, queue } from '../survey/queue.js';
import { heading } from './shared.js';

const tr = (text) => (text && typeof text === 'object' ? (lang() === 'en' ? text.en : text.zh) || text.zh : text || '');
const today = () => {
  const d = new Date();
  const p = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
};

// The day as last loaded (so a reload without a network still shows it).
function remember(key, day) { try { localStorage.setItem(key, JSON.stringify(day)); } catch { /* full */ } }
function recall(key) { try { return JSON.parse(localStorage.getItem(key) || 'null'); } catch { return null; } }

let flushing = null;
let lastChange = null;
const sent = new Map();  // "<form>|<subject>" → instance: sent since the day was loaded
// Sends what waits, oldest first; stops at the first network failure (tried again later). A
// refusal (the form or the server says no) is kept, marked, for the person to see.
export function flush(onChange) {
  if (onChange) lastChange = onChange;
  if (flushing) return flushing;
  flushing = (async () => {
    const waiting = (await queue.all()).filter((e) => !e.refused).sort((a, b) => a.at - b.at);
    for (const entry of waiting) {
      try {
        for (const [question, blob] of Object.entries(entry.photos || {})) {
          const r = await api(`/survey/${entry.round}/photos`, { method: 'POST', body: blob, headers: { 'Idempotency-Key': `${entry.instance}/${question}` } });
          entry.answers[question] = r.sha256;
          delete entry.photos[question];
          await queue.put(entry);
        }
        await api(`/survey/${entry.round}/answers`, {
          method: 'POST',
          headers: { 'Idempotency-Key': entry.instance },
          body: { form: entry.form, subject: entry.subject, instance: entry.instance, answers: entry.answers },
        });
        await queue.remove(entry.instance);
        sent.set(`${entry.form}|${entry.subject}`, entry.instance);
      } catch (e) {
        if (e instanceof ApiError && e.status >= 400 && e.status < 500 && e.status !== 408 && e.status !== 409 && e.status !== 429 && e.status !== 401) {
          entry.refused = e.message;
          await queue.put(entry);
          continue;
        }
        break;
      }
    }
  })().finally(() => { flushing = null; if (lastChange) lastChange(); });
  return flushing;
}

function formsFor(day, subject, household) {
  return day.forms.filter((f) => {
    if (!household) return f.subject === 'village';
    if (f.subject !== 'household') return false;
    const kinds = f.definition.household_kinds || [];
    return kinds.length === 0 || kinds.includes(household.kind);
  });
}

export async function surveyPage(main, ctx) {
  const query = hashQuery();
  let round = query.round;
  if (!round) {
    try {
      const { rounds } = await api('/rounds');
      round = rounds.length ? rounds[rounds.length - 1].code : '';
    } catch { round = localStorage.getItem('duban.survey.round') || ''; }
  }
  localStorage.setItem('duban.survey.round', round);
  const date = query.date || today();
  const key = `duban.survey.day.${round}.${date}`;
  let day;
  try {
    day = await api(`/survey/${encodeURIComponent(round)}/day${toQuery({ date })}`);
    remember(key, day);
  } catch (e) {
    if (e instanceof ApiError) throw e;
    day = recall(key);
    if (!day) throw e;
  }
  if (!ctx.isCurrent()) return;
  const status = h('p', { class: 'survey-status', role: 'status', 'aria-live': 'polite' });
  const list = h('div', { class: 'survey-list' });
  let queued = [];
  const refresh = async () => {
    queued = await queue.all();
    const waiting = queued.filter((e) => !e.refused).length;
    const refused = queued.filter((e) => e.refused);
    replace(status, waiting ? `${t('surveyWaiting')} ${waiting}` : t('surveyAllSent'),
      navigator.onLine ? '' : ` · ${t('surveyOffline')}`,
      refused.map((e) => h('span', { class: 'form-error' }, ` ${e.subject}: ${e.refused} `,
        h('button', { type: 'button', class: 'link', onclick: async () => { await queue.remove(e.instance); refresh(); } }, t('surveyDiscard')))));
    status.dataset.waiting = String(waiting);
    drawList();
  };
  const done = (form, subject) => day.answered[`${form}|${subject}`] || sent.has(`${form}|${subject}`) || queued.some((e) => e.form === form && e.subject === subject && !e.refused);
  const open = (form, subject, title) => formView(main, ctx, { day, form, subject, title, back: () => surveyPage(main, ctx), saved: refresh });
  const formButton = (f, subject, title) => {
    const answered = done(f.form_id, subject);
    return h('button', { type: 'button', class: answered ? 'done' : '', 'data-form': f.form_id, 'data-subject': subject, onclick: () => open(f, subject, title) },
      answered ? `✓ ${f.title}` : f.title);
  };
  const householdRow = (hh) => h('li', {},
    h('div', { class: 'who' }, h('strong', {}, hh.head), ` ${hh.kind_zh}`,
      hh.tags ? h('span', { class: 'muted' }, ` ${hh.tags}`) : null,
      hh.edge ? h('span', { class: 'tag' }, t('surveyEdge')) : null,
      hh.monitored ? h('span', { class: 'tag' }, t('surveyMonitored')) : null),
    h('div', { class: 'muted' }, `${hh.number} · ${hh.id}`),
    formsFor(day, hh.number, hh).map((f) => formButton(f, hh.number, `${hh.head} · ${f.title}`)));
  const villageCard = (v) => h('section', { class: 'card village' },
    h('h2', {}, `${v.township_name} · ${v.name}`, h('small', {}, ` ${v.kind_zh}`)),
    h('div', { class: 'forms' }, formsFor(day, v.subject, null).map((f) => formButton(f, v.subject, `${v.name} · ${f.title}`))),
    h('ul', { class: 'households' }, v.households.map(householdRow)));
  function drawList() {
    replace(list, day.villages.length === 0 ? h('p', { class: 'muted' }, t('surveyNoVisits')) : day.villages.map(villageCard));
  }
  const sendNow = h('button', { type: 'button', onclick: () => flush(refresh) }, t('surveySend'));
  const problems = h('section', { class: 'card survey-drafts', 'aria-labelledby': 'drafts-title' });
  const dayList = h('section', { class: 'card survey-daylist', 'aria-labelledby': 'daylist-title' });
  replace(main, heading(t('survey'), h('span', { class: 'muted' }, ` ${day.round} · ${day.date}${day.group ? ` · ${t('surveyGroup')} ${day.group}` : ''}`)),
    h('div', { class: 'card survey-bar' }, status, sendNow), list, problems, dayList);
  if (day.leader !== undefined && (day.group || day.leader)) draftsSection(problems, day, ctx);
  if (['leading_group', 'evaluator'].includes(ctx.me?.access)) dayListSection(dayList, day, ctx);
  else dayList.remove();
  document.title = `${t('survey')} · ${t('app')}`;
  await refresh();
  flush(refresh);
}

// 本组当日问题: the drafts the day's answers found; the leader rewords, drops or merges them and
// confirms the day's list (needs the network: what is confirmed is what the office receives).
async function draftsSection(el, day, ctx) {
  const group = day.group;
  let drafts;
  try {
    ({ drafts } = await api(`/survey/${day.round}/drafts${toQuery({ group, date: day.date })}`));
  } catch (e) {
    replace(el, h('h2', { id: 'drafts-title' }, t('surveyDrafts')), h('p', { class: 'muted' }, e instanceof ApiError ? e.message : t('surveyOffline')));
    return;
  }
  if (!ctx.isCurrent()) return;
  const note = h('p', { role: 'status' });
  const act = async (id, body) => {
    try {
      await api(`/survey/${day.round}/drafts/${id}/events`, { method: 'POST', body });
      draftsSection(el, day, ctx);
    } catch (e) { note.textContent = e.message; }
  };
  const live = drafts.filter((d) => ['draft', 'confirmed'].includes(d.status));
  const card = (d) => {
    const text = h('textarea', { rows: 2, 'aria-label': t('surveyDraftText'), disabled: d.status !== 'draft' || !day.leader }, d.text);
    return h('li', { class: `draft ${d.status}`, 'data-id': String(d.id) },
      h('div', { class: 'muted' }, `#${d.id} · ${d.village} · ${d.subject} · ${d.category} · ${d.status === 'confirmed' ? t('surveyConfirmed') : t('surveyDraft')}`),
      text,
      day.leader && d.status === 'draft' ? h('div', { class: 'buttons' },
        h('button', { type: 'button', onclick: () => act(d.id, { event: 'edit', text: text.value.trim() }) }, t('surveyDraftSave')),
        h('button', { type: 'button', onclick: () => { const reason = prompt(t('surveyDropWhy')); if (reason) act(d.id, { event: 'drop', reason }); } }, t('surveyDrop')),
        live.length > 1 ? h('select', { 'aria-label': t('surveyMergeInto'), onchange: (e) => { if (e.target.value) act(d.id, { event: 'merge', into: Number(e.target.value) }); } },
          h('option', { value: '' }, t('surveyMergeInto')),
          live.filter((o) => o.id !== d.id).map((o) => h('option', { value: String(o.id) }, `#${o.id} ${o.text.slice(0, 20)}`))) : null) : null);
  };
  const confirm = async () => {
    try {
      const r = await api(`/survey/${day.round}/lists`, { method: 'POST', body: { group, date: day.date } });
      note.textContent = `${t('surveyListConfirmed')} ${r.problems.length}`;
      draftsSection(el, day, ctx);
    } catch (e) { note.textContent = e.message; }
  };
  replace(el, h('h2', { id: 'drafts-title' }, t('surveyDrafts'), h('small', {}, ` ${live.length}`)),
    live.length ? h('ol', { class: 'drafts' }, live.map(card)) : h('p', { class: 'muted' }, t('none')),
    day.leader && live.some((d) => d.status === 'draft') ? h('button', { type: 'button', class: 'primary', onclick: confirm }, t('surveyConfirmList')) : null,
    note);
}

// 当天汇总问题清单 (the office): every group's confirmed problems of the day and who has not
// confirmed yet; the workbook is the one the evening's e-mail carries.
async function dayListSection(el, day, ctx) {
  const path = `/survey/${encodeURIComponent(day.round)}/lists${toQuery({ date: day.date })}`;
  let list;
  try { list = await api(path); } catch (e) {
    replace(el, h('h2', { id: 'daylist-title' }, t('surveyDayList')), h('p', { class: 'muted' }, e instanceof ApiError ? e.message : t('surveyOffline')));
    return;
  }
  if (!ctx.isCurrent()) return;
  const group = (g) => h('li', { class: g.confirmed ? 'confirmed' : 'waiting', 'data-group': String(g.group) },
    `${t('surveyGroup')} ${g.group}${g.leader_name ? ` · ${g.leader_name}` : ''} · `,
    h('strong', {}, g.confirmed ? t('surveyConfirmed') : t('surveyNotConfirmed')),
    ` · ${t('surveyProblems')} ${g.problems}`, g.waiting ? ` · ${t('surveyWaitingDrafts')} ${g.waiting}` : '');
  const problem = (p) => h('li', {}, h('span', { class: 'muted' }, `${p.township_name} ${p.village} ${p.subject} · ${p.category} · `), p.text);
  replace(el, h('h2', { id: 'daylist-title' }, t('surveyDayList'), h('small', {}, ` ${list.problems.length}`)),
    list.groups.length ? h('ul', { class: 'daylist-groups' }, list.groups.map(group)) : h('p', { class: 'muted' }, t('surveyNoVisits')),
    list.problems.length ? h('ol', { class: 'daylist-problems' }, list.problems.map(problem)) : null,
    h('button', { type: 'button', onclick: () => download(`${path}&format=xlsx`, `${list.day} 问题清单.xlsx`) }, t('surveyDayListDownload')));
}

// One questionnaire: the questions that apply shown, the others hidden and emptied as answers
// change; required, types and constraints checked before the answers are queued.
function formView(main, ctx, { day, form, subject, title, back, saved }) {
  const def = form.definition;
  const facts = (day.facts || {})[subject] || {};
  const values = {};
  const photos = {};
  const nodes = [];
  const context = (current) => ({ answer: (n) => values[n] || '', current, today: day.today, roster: (f) => facts[f] });
  const applies = (i) => {
    for (let j = i; j >= 0; j = def.questions[j].group ?? -1) {
      const q = def.questions[j];
      if (q.type !== 'end_group' && !holds(q.relevant, context(''))) return false;
    }
    return true;
  };
  const choices = (q) => def.choices[q.list] || [];
  const update = () => {
    def.questions.forEach((q, i) => {
      const ok = applies(i);
      if (!ok && q.type !== 'begin_group' && q.type !== 'end_group') values[q.name] = '';
      if (ok && q.type === 'calculate') values[q.name] = compute(q.calculation, context(''));
      if (nodes[i]) nodes[i].hidden = !ok;
    });
  };
  const input = (q, i) => {
    const id = `q-${q.name}`;
    const set = (v) => { values[q.name] = v; update(); };
    if (q.name === def.subject_field) {
      values[q.name] = subject;
      return h('input', { id, type: 'text', value: subject, readonly: true });
    }
    switch (q.type) {
      case 'select_one':
        return h('div', { class: 'choices', role: 'radiogroup', 'aria-labelledby': `${id}-l` }, choices(q).map((c) => h('label', {},
          h('input', { type: 'radio', name: id, value: c.name, onchange: () => set(c.name) }), tr(c.label))));
      case 'select_multiple':
        return h('div', { class: 'choices', role: 'group', 'aria-labelledby': `${id}-l` }, choices(q).map((c) => h('label', {},
          h('input', { type: 'checkbox', value: c.name, onchange: (e) => {
            const picked = new Set((values[q.name] || '').split(' ').filter((w) => w));
            if (e.target.checked) picked.add(c.name); else picked.delete(c.name);
            set(choices(q).map((x) => x.name).filter((n) => picked.has(n)).join(' '));
          } }), tr(c.label))));
      case 'integer': return h('input', { id, type: 'number', inputmode: 'numeric', step: '1', oninput: (e) => set(e.target.value.trim()) });
      case 'decimal': return h('input', { id, type: 'number', inputmode: 'decimal', step: 'any', oninput: (e) => set(e.target.value.trim()) });
      case 'date': return h('input', { id, type: 'date', onchange: (e) => set(e.target.value) });
      case 'image': return h('input', { id, type: 'file', accept: 'image/*', capture: 'environment', onchange: async (e) => {
        const file = e.target.files[0];
        if (!file) { delete photos[q.name]; set(''); return; }
        photos[q.name] = await shrink(file);
        set('photo');
      } });
      case 'acknowledge': return h('label', {}, h('input', { id, type: 'checkbox', onchange: (e) => set(e.target.checked ? 'OK' : '') }), t('surveyAcknowledge'));
      default: return h('textarea', { id, rows: 2, oninput: (e) => set(e.target.value.trim()) });
    }
  };
  const errors = {};
  const body = [];
  const stack = [body];
  const add = (node) => {
    const parent = stack[stack.length - 1];
    if (Array.isArray(parent)) parent.push(node); else parent.append(node);
  };
  def.questions.forEach((q, i) => {
    if (q.type === 'begin_group') {
      const set = h('fieldset', { class: 'group' }, q.label.zh ? h('legend', {}, tr(q.label)) : null);
      nodes[i] = set;
      add(set);
      stack.push(set);
      return;
    }
    if (q.type === 'end_group') { if (stack.length > 1) stack.pop(); return; }
    if (q.type === 'calculate') return;
    const error = h('p', { class: 'form-error', role: 'alert' });
    errors[q.name] = error;
    const node = q.type === 'note'
      ? h('p', { class: 'note' }, tr(q.label))
      : h('div', { class: 'question', 'data-name': q.name },
        h('label', { id: `q-${q.name}-l`, for: `q-${q.name}` }, tr(q.label), q.required ? h('span', { class: 'required', 'aria-hidden': 'true' }, ' *') : null),
        q.hint && q.hint.zh ? h('p', { class: 'muted hint' }, tr(q.hint)) : null,
        input(q, i), error);
    nodes[i] = node;
    add(node);
  });
  const note = h('p', { role: 'status', class: 'survey-status' });
  const submit = async () => {
    update();
    let first = null;
    def.questions.forEach((q, i) => {
      if (!errors[q.name]) return;
      errors[q.name].textContent = '';
      if (!applies(i)) return;
      const v = values[q.name] || '';
      let why = '';
      if (!v && q.required) why = tr(q.required_message) || t('surveyRequired');
      else if (v && q.type === 'integer' && !/^-?\d+$/.test(v)) why = t('surveyWhole');
      else if (v && q.type !== 'image' && q.constraint && !holds(q.constraint, context(v))) why = tr(q.constraint_message) || t('surveyConstraint');
      if (why) { errors[q.name].textContent = why; first = first || nodes[i]; }
    });
    if (first) { first.scrollIntoView({ block: 'center' }); note.textContent = t('surveyFix'); return; }
    const answers = {};
    const kept = {};
    def.questions.forEach((q, i) => {
      if (['begin_group', 'end_group', 'note', 'calculate'].includes(q.type) || !applies(i)) return;
      if (q.type === 'image') { if (photos[q.name]) kept[q.name] = photos[q.name]; return; }
      if (values[q.name]) answers[q.name] = values[q.name];
    });
    await queue.put({ instance: newInstance(), round: day.round, form: form.form_id, subject, answers, photos: kept, at: Date.now() });
    await saved();
    back();
    flush(saved);
  };
  replace(main, h('div', { class: 'survey-form' },
    h('button', { type: 'button', class: 'link', onclick: back }, `← ${t('surveyBack')}`),
    h('h1', {}, title),
    h('p', { class: 'muted' }, `${form.title} · ${t('surveyVersion')} ${form.version}`),
    h('form', { onsubmit: (e) => { e.preventDefault(); submit(); } }, body,
      note, h('button', { type: 'submit', class: 'primary' }, t('surveySave')))));
  update();
  window.scrollTo(0, 0);
}

// A photo made small enough to wait on the phone and send on a weak network: at most 1600 px
// on its longer side, JPEG.
async function shrink(file) {
  try {
    const bitmap = await createImageBitmap(file);
    const scale = Math.min(1, 1600 / Math.max(bitmap.width, bitmap.height));
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(bitmap.width * scale);
    canvas.height = Math.round(bitmap.height * scale);
    canvas.getContext('2d').drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    return await new Promise((resolve) => canvas.toBlob((b) => resolve(b || file), 'image/jpeg', 0.8));
  } catch {
    return file;
  }
}

window.addEventListener('online', () => flush());
window.addEventListener('offline', () => { if (lastChange) lastChange(); });
setInterval(() => { if (navigator.onLine) flush(); }, 30000);
