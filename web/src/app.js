// The dashboard's shell: login, the header (navigation, language, user), and the pages by the
// address's hash (#/board?state=assigned, #/items/7, …) so that every view can be bookmarked.
import { api, ApiError, session, whenLoggedOut } from './api.js';
import { h, replace } from './dom.js';
import { lang, setLang, t } from './i18n.js';
import { overviewPage } from './pages/overview.js';
import { boardPage } from './pages/board.js';
import { itemPage } from './pages/item.js';
import { rankingPage } from './pages/ranking.js';
import { chartsPage } from './pages/charts.js';
import { importPage } from './pages/import.js';
import { notificationsPage } from './pages/notifications.js';
import { provincePage } from './pages/province.js';
import { surveyPage } from './pages/survey.js';

const root = document.getElementById('app');
const LEADING = ['leading_group'];

// Who sees which page in the navigation (the API decides what each may do, whatever is shown).
const PAGES = [
  { path: 'overview', label: 'overview', page: overviewPage },
  { path: 'board', label: 'board', page: boardPage },
  { path: 'ranking', label: 'ranking', page: rankingPage },
  { path: 'charts', label: 'charts', page: chartsPage },
  { path: 'import', label: 'import', page: importPage, who: ['leading_group', 'supervision', 'evaluator'] },
  { path: 'notifications', label: 'notifications', page: notificationsPage, who: [...LEADING, 'admin'] },
  { path: 'survey', label: 'survey', page: surveyPage, who: ['leading_group', 'supervision', 'evaluator'] },
];
// The province's (prefecture's) office, among the counties of one server, reads every county's
// summary and nothing else: its one page.
const PROVINCE_PAGES = [{ path: 'province', label: 'province', page: provincePage }];

function isProvince() {
  return Boolean(session.me && session.me.county && session.me.county.province);
}
function pages() {
  return isProvince() ? PROVINCE_PAGES : PAGES;
}

function route() {
  const raw = location.hash.replace(/^#\/?/, '');
  const [path] = raw.split('?');
  const parts = path.split('/');
  return { name: parts[0] || '', id: parts[1] };
}

function home() {
  if (isProvince()) return 'province';
  return session.me && session.me.access === 'member' ? 'board' : 'overview';
}

function loginForm(problem) {
  const error = h('p', { class: 'form-error', role: 'alert', id: 'login-error' }, problem || '');
  const form = h('form', { class: 'login card', 'aria-describedby': 'login-error' },
    h('h1', {}, t('app'), h('small', {}, t('appLong'))),
    h('label', { for: 'username' }, t('username')),
    h('input', { id: 'username', name: 'username', autocomplete: 'username', required: true, autofocus: true }),
    h('label', { for: 'password' }, t('password')),
    h('input', { id: 'password', name: 'password', type: 'password', autocomplete: 'current-password', required: true }),
    error,
    h('button', { type: 'submit', class: 'primary' }, t('login')),
    h('button', { type: 'button', class: 'link', onclick: () => { setLang(lang() === 'en' ? 'zh' : 'en'); render(); } }, t('switchLang')));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const data = new FormData(form);
    error.textContent = '';
    try {
      const r = await api('/auth/login', { method: 'POST', body: { username: data.get('username'), password: data.get('password') } });
      session.token = r.token;
      session.me = await api('/me');
      sessionStorage.setItem('duban.me', JSON.stringify(session.me));
      if (!location.hash || location.hash === '#/login') location.hash = `#/${home()}`;
      render();
    } catch (e) {
      error.textContent = `${t('loginFailed')}: ${e.message}`;
    }
  });
  return h('main', { id: 'main', class: 'login-page' }, form);
}

function header(current) {
  const me = session.me;
  const links = pages().filter((p) => !p.who || p.who.includes(me.access)).map((p) =>
    h('a', { href: `#/${p.path}`, 'aria-current': p.path === current ? 'page' : false }, t(p.label)));
  return h('header', { class: 'top' },
    h('a', { class: 'brand', href: `#/${home()}` }, t('app')),
    h('nav', { 'aria-label': t('nav') }, links),
    h('div', { class: 'who' },
      h('span', { class: 'me', title: me.unit_name }, `${me.name} · ${me.unit_name}`),
      h('button', { type: 'button', class: 'link', 'aria-label': t('switchLangLabel'), onclick: () => { setLang(lang() === 'en' ? 'zh' : 'en'); render(); } }, t('switchLang')),
      h('button', { type: 'button', class: 'link', onclick: logout }, t('logout'))));
}

async function logout() {
  try { await api('/auth/logout', { method: 'POST', body: {} }); } catch { /* gone already */ }
  session.token = '';
  session.me = null;
  sessionStorage.removeItem('duban.me');
  location.hash = '#/login';
  render();
}

let rendering = 0;
export async function render() {
  const ticket = ++rendering;
  if (session.token && !session.me) {
    try {
      session.me = await api('/me');
      sessionStorage.setItem('duban.me', JSON.stringify(session.me));
    } catch (e) {
      // No network (not a refusal): who logged in on this tab, as last known, so that the
      // field-work page opens offline; the API still decides everything when it is back.
      if (!(e instanceof ApiError)) session.me = JSON.parse(sessionStorage.getItem('duban.me') || 'null');
    }
  }
  if (ticket !== rendering) return;
  if (!session.me) {
    replace(root, loginForm());
    document.title = `${t('login')} · ${t('app')}`;
    return;
  }
  let { name, id } = route();
  if (name === 'login' || name === '') { name = home(); history.replaceState(null, '', `#/${name}`); }
  const main = h('main', { id: 'main', tabindex: '-1' }, h('p', { class: 'loading' }, t('loading')));
  replace(root, header(name === 'items' ? 'board' : name), main);
  const list = pages();
  const page = name === 'items' && !isProvince() ? itemPage
    : (list.find((p) => p.path === name) || list[list.length > 1 ? 1 : 0]).page;
  try {
    await page(main, { id, rerender: render, me: session.me, isCurrent: () => ticket === rendering });
  } catch (e) {
    if (ticket !== rendering) return;
    replace(main, h('div', { class: 'card form-error', role: 'alert' }, `${t('error')}: ${e.message}`));
  }
}

whenLoggedOut(() => render());
// The field-work page keeps working offline: the service worker keeps the dashboard's files.
if ('serviceWorker' in navigator) navigator.serviceWorker.register('sw.js').catch(() => {});
window.addEventListener('hashchange', () => render());
render();
