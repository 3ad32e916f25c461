// 图表: items by state per township, the overdue trend (the open and overdue items day by day),
// overdue and due-soon items per unit, the score distribution and the ranking of the latest round.
// ECharts is loaded only when this page opens.
import { api, ApiError } from '../api.js';
import { h, replace } from '../dom.js';
import { ITEM_STATES, stateLabel, t } from '../i18n.js';
import { empty, heading, rankedRound, rounds, units } from './shared.js';

const COLOURS = { identified: '#90a4ae', assigned: '#1e88e5', rectified: '#8e24aa', verified: '#43a047', closed: '#2e7d32' };

function chartBox(id, title) {
  const box = h('div', { class: 'chart', id, role: 'img', 'aria-label': title });
  return [h('section', { class: 'card', 'aria-labelledby': `${id}-h` }, h('h2', { id: `${id}-h` }, title), box), box];
}

export async function chartsPage(main, ctx) {
  const [{ default: echarts }, summary, unitList, roundList] = await Promise.all([
    import('./echarts-setup.js'), api('/items/summary'), units(), rounds()]);
  if (!ctx.isCurrent()) return;
  const kinds = Object.fromEntries(unitList.map((u) => [u.id, u.kind]));
  const townships = summary.units.filter((u) => kinds[u.unit] === 'township');
  const byState = townships.length ? townships : summary.units;
  const { round: latest, ranking } = roundList.length ? await rankedRound(roundList) : { round: '', ranking: { kinds: [] } };
  if (!ctx.isCurrent()) return;
  // County-wide figures: a township's user is not shown them (403).
  const trend = await api('/items/trend?days=90').catch((e) => {
    if (e instanceof ApiError && e.status === 403) return null;
    throw e;
  });
  if (!ctx.isCurrent()) return;
  // The first kind with units ranked (townships, as the model lists them first).
  const kind = ranking.kinds.find((k) => k.units.some((u) => u.rank)) || { label: '', units: [] };
  const ranked = kind.units.filter((u) => u.rank);

  const [s1, c1] = chartBox('chart-states', t('chartStates'));
  const [s2, c2] = chartBox('chart-overdue', `${t('overdueItems')} / ${t('dueSoon')}`);
  const [s5, c5] = chartBox('chart-trend', t('chartTrend'));
  const [s3, c3] = chartBox('chart-scores', `${t('chartScores')} · ${kind.label} · ${latest}`);
  const [s4, c4] = chartBox('chart-ranking', `${t('chartRanking')} · ${kind.label} · ${latest}`);
  replace(main, heading(t('charts')), h('div', { class: 'chart-grid' }, s1, s5, s2, s3, s4));
  document.title = `${t('charts')} · ${t('app')}`;
  const base = { aria: { enabled: true }, tooltip: { trigger: 'axis' }, grid: { left: 8, right: 16, top: 40, bottom: 8, containLabel: true }, animation: false };
  const draw = (el, option) => {
    const chart = echarts.init(el, null, { renderer: 'canvas' });
    chart.setOption({ ...base, ...option });
    new ResizeObserver(() => chart.resize()).observe(el);
  };
  draw(c1, {
    legend: { top: 0 },
    xAxis: { type: 'category', data: byState.map((u) => u.unit_name), axisLabel: { rotate: 30, interval: 0 } },
    yAxis: { type: 'value', minInterval: 1 },
    series: ITEM_STATES.map((s) => ({ name: stateLabel(s), type: 'bar', stack: 'all', color: COLOURS[s], data: byState.map((u) => u[s] || 0) })),
  });
  draw(c2, {
    legend: { top: 0 },
    xAxis: { type: 'category', data: summary.units.map((u) => u.unit_name), axisLabel: { rotate: 30, interval: 0 } },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      { name: t('overdueItems'), type: 'bar', stack: 'open', color: '#c62828', data: summary.units.map((u) => u.red) },
      { name: t('dueSoon'), type: 'bar', stack: 'open', color: '#f9a825', data: summary.units.map((u) => u.yellow) }],
  });
  if (!trend) replace(c5, empty(t('countyOnly')));
  else if (!trend.days.length) replace(c5, empty());
  else {
    draw(c5, {
      legend: { top: 0 },
      xAxis: { type: 'category', data: trend.days.map((d) => d.day.slice(5)) },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        { name: t('openItems'), type: 'line', color: '#1e88e5', data: trend.days.map((d) => d.open) },
        { name: t('overdueItems'), type: 'line', color: '#c62828', areaStyle: { opacity: 0.15 }, data: trend.days.map((d) => d.overdue) }],
    });
  }
  if (!ranked.length) {
    replace(c3, empty());
    replace(c4, empty());
    return;
  }
  // Scores in bands of 5 points.
  const bands = new Map();
  for (const u of ranked) {
    const low = Math.floor(Number(u.total) / 5) * 5;
    bands.set(low, (bands.get(low) || 0) + 1);
  }
  const lows = [...bands.keys()].sort((a, b) => a - b);
  draw(c3, {
    xAxis: { type: 'category', data: lows.map((l) => `${l}–${l + 5}`) },
    yAxis: { type: 'value', minInterval: 1 },
    series: [{ name: t('points'), type: 'bar', color: '#1e88e5', data: lows.map((l) => bands.get(l)) }],
  });
  const sorted = ranked.slice().sort((a, b) => Number(a.total) - Number(b.total));
  draw(c4, {
    xAxis: { type: 'value' },
    yAxis: { type: 'category', data: sorted.map((u) => u.name), axisLabel: { interval: 0 } },
    series: [{ name: t('points'), type: 'bar', color: '#b71c1c', data: sorted.map((u) => Number(u.total).toFixed(2)) }],
  });
}
