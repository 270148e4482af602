// A session: status and actions, timings, output, the blocks as a graph and as a table; live.

import {api, ApiError} from '../api.js';
import {badge, facts, h, jsonBlock, table} from '../dom.js';
import {duration, time, trouble} from '../format.js';
import {followSession} from '../live.js';
import {graph, MAX_BLOCKS} from '../graph.js';
import {cancelBlockButton, cancelSessionButton, proceedButton, replayButton, runButton} from '../actions.js';

const FINISHED = ['SUCCESS', 'ERROR', 'BLOCKER', 'CANCELLED'];
const REPLAYABLE = ['ERROR', 'BLOCKER', 'TIMEOUT', 'SKIPPED'];
const CANCELLABLE = ['PREP', 'STANDBY', 'RUNNING'];

export function render(main, {token}) {
  const body = h('div', {id: 'session'}, h('p', {class: 'muted'}, 'Loading…'));
  main.append(body);
  const refresh = async () => {
    try {
      body.replaceChildren(...content(await api.session(token), refresh).filter(Boolean));
    } catch (e) {
      body.replaceChildren(h('h1', {id: 'page-title'}, 'Session'), h('p', {class: 'error-text'},
        e instanceof ApiError && e.status === 404 ? `No session ${token}.` : `Could not load the session: ${e.message}`));
    }
  };
  refresh();
  return followSession(api.eventsUrl(token), () => true, refresh);
}

function content(session, refresh) {
  const actions = [];
  if (!session.startedAt && session.status === 'STANDBY') actions.push(runButton(session, refresh));
  if (session.status === 'PAUSED') actions.push(proceedButton(session, refresh));
  if (!FINISHED.includes(session.status)) actions.push(cancelSessionButton(session, refresh));
  const open = block => { location.hash = `#/blocks/${block.token}`; };
  return [
    h('h1', {id: 'page-title'}, session.name || 'Session', h('span', {id: 'session-status'}, badge(session.status))),
    h('div', {class: 'sub mono'}, session.token),
    actions.length ? h('div', {class: 'actions'}, actions) : null,
    h('div', {class: 'two'},
      h('div', {class: 'panel'}, facts([
        ['Owner', session.owner || '—'],
        ['Mode', session.mode + (session.maxParallel ? ` (at most ${session.maxParallel} at once)` : '')],
        ['Execution', session.executionTime],
        ['Priority', session.priority],
        ['Created', time(session.createdAt)],
        ['Started', time(session.startedAt)],
        ['Finished', time(session.finishedAt)],
        ['Duration', duration(session.durationMs)],
        ['Callback', session.callback ? [session.callback.url, session.callback.address].filter(Boolean).join(', ') : null],
      ])),
      h('div', {class: 'panel'}, h('div', {class: 'muted'}, 'Output'), jsonBlock(session.output),
        session.metadata ? [h('div', {class: 'muted'}, 'Metadata'), jsonBlock(session.metadata)] : null)),
    h('h2', {}, `Blocks (${session.blocks.length})`),
    session.blocks.length <= MAX_BLOCKS ? h('div', {class: 'graph'}, graph(session, open))
      : h('p', {class: 'muted'}, `The graph is drawn for sessions of up to ${MAX_BLOCKS} blocks.`),
    h('div', {class: 'spacer'}),
    blocksTable(session.blocks, refresh),
  ];
}

function blocksTable(blocks, refresh) {
  return table(['#', 'Block', 'Status', 'Requires', {label: 'Attempts', num: true}, 'Started', 'Duration',
    'Error / reason', ''],
  blocks.map(b => h('tr', {'data-block': b.id},
    h('td', {class: 'num'}, b.seq),
    h('td', {}, h('a', {href: `#/blocks/${b.token}`}, b.id), b.name ? h('div', {class: 'muted'}, b.name) : null),
    h('td', {}, badge(b.status)),
    h('td', {}, (b.require || []).join(', ') || '—'),
    h('td', {class: 'num'}, b.attempts + (b.replayCount ? ` (${b.replayCount} replays)` : '')),
    h('td', {}, time(b.startedAt)),
    h('td', {}, duration(b.durationMs)),
    h('td', {}, h('span', {class: 'trouble'}, trouble(b))),
    h('td', {}, REPLAYABLE.includes(b.status) ? replayButton(b, refresh) : null,
      CANCELLABLE.includes(b.status) ? cancelBlockButton(b, refresh) : null))),
  'This session has no blocks.');
}
