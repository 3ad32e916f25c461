// 评估进度: the round's seven steps as a progress line (state, due date, colour) and, per step,
// the units that submitted and those that have not (late once the step's date has passed).
import { api } from '../api.js';
import { h, hashQuery, replace, toQuery } from '../dom.js';
import { stepStateLabel, t } from '../i18n.js';
import { badge, empty, heading, rounds, select, unitNames, units } from './shared.js';

export async function overviewPage(main, ctx) {
  const [roundList, unitList, summary] = await Promise.all([rounds(), units(), api('/items/summary')]);
  if (!ctx.isCurrent()) return;
  const names = unitNames(unitList);
  const figures = h('section', { class: 'figures', 'aria-label': t('items') },
    [[t('openItems'), (summary.all.identified || 0) + (summary.all.assigned || 0), ''],
      [t('overdueItems'), summary.all.red, 'red'], [t('dueSoon'), summary.all.yellow, 'yellow'],
      [t('allItems'), summary.all.items, '']].map(([label, n, tone]) =>
      h('a', { class: `figure ${tone}`, href: tone === 'red' ? '#/board?overdue=true' : tone === 'yellow' ? '#/board?status=yellow' : '#/board' },
        h('span', { class: 'n' }, String(n || 0)), h('span', {}, label))));
  if (roundList.length === 0) {
    replace(main, heading(t('overview')), figures, empty(t('noRound')));
    return;
  }
  const wanted = hashQuery().round;
  const round = roundList.find((r) => r.round === wanted) || roundList[roundList.length - 1];
  const chooser = h('form', { class: 'inline' }, select('round-choice', t('round'),
    roundList.map((r) => [r.round, r.round]), round.round, { onchange: (e) => { location.hash = `#/overview${toQuery({ round: e.target.value })}`; } }));
  const steps = h('ol', { class: 'steps', 'aria-label': t('step') }, round.steps.map((s) => {
    const late = s.status === 'red' && s.state !== 'completed';
    return h('li', { class: `step ${s.state}${late ? ' late' : ''}`, 'data-step': s.step },
      h('div', { class: 'step-head' },
        h('span', { class: 'step-no', 'aria-hidden': 'true' }, String(s.step)),
        h('strong', {}, s.name),
        h('span', { class: 'step-state' }, stepStateLabel(s.state)),
        s.due ? badge(s.state === 'completed' ? '' : s.status, `${t('stepDue')} ${s.due}`) : null),
      s.submitted.length || s.missing.length ? h('div', { class: 'step-units' },
        s.submitted.length ? h('p', {}, h('span', { class: 'label' }, `${t('submitted')} ${s.submitted.length}:`),
          s.submitted.map((u) => h('span', { class: 'chip green' }, names[u] || u))) : null,
        s.missing.length ? h('p', {}, h('span', { class: 'label' }, `${late ? t('late') : t('missing')} ${s.missing.length}:`),
          s.missing.map((u) => h('span', { class: `chip ${late ? 'red' : ''}` }, names[u] || u))) : null) : null);
  }));
  replace(main, heading(`${t('overview')} · ${round.round}`, chooser), figures,
    h('section', { class: 'card' }, h('h2', { class: 'sr-only' }, t('step')), steps));
  document.title = `${t('overview')} · ${t('app')}`;
}
