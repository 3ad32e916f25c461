// What several pages use: the colour badge of a due date, the units and rounds lists, a select.
import { api, ApiError } from '../api.js';
import { h } from '../dom.js';
import { t } from '../i18n.js';

const cache = {};
export async function units() {
  cache.units ??= api('/units').then((r) => r.units);
  return cache.units;
}
export async function rounds() {
  return (await api('/rounds')).rounds;
}
export function unitNames(list) {
  return Object.fromEntries(list.map((u) => [u.id, u.name]));
}

// red: overdue; yellow: due within the yellow days; green: on time (items awaiting rectification).
export function badge(status, text) {
  if (!status) return h('span', { class: 'badge' }, text || '');
  const label = { red: t('statusRed'), yellow: t('statusYellow'), green: t('statusGreen') }[status];
  return h('span', { class: `badge ${status}`, title: label }, h('span', { class: 'dot', 'aria-hidden': 'true' }), text || label,
    text ? h('span', { class: 'sr-only' }, ` (${label})`) : null);
}

export function select(id, label, options, value, attrs = {}) {
  return [h('label', { for: id }, label),
    h('select', { id, name: id, ...attrs },
      options.map(([v, text]) => h('option', { value: v, selected: v === value }, text)))];
}

export function field(id, label, input) {
  return h('div', { class: 'field' }, h('label', { for: id }, label), input);
}

export function heading(text, ...rest) {
  return h('div', { class: 'page-head' }, h('h1', {}, text), rest);
}

export function empty(text) {
  return h('p', { class: 'empty' }, text || t('none'));
}

// A round's ranking: the live one for those who may see it (leading group, supervision,
// evaluators), else the published one; none (no kinds) before it is published.
export async function ranking(code) {
  const path = `/rounds/${encodeURIComponent(code)}/ranking`;
  try {
    return await api(path);
  } catch (e) {
    if (!(e instanceof ApiError) || e.status !== 403) throw e;
  }
  try {
    return await api(`${path}?published=true`);
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) return { round: code, kinds: [], unpublished: true };
    throw e;
  }
}

// The round whose ranking to show first: the latest with units ranked (scores recorded), else the
// latest; with its ranking.
export async function rankedRound(roundList, wanted) {
  const codes = roundList.map((r) => r.round);
  if (wanted && codes.includes(wanted)) return { round: wanted, ranking: await ranking(wanted) };
  let first = null;
  for (const code of codes.slice().reverse()) {
    const found = await ranking(code);
    first ??= { round: code, ranking: found };
    if (found.kinds.some((k) => k.ranked > 0)) return { round: code, ranking: found };
  }
  return first;
}
