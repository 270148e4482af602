// Deliveries: the pending and dead completion callbacks of every session, newest first; ack per session.

import {api} from '../api.js';
import {badge, h, table} from '../dom.js';
import {time} from '../format.js';
import {poll} from '../live.js';
import {ackButton} from '../actions.js';

const TABS = [['', 'Pending and dead'], ['PENDING', 'Pending'], ['DEAD', 'Dead']];

export function render(main, params) {
  const status = params.status || '';
  const list = h('div', {id: 'deliveries'}, h('p', {class: 'muted'}, 'Loading…'));
  main.append(h('h1', {id: 'page-title'}, 'Deliveries'),
    h('div', {class: 'sub'}, 'Completion callbacks not delivered yet (retried with back-off) or given up on (dead). ' +
      'Acknowledging stops a session\'s pending ones and marks its dead ones seen.'),
    h('div', {class: 'actions'}, TABS.map(([value, label]) => h('button', {
      class: value === status ? '' : 'secondary', 'data-tab': value || 'ALL',
      onclick: () => { location.hash = '#/deliveries' + (value ? `?status=${value}` : ''); }}, label))),
    list);
  const refresh = async () => {
    try {
      const page = await api.deliveries({status, cursor: params.cursor});
      list.replaceChildren(rows(page, refresh), pager(status, page.nextCursor, params.cursor));
    } catch (e) {
      list.replaceChildren(h('p', {class: 'error-text'}, `Could not list deliveries: ${e.message}`));
    }
  };
  refresh();
  return poll(refresh, 10000);
}

function rows(page, refresh) {
  return table(['Session', 'Session status', 'Status', 'Kind', 'Target', {label: 'Attempts', num: true},
    'Next attempt', 'Last error', 'Created', ''],
  page.items.map(d => h('tr', {'data-delivery': d.id, 'data-session': d.sessionToken},
    h('td', {}, h('a', {href: `#/sessions/${d.sessionToken}`}, d.sessionName || d.sessionToken)),
    h('td', {}, badge(d.sessionStatus)),
    h('td', {}, badge(d.status)),
    h('td', {}, d.kind),
    h('td', {class: 'mono'}, d.target),
    h('td', {class: 'num'}, d.attempts),
    h('td', {}, time(d.nextAttemptAt)),
    h('td', {class: 'trouble'}, d.lastError || ''),
    h('td', {}, time(d.createdAt)),
    h('td', {}, ackButton(d, refresh)))),
  'No pending or dead deliveries.');
}

function pager(status, nextCursor, cursor) {
  const query = c => '#/deliveries?' + new URLSearchParams(Object.entries({status, cursor: c}).filter(([, v]) => v));
  return h('div', {class: 'pager'},
    h('button', {class: 'secondary', disabled: !cursor, onclick: () => { location.hash = query(null); }}, 'Newest'),
    h('button', {class: 'secondary', id: 'page-older', disabled: !nextCursor,
      onclick: () => { location.hash = query(nextCursor); }}, 'Older →'));
}
