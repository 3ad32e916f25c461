// 各县汇总: what the province's (or prefecture's) office sees of a server of several counties,
// read-only: each county's open and overdue items now, and its latest published ranking by kind
// of unit (GET /api/v1/province/counties).
import { api } from '../api.js';
import { h, replace } from '../dom.js';
import { t } from '../i18n.js';
import { empty, heading } from './shared.js';

function kindLabel(kind) {
  return { township: t('kindTownship'), department: t('kindDepartment') }[kind] || kind;
}

export async function provincePage(main, ctx) {
  const { counties } = await api('/province/counties');
  if (!ctx.isCurrent()) return;
  const open = counties.reduce((n, c) => n + c.items.open, 0);
  const overdue = counties.reduce((n, c) => n + c.items.overdue, 0);
  const figures = h('section', { class: 'figures', 'aria-label': t('province') },
    [[t('countyCount'), counties.length, ''], [t('openItems'), open, ''], [t('overdueItems'), overdue, 'red']]
      .map(([label, n, tone]) => h('div', { class: `figure ${tone}` }, h('span', { class: 'n' }, String(n)), h('span', {}, label))));
  const latest = (c) => (c.rounds.length ? c.rounds[c.rounds.length - 1] : null);
  const table = h('section', { class: 'card', 'aria-labelledby': 'counties-h' },
    h('h2', { id: 'counties-h' }, t('province')),
    counties.length === 0 ? empty() : h('div', { class: 'scroll' }, h('table', { class: 'counties' },
      h('thead', {}, h('tr', {}, [t('county'), t('openItems'), t('overdueItems'), t('publishedRanking')].map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, counties.map((c) => {
        const r = latest(c);
        return h('tr', { 'data-county': c.code },
          h('th', { scope: 'row' }, c.name, h('span', { class: 'muted' }, ` ${c.code}`)),
          h('td', { class: 'num' }, String(c.items.open)),
          h('td', { class: 'num' }, c.items.overdue ? h('span', { class: 'chip red' }, String(c.items.overdue)) : '0'),
          h('td', {}, r ? h('a', { href: `#county-${c.code}` }, `${r.round}`) : h('span', { class: 'muted' }, t('noPublished'))));
      })))));
  const rankings = counties.filter((c) => latest(c)).map((c) => {
    const r = latest(c);
    return h('section', { class: 'card', id: `county-${c.code}`, 'aria-labelledby': `county-${c.code}-h` },
      h('h2', { id: `county-${c.code}-h` }, `${c.name} · ${r.round}`),
      h('p', { class: 'muted' }, `${t('publishedAt')} ${r.published_at}`),
      r.kinds.map((k) => [h('h3', {}, `${kindLabel(k.kind)} (${k.ranked})`),
        h('div', { class: 'scroll' }, h('table', { class: 'ranking' },
          h('thead', {}, h('tr', {}, [t('rank'), t('unit'), t('points'), t('grade')].map((col) => h('th', { scope: 'col' }, col)))),
          h('tbody', {}, k.units.map((u) => h('tr', {},
            h('td', { class: 'num' }, String(u.rank)),
            h('th', { scope: 'row' }, u.name),
            h('td', { class: 'num' }, Number(u.total).toFixed(2)),
            h('td', {}, u.grade || '—'))))))]));
  });
  replace(main, heading(t('province')), h('p', { class: 'muted', role: 'note' }, t('provinceNote')), figures, table, rankings);
  document.title = `${t('province')} · ${t('app')}`;
}
