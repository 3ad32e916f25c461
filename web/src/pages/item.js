// 事项页: the item's fields, its evidence, the journal as a timeline, and only the actions its
// user may take now (the server's `actions`), each a form whose errors stand next to their field.
import { api, ApiError, download } from '../api.js';
import { h, localTime, replace } from '../dom.js';
import { eventLabel, sourceLabel, stateLabel, t } from '../i18n.js';
import { badge, heading, units } from './shared.js';

// The fields each event asks for: [name, kind, required].
const FORMS = {
  assign: [['unit', 'unit', false], ['owner', 'text', true], ['measures', 'area', true], ['due', 'date', true]],
  reassign: [['unit', 'unit', false], ['owner', 'text', false], ['measures', 'area', false], ['due', 'date', false], ['reason', 'area', true]],
  ack: [],
  rectify: [['result', 'area', true], ['file', 'file', false]],
  report: [['result', 'area', true]],
  extend: [['due', 'date', true], ['reason', 'area', true]],
  'approve-extension': [['due', 'date', false], ['reason', 'area', false]],
  'refuse-extension': [['reason', 'area', true]],
  suspend: [['reason', 'area', true]],
  resume: [['reason', 'area', false]],
  verify: [['reason', 'area', false]],
  reject: [['reason', 'area', true], ['due', 'date', false]],
  close: [['reason', 'area', false]],
  reopen: [['reason', 'area', true], ['due', 'date', false]],
};
const LABELS = { unit: 'unit', owner: 'owner', measures: 'measures', due: 'due', result: 'result', reason: 'reason', file: 'file' };

// Which field a refusal is about, when the server names none (problem codes of the machine).
function fieldOf(error, fields) {
  const names = fields.map(([n]) => n);
  for (const name of Object.keys(error.fields)) if (names.includes(name)) return name;
  if (error.code === 'reason_required' && names.includes('reason')) return 'reason';
  const text = `${error.problem.detail || ''}`.toLowerCase();
  for (const name of ['result', 'owner', 'measures', 'due', 'reason', 'unit']) {
    if (names.includes(name) && (text.includes(name) || text.includes(t(LABELS[name]).toLowerCase()))) return name;
  }
  return '';
}

function actionForm(item, event, unitList, done) {
  const fields = FORMS[event] || [];
  const id = (name) => `${event}-${name}`;
  const errors = {};
  const controls = fields.map(([name, kind, required]) => {
    const attrs = { id: id(name), name, required, 'aria-describedby': `${id(name)}-err` };
    let input;
    if (kind === 'area') input = h('textarea', { ...attrs, rows: 3 });
    else if (kind === 'date') input = h('input', { ...attrs, type: 'date' });
    else if (kind === 'file') input = h('input', { ...attrs, type: 'file' });
    else if (kind === 'unit') {
      input = h('select', attrs, h('option', { value: '' }, `— ${item.unit_name} —`),
        unitList.filter((u) => u.id !== item.unit).map((u) => h('option', { value: u.id }, u.name)));
    } else input = h('input', { ...attrs, value: name === 'owner' && event === 'assign' ? item.owner : '' });
    errors[name] = h('p', { class: 'field-error', id: `${id(name)}-err`, role: 'alert' });
    return h('div', { class: 'field' },
      h('label', { for: id(name) }, t(LABELS[name]), required ? h('span', { class: 'req' }, ` (${t('required')})`) : null),
      input, errors[name]);
  });
  const general = h('p', { class: 'form-error', role: 'alert' });
  const form = h('form', { class: `action-form ${event}`, 'data-event': event, novalidate: true },
    h('h3', {}, eventLabel(event)), controls, general,
    h('div', { class: 'buttons' }, h('button', { type: 'submit', class: 'primary' }, eventLabel(event))));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    general.textContent = '';
    for (const [name] of fields) {
      errors[name].textContent = '';
      form.elements[name].removeAttribute('aria-invalid');
    }
    const data = new FormData(form);
    let invalid = false;
    for (const [name, kind, required] of fields) {
      const value = kind === 'file' ? data.get(name)?.size : String(data.get(name) || '').trim();
      if (required && !value) {
        errors[name].textContent = t('required');
        form.elements[name].setAttribute('aria-invalid', 'true');
        invalid = true;
      }
    }
    if (invalid) { form.querySelector('[aria-invalid]').focus(); return; }
    const body = { event };
    for (const [name, kind] of fields) {
      const value = data.get(name);
      if (kind !== 'file' && value) body[name] = String(value).trim();
    }
    form.querySelector('button[type=submit]').disabled = true;
    try {
      const file = data.get('file');
      if (file && file.size) {
        const up = await api(`/items/${item.id}/evidence?name=${encodeURIComponent(file.name)}`,
          { method: 'POST', body: file, headers: { 'Content-Type': file.type || 'application/octet-stream' } });
        body.evidence = [up.name || file.name];
      }
      await api(`/items/${item.id}/events`, { method: 'POST', body, headers: { 'If-Match': `"${item.version}"` } });
      done(t('saved'));
    } catch (err) {
      form.querySelector('button[type=submit]').disabled = false;
      if (!(err instanceof ApiError)) throw err;
      if (err.code === 'conflict') { done(t('conflict')); return; }
      const name = fieldOf(err, fields);
      const target = name ? errors[name] : general;
      target.textContent = name && err.fields[name] ? err.fields[name] : err.message;
      if (name) { form.elements[name].setAttribute('aria-invalid', 'true'); form.elements[name].focus(); }
    }
  });
  return form;
}

export async function itemPage(main, ctx, notice = '') {
  const [item, journal, files, unitList] = await Promise.all([
    api(`/items/${ctx.id}`), api(`/items/${ctx.id}/journal`), api(`/items/${ctx.id}/evidence`), units()]);
  if (!ctx.isCurrent()) return;
  const names = Object.fromEntries(unitList.map((u) => [u.id, u.name]));
  const dl = (pairs) => h('dl', { class: 'fields' }, pairs.filter(([, v]) => v !== '' && v !== undefined && v !== null)
    .map(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]));
  const facts = dl([
    [t('state'), h('span', { class: `state ${item.state}`, id: 'item-state' }, stateLabel(item.state))],
    [t('due'), badge(item.status, item.due || '—')],
    [t('unit'), item.unit_name], [t('owner'), item.owner], [t('source'), sourceLabel(item.source)],
    [t('category'), item.category], [t('round'), item.round],
    [t('manifestation'), item.manifestation], [t('measures'), item.measures], [t('result'), item.result],
    [t('acknowledged'), item.acknowledged_at ? `${item.acknowledged_by} · ${localTime(item.acknowledged_at)}` : ''],
    [t('rework'), item.rework_count || ''],
    [t('extension'), item.extension_request ? `${item.extension_request.due || ''} ${item.extension_request.reason || ''}` : ''],
  ]);
  const evidence = h('section', { class: 'card', 'aria-labelledby': 'ev-h' }, h('h2', { id: 'ev-h' }, t('evidence')),
    files.evidence && files.evidence.length
      ? h('ul', { class: 'evidence' }, files.evidence.map((f) => h('li', {},
        h('button', { type: 'button', class: 'link', onclick: () => download(f.href, f.name) }, f.name),
        ` ${(f.size / 1024).toFixed(0)} KiB · ${f.by} · ${localTime(f.at)}`)))
      : h('p', { class: 'empty' }, item.evidence.length ? item.evidence.join('、') : t('none')));
  const timeline = h('section', { class: 'card', 'aria-labelledby': 'jr-h' }, h('h2', { id: 'jr-h' }, t('journal')),
    h('ol', { class: 'timeline', id: 'journal' }, journal.entries.slice().reverse().map((e) => h('li', { 'data-event': e.event },
      h('time', { datetime: e.at }, localTime(e.at)),
      h('strong', {}, eventLabel(e.event)),
      ` · ${e.actor}`,
      e.before !== e.after && e.after ? h('span', { class: 'moved' }, ` ${stateLabel(e.before) || '∅'} → ${stateLabel(e.after)}`) : null,
      e.reason ? h('p', {}, e.reason) : null))));
  const again = (message) => itemPage(main, ctx, message);
  const forms = item.actions.map((event) => actionForm(item, event, unitList.filter((u) => names[u.id]), again));
  const actions = h('section', { class: 'card actions', 'aria-labelledby': 'ac-h' }, h('h2', { id: 'ac-h' }, t('actions')),
    forms.length ? forms : h('p', { class: 'empty', id: 'no-actions' }, t('noActions')));
  replace(main,
    heading(`#${item.id} ${item.title}`, h('a', { href: '#/board' }, t('back'))),
    notice ? h('p', { class: 'notice', role: 'status' }, notice) : null,
    h('div', { class: 'item-grid' }, h('section', { class: 'card', 'aria-label': t('item') }, facts), actions),
    evidence, timeline);
  document.title = `#${item.id} · ${t('app')}`;
}
