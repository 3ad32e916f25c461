// 排名与建议: the round's ranking by kind of unit, with grades and the change of rank since the
// previous round, and the incentive/accountability recommendations, which the leading group
// accepts or dismisses.
import { api, ApiError } from '../api.js';
import { h, hashQuery, replace, toQuery } from '../dom.js';
import { t } from '../i18n.js';
import { empty, heading, rankedRound, rounds, select, unitNames, units } from './shared.js';

function change(n) {
  if (n === null || n === undefined) return h('span', { class: 'muted' }, '—');
  if (n === 0) return h('span', { class: 'muted' }, '0');
  return h('span', { class: n > 0 ? 'up' : 'down', 'aria-label': `${n > 0 ? '+' : ''}${n}` }, `${n > 0 ? '▲' : '▼'} ${Math.abs(n)}`);
}

export async function rankingPage(main, ctx) {
  const [roundList, unitList] = await Promise.all([rounds(), units()]);
  if (!ctx.isCurrent()) return;
  if (roundList.length === 0) { replace(main, heading(t('ranking')), empty(t('noRound'))); return; }
  const { round, ranking } = await rankedRound(roundList, hashQuery().round);
  const recs = await api(`/recommendations${toQuery({ round })}`);
  if (!ctx.isCurrent()) return;
  const names = unitNames(unitList);
  const chooser = h('form', { class: 'inline' }, select('ranking-round', t('round'), roundList.map((r) => [r.round, r.round]), round,
    { onchange: (e) => { location.hash = `#/ranking${toQuery({ round: e.target.value })}`; } }));
  const tables = ranking.kinds.map((k) => h('section', { class: 'card', 'aria-labelledby': `k-${k.kind}` },
    h('h2', { id: `k-${k.kind}` }, k.label),
    h('div', { class: 'scroll' }, h('table', { class: 'ranking' },
      h('thead', {}, h('tr', {}, [t('rank'), t('unit'), t('points'), t('grade'), t('change')].map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, k.units.map((u) => h('tr', { class: u.last ? 'last' : '' },
        h('td', { class: 'num' }, u.rank ? String(u.rank) : '—'),
        h('th', { scope: 'row' }, u.name),
        h('td', { class: 'num' }, u.rank ? Number(u.total).toFixed(2) : h('span', { class: 'muted', title: u.note }, t('notRanked'))),
        h('td', {}, u.grade || '—'),
        h('td', {}, change(u.rank_change)))))))));
  const leading = ctx.me.access === 'leading_group';
  const recList = recs.recommendations;
  const recSection = h('section', { class: 'card', 'aria-labelledby': 'rec-h' }, h('h2', { id: 'rec-h' }, t('recommendations')),
    recList.length === 0 ? empty() : h('ul', { class: 'recs' }, recList.map((r) => {
      const status = h('p', { class: 'form-error', role: 'alert', id: `rec-${r.id}-err` });
      const note = h('input', { id: `rec-${r.id}-note`, 'aria-describedby': `rec-${r.id}-err` });
      const decide = async (verb) => {
        status.textContent = '';
        note.removeAttribute('aria-invalid');
        if (verb === 'dismiss' && !note.value.trim()) {  // 不予采纳须说明理由
          status.textContent = t('dismissNeedsNote');
          note.setAttribute('aria-invalid', 'true');
          note.focus();
          return;
        }
        try {
          await api(`/recommendations/${r.id}/${verb}`, { method: 'POST', body: note.value.trim() ? { note: note.value.trim() } : {} });
          ctx.rerender();
        } catch (e) {
          if (!(e instanceof ApiError)) throw e;
          status.textContent = e.message;
        }
      };
      return h('li', { 'data-id': r.id, 'data-state': r.state },
        h('p', {}, r.text.startsWith(names[r.unit] || r.unit) ? r.text : [h('strong', {}, names[r.unit] || r.unit), ` · ${r.text}`]),
        h('p', { class: 'muted' }, `${r.plugin}/${r.rule} · ${r.state_label}${r.decided_by ? ` · ${r.decided_by}` : ''}${r.note ? ` · ${r.note}` : ''}`),
        leading && r.state === 'pending' ? h('div', { class: 'decide' },
          h('label', { for: `rec-${r.id}-note` }, t('note')), note, status,
          h('div', { class: 'buttons' },
            h('button', { type: 'button', class: 'primary', onclick: () => decide('accept') }, t('accept')),
            h('button', { type: 'button', onclick: () => decide('dismiss') }, t('dismiss')))) : null);
    })));
  replace(main, heading(`${t('ranking')} · ${round}`, chooser), ranking.kinds.length ? tables : empty(), recSection);
  document.title = `${t('ranking')} · ${t('app')}`;
}
