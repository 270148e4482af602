// Sessions: newest first, filtered by status, owner and name, paged by the node (cursor).

import {api} from '../api.js';
import {badge, h, table} from '../dom.js';
import {time} from '../format.js';
import {poll} from '../live.js';

const STATUSES = ['', 'PREP', 'STANDBY', 'RUNNING', 'PAUSED', 'SUCCESS', 'ERROR', 'BLOCKER', 'CANCELLED'];
// Cursors of the pages before this one, per filter, so "Newer" can go back.
const history = new Map();

export function render(main, params) {
  const filter = {status: params.status || '', owner: params.owner || '', name: params.name || '',
    limit: params.limit || '25'};
  const key = JSON.stringify(filter);
  const before = history.get(key) || [];
  const list = h('div', {id: 'sessions'}, h('p', {class: 'muted'}, 'Loading…'));
  main.append(h('h1', {id: 'page-title'}, 'Sessions'), filters(filter), list);
  const refresh = async () => {
    try {
      const page = await api.sessions({...filter, cursor: params.cursor});
      list.replaceChildren(rows(page), pager(filter, params.cursor, page.nextCursor, before, key));
    } catch (e) {
      list.replaceChildren(h('p', {class: 'error-text', id: 'list-error'}, `Could not list sessions: ${e.message}`));
    }
  };
  refresh();
  return poll(refresh, 10000);
}

function go(params) {
  const search = new URLSearchParams(Object.entries(params).filter(([, v]) => v)).toString();
  location.hash = '#/sessions' + (search ? '?' + search : '');
}

function filters(filter) {
  const status = h('select', {name: 'status', id: 'filter-status'},
    STATUSES.map(st => h('option', {value: st, selected: st === filter.status}, st || 'any')));
  const owner = h('input', {name: 'owner', id: 'filter-owner', value: filter.owner, placeholder: 'any'});
  const name = h('input', {name: 'name', id: 'filter-name', value: filter.name, placeholder: 'exact name'});
  const limit = h('select', {name: 'limit', id: 'filter-limit'},
    pageSizes(filter.limit).map(n => h('option', {value: n, selected: n === filter.limit}, n)));
  return h('form', {class: 'filters', onsubmit: e => {
    e.preventDefault();
    go({status: status.value, owner: owner.value.trim(), name: name.value.trim(), limit: limit.value});
  }},
  h('label', {}, 'Status', status), h('label', {}, 'Owner', owner), h('label', {}, 'Name', name),
  h('label', {}, 'Per page', limit), h('button', {type: 'submit', id: 'filter-apply'}, 'Apply'),
  h('button', {type: 'button', class: 'secondary', onclick: () => go({})}, 'Clear'));
}

/** The usual page sizes, plus the one in the address when it is another. */
function pageSizes(current) {
  const sizes = ['10', '25', '50', '100', '200'];
  if (/^[0-9]+$/.test(current) && !sizes.includes(current)) sizes.push(current);
  return sizes.sort((a, b) => a - b);
}

function rows(page) {
  return table(['Session', 'Name', 'Status', {label: 'Blocks', num: true}, 'Owner', 'Created', 'Finished'],
    page.items.map(s => h('tr', {'data-token': s.token},
      h('td', {}, h('a', {href: `#/sessions/${s.token}`, class: 'mono'}, s.token)),
      h('td', {}, s.name || '—'),
      h('td', {}, badge(s.status)),
      h('td', {class: 'num'}, s.blockCount),
      h('td', {}, s.owner || '—'),
      h('td', {}, time(s.createdAt)),
      h('td', {}, time(s.finishedAt)))),
    'No sessions match.');
}

function pager(filter, cursor, nextCursor, before, key) {
  const newer = h('button', {class: 'secondary', id: 'page-newer', disabled: !cursor, onclick: () => {
    const previous = before.slice(0, -1);
    history.set(key, previous);
    go({...filter, cursor: before[before.length - 1]});
  }}, '← Newer');
  const older = h('button', {class: 'secondary', id: 'page-older', disabled: !nextCursor, onclick: () => {
    history.set(key, [...before, cursor || '']);
    go({...filter, cursor: nextCursor});
  }}, 'Older →');
  return h('div', {class: 'pager'}, newer, older,
    h('span', {class: 'muted'}, cursor ? `page ${before.length + 1}` : 'newest first'));
}
