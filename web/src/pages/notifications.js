// 通知: what was sent to whom, what failed, and a retry for the leading group.
import { api, ApiError } from '../api.js';
import { h, hashQuery, replace, toQuery } from '../dom.js';
import { t } from '../i18n.js';
import { empty, heading } from './shared.js';

const STATUS = {
  pending: ['待发送', 'pending'], sending: ['发送中', 'sending'], sent: ['已发送', 'sent'],
  retrying: ['待重试', 'retrying'], dead: ['失败', 'failed'], cancelled: ['已取消', 'cancelled'],
};

export async function notificationsPage(main, ctx) {
  const query = hashQuery();
  const failed = query.status === 'dead';
  const { notifications } = await api(`/notifications${toQuery({ status: query.status || '' })}`);
  if (!ctx.isCurrent()) return;
  const label = (s) => (STATUS[s] ? STATUS[s][document.documentElement.lang === 'en' ? 1 : 0] : s);
  const toggle = h('div', { class: 'field check' },
    h('input', { id: 'only-failed', type: 'checkbox', checked: failed, onchange: (e) => { location.hash = `#/notifications${toQuery({ status: e.target.checked ? 'dead' : '' })}`; } }),
    h('label', { for: 'only-failed' }, t('onlyFailed')));
  const rows = notifications.map((n) => {
    const note = h('span', { role: 'status' });
    const retry = async (button) => {
      button.disabled = true;
      try {
        await api(`/notifications/${n.id}/retry`, { method: 'POST', body: {} });
        note.textContent = t('retried');
      } catch (e) {
        if (!(e instanceof ApiError)) throw e;
        note.textContent = e.message;
        button.disabled = false;
      }
    };
    return h('tr', { 'data-status': n.status },
      h('td', {}, n.sent_at || n.fire_at),
      h('td', {}, n.to, n.address ? h('span', { class: 'muted' }, ` ${n.address}`) : null),
      h('td', {}, n.channel),
      h('td', { class: 'subject' }, /^item:\d+$/.test(n.subject) ? h('a', { href: `#/items/${n.subject.slice(5)}` }, `#${n.subject.slice(5)}`) : n.subject,
        n.rung ? h('span', { class: 'muted' }, ` ${n.rung}`) : null),
      h('td', {}, h('span', { class: `delivery ${n.status}` }, label(n.status))),
      h('td', { class: 'num' }, String(n.attempts)),
      h('td', {}, n.last_error || ''),
      h('td', {}, n.status === 'dead' || n.status === 'retrying'
        ? h('button', { type: 'button', onclick: (e) => retry(e.currentTarget) }, t('retry')) : null, note));
  });
  replace(main, heading(t('notifications'), toggle),
    h('section', { class: 'card' }, notifications.length === 0 ? empty() : h('div', { class: 'scroll' }, h('table', { class: 'notifications' },
      h('thead', {}, h('tr', {}, [t('at'), t('recipient'), t('channel'), t('subject'), t('status'), t('attempts'), t('lastError'), ''].map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, rows)))));
  document.title = `${t('notifications')} · ${t('app')}`;
}
