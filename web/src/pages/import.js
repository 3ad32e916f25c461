// 导入问题清单: choose or drop a CSV/XLSX problem list, see the dry run per row (create, update,
// refused and why), then confirm. Nothing is written before the confirmation, and a list with a
// refused row is written not at all (the server's rule).
import { api, ApiError } from '../api.js';
import { h, replace } from '../dom.js';
import { t } from '../i18n.js';
import { heading } from './shared.js';

const ACTION = { create: 'created', update: 'updated', refused: 'refused', unchanged: 'none' };

function planTable(plan) {
  return h('div', { class: 'scroll' }, h('table', { class: 'plan' },
    h('thead', {}, h('tr', {}, [t('row'), t('outcome'), '#', t('note')].map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', {}, plan.map((row) => h('tr', { class: row.action, 'data-line': row.line },
      h('td', { class: 'num' }, String(row.line)),
      h('td', {}, h('span', { class: `outcome ${row.action}` }, t(ACTION[row.action] || row.action))),
      h('td', {}, row.id ? h('a', { href: `#/items/${row.id}` }, String(row.id)) : ''),
      h('td', {}, [...row.problems, ...row.notes, row.deadline || ''].filter(Boolean).join(';')))))));
}

export async function importPage(main) {
  const result = h('div', { id: 'import-result', 'aria-live': 'polite' });
  const input = h('input', { id: 'import-file', type: 'file', accept: '.csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
  let file = null;
  const send = async (dry) => {
    const r = await api(`/items/import?name=${encodeURIComponent(file.name)}${dry ? '&dry_run=true' : ''}`,
      { method: 'POST', body: file, headers: { 'Content-Type': 'application/octet-stream' } });
    return r;
  };
  const run = async () => {
    if (!file) return;
    replace(result, h('p', { class: 'loading' }, t('loading')));
    try {
      const plan = await send(true);
      const confirm = h('button', { type: 'button', class: 'primary', id: 'import-confirm' }, t('confirm'));
      confirm.addEventListener('click', async () => {
        confirm.disabled = true;
        try {
          const done = await send(false);
          replace(result, h('p', { class: 'notice', role: 'status' },
            `${t('imported')}: ${t('created')} ${done.created}, ${t('updated')} ${done.updated}`));
        } catch (e) {
          if (!(e instanceof ApiError)) throw e;
          replace(result, h('p', { class: 'form-error', role: 'alert' }, e.message));
        }
      });
      replace(result, h('p', { role: 'status' }, `${t('dryRun')}: ${t('created')} ${plan.created}, ${t('updated')} ${plan.updated}`),
        planTable(plan.plan || []), confirm);
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      replace(result, h('p', { class: 'form-error', role: 'alert' }, e.message),
        e.problem.plan ? planTable(e.problem.plan) : h('ul', {}, (e.problem.errors || []).map((x) => h('li', {}, `${t('row')} ${x.line ?? ''}: ${x.message}`))));
    }
  };
  input.addEventListener('change', () => { file = input.files[0] || null; run(); });
  const drop = h('div', { class: 'drop card', tabindex: '-1' },
    h('p', {}, t('importHint')),
    h('label', { for: 'import-file' }, t('chooseFile')), input);
  drop.addEventListener('dragover', (e) => { e.preventDefault(); drop.classList.add('over'); });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', (e) => {
    e.preventDefault();
    drop.classList.remove('over');
    file = e.dataTransfer.files[0] || null;
    run();
  });
  replace(main, heading(t('import')), drop, result);
  document.title = `${t('import')} · ${t('app')}`;
}
