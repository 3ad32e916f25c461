// 整改看板: items by state with their deadline colours, filters, search, counts per unit, paging
// through the API (never all items at once). A township's user sees its own items only.
import { api } from '../api.js';
import { h, hashQuery, replace, toQuery } from '../dom.js';
import { ITEM_SOURCES, ITEM_STATES, sourceLabel, stateLabel, t } from '../i18n.js';
import { badge, empty, heading, rounds, select, units } from './shared.js';

const FILTERS = ['state', 'unit', 'round', 'source', 'category', 'status', 'overdue', 'q'];

export async function boardPage(main, ctx) {
  const query = hashQuery();
  const filters = Object.fromEntries(FILTERS.map((k) => [k, query[k] || '']));
  const cursor = query.cursor || '';
  const [page, summary, unitList, roundList] = await Promise.all([
    api(`/items${toQuery({ ...filters, cursor, limit: 50 })}`),
    api(`/items/summary${toQuery({ ...filters, state: '' })}`),
    units(),
    rounds(),
  ]);
  if (!ctx.isCurrent()) return;
  const go = (params) => { location.hash = `#/board${toQuery(params)}`; };

  const own = ctx.me.access === 'member';
  const visibleUnits = own ? unitList.filter((u) => summary.units.some((s) => s.unit === u.id) || u.id === ctx.me.unit) : unitList;
  const form = h('form', { class: 'filters card', role: 'search', 'aria-label': t('filter') },
    h('div', { class: 'field' }, select('state', t('state'), [['', t('all')], ...ITEM_STATES.map((s) => [s, stateLabel(s)])], filters.state)),
    h('div', { class: 'field' }, select('unit', t('unit'), [['', t('all')], ...visibleUnits.map((u) => [u.id, u.name])], filters.unit)),
    h('div', { class: 'field' }, select('round', t('round'), [['', t('all')], ...roundList.map((r) => [r.round, r.round])], filters.round)),
    h('div', { class: 'field' }, select('source', t('source'), [['', t('all')], ...ITEM_SOURCES.map((s) => [s, sourceLabel(s)])], filters.source)),
    h('div', { class: 'field' }, h('label', { for: 'category' }, t('category')), h('input', { id: 'category', name: 'category', value: filters.category })),
    h('div', { class: 'field' }, select('status', t('colour'), [['', t('all')], ['red', t('statusRed')], ['yellow', t('statusYellow')], ['green', t('statusGreen')]], filters.status)),
    h('div', { class: 'field grow' }, h('label', { for: 'q' }, t('search')), h('input', { id: 'q', name: 'q', type: 'search', value: filters.q, placeholder: t('searchHint') })),
    h('div', { class: 'field check' }, h('input', { id: 'overdue', name: 'overdue', type: 'checkbox', value: 'true', checked: filters.overdue === 'true' }), h('label', { for: 'overdue' }, t('overdueOnly'))),
    h('div', { class: 'buttons' }, h('button', { type: 'submit', class: 'primary' }, t('filter')),
      h('button', { type: 'button', onclick: () => go({}) }, t('reset'))));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const data = new FormData(form);
    go(Object.fromEntries(FILTERS.map((k) => [k, data.get(k) || ''])));
  });

  // The state tabs: counts for the filters without the state.
  const all = summary.all;
  const tabs = h('div', { class: 'tabs', role: 'list', 'aria-label': t('state') },
    [['', t('allItems'), all.items], ...ITEM_STATES.map((s) => [s, stateLabel(s), all[s]])].map(([s, label, n]) =>
      h('a', { role: 'listitem', href: `#/board${toQuery({ ...filters, state: s })}`, class: 'tab', 'aria-current': s === filters.state ? 'true' : false, 'data-state': s || 'all' },
        label, h('span', { class: 'count' }, String(n ?? 0)))));

  const perUnit = h('section', { class: 'card per-unit', 'aria-labelledby': 'per-unit-h' },
    h('h2', { id: 'per-unit-h' }, t('perUnit')),
    summary.units.length === 0 ? empty() : h('div', { class: 'scroll' }, h('table', {},
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('unit')), ITEM_STATES.map((s) => h('th', { scope: 'col', class: 'num' }, stateLabel(s))),
        h('th', { scope: 'col', class: 'num' }, t('statusRed')), h('th', { scope: 'col', class: 'num' }, t('statusYellow')))),
      h('tbody', {}, summary.units.map((u) => h('tr', { 'data-unit': u.unit },
        h('th', { scope: 'row' }, h('a', { href: `#/board${toQuery({ ...filters, unit: u.unit })}` }, u.unit_name)),
        ITEM_STATES.map((s) => h('td', { class: 'num' }, String(u[s] || 0))),
        h('td', { class: 'num' }, u.red ? badge('red', String(u.red)) : '0'),
        h('td', { class: 'num' }, u.yellow ? badge('yellow', String(u.yellow)) : '0')))))));

  const rows = page.items.map((item) => h('tr', { 'data-id': item.id, 'data-status': item.status || '' },
    h('td', { class: 'num' }, String(item.id)),
    h('td', { class: 'title-cell' }, h('a', { href: `#/items/${item.id}` }, item.title)),
    h('td', {}, item.unit_name),
    h('td', {}, h('span', { class: `state ${item.state}` }, stateLabel(item.state))),
    h('td', {}, badge(item.status, item.due || '—')),
    h('td', {}, item.owner)));
  const previous = (query.back || '').split(',').filter(Boolean);
  const paging = h('nav', { class: 'paging', 'aria-label': t('items') },
    h('span', {}, t('total', { n: page.total })),
    previous.length || cursor ? h('a', { href: `#/board${toQuery({ ...filters, cursor: previous.length ? previous.at(-1).replace(/^-$/, '') : '', back: previous.slice(0, -1).join(',') })}` }, t('prev')) : null,
    page.next_cursor ? h('a', { href: `#/board${toQuery({ ...filters, cursor: page.next_cursor, back: [...previous, cursor || '-'].join(',') })}` }, t('next')) : null);
  const table = h('section', { class: 'card', 'aria-labelledby': 'items-h' },
    h('h2', { id: 'items-h', class: 'sr-only' }, t('items')),
    page.items.length === 0 ? empty() : h('div', { class: 'scroll' }, h('table', { class: 'items' },
      h('thead', {}, h('tr', {}, ['#', t('title'), t('unit'), t('state'), t('due'), t('owner')].map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, rows))),
    paging);
  replace(main, heading(t('board')), form, tabs, table, perUnit);
  document.title = `${t('board')} · ${t('app')}`;
}
