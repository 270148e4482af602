// Overview: sessions by status, the last hour, queues, workers and deliveries; refreshed every 5 s.

import {api} from '../api.js';
import {h, s} from '../dom.js';
import {count, duration, percent} from '../format.js';
import {poll} from '../live.js';

const STATUSES = ['PREP', 'STANDBY', 'RUNNING', 'PAUSED', 'SUCCESS', 'ERROR', 'BLOCKER', 'CANCELLED'];

export function render(main) {
  const body = h('div', {id: 'overview'}, h('p', {class: 'muted'}, 'Loading…'));
  main.append(h('h1', {id: 'page-title'}, 'Overview'), body);
  const refresh = async () => {
    try {
      body.replaceChildren(...content(await api.overview()));
    } catch (e) {
      body.replaceChildren(h('p', {class: 'error-text'}, `Could not load the overview: ${e.message}`));
    }
  };
  refresh();
  return poll(refresh, 5000);
}

function tile(label, value, note, href, testId) {
  const children = [h('div', {class: 'label'}, label), h('div', {class: 'value', 'data-test': testId}, value),
    note ? h('div', {class: 'note'}, note) : null];
  return href ? h('a', {class: 'tile', href}, children) : h('div', {class: 'tile'}, children);
}

function content(view) {
  const {sessions, lastHour, queues, workers} = view;
  const scope = sessions.complete ? `all ${count(sessions.total)} sessions`
    : `newest ${count(sessions.window)} of about ${count(sessions.total)} sessions`;
  const oldest = queues.oldestDueBlock;
  const busyShare = workers.limit > 0 ? Math.min(1, workers.busy / workers.limit) : 0;
  const meter = h('span', {});
  meter.style.width = `${(busyShare * 100).toFixed(1)}%`;
  return [
    h('div', {class: 'sub'}, `Sessions by status (${scope})`),
    h('div', {class: 'grid'}, STATUSES.map(status => tile(status, count(sessions.byStatus[status] || 0), null,
      `#/sessions?status=${status}`, `count-${status}`))),
    h('h2', {}, 'Last hour'),
    h('div', {class: 'grid wide'},
      tile('Sessions finished', count(lastHour.finished),
        `${count(lastHour.succeeded)} succeeded · ${count(lastHour.failed)} failed · ${count(lastHour.cancelled)} cancelled`,
        null, 'finished'),
      tile('Failure rate', percent(lastHour.failureRate), 'ERROR and BLOCKER among sessions that ran to an end', null,
        'failure-rate'),
      tile('Blocks of those sessions', count(lastHour.blocksSucceeded + lastHour.blocksFailed),
        `${count(lastHour.blocksSucceeded)} succeeded · ${count(lastHour.blocksFailed)} did not · failure rate ` +
        percent(lastHour.blockFailureRate), null, 'blocks-finished')),
    h('div', {class: 'panel chart'}, chart(lastHour.perMinute, queues.at),
      h('div', {class: 'legend'}, 'Sessions finished per minute over the last 60 minutes (busiest minute: ' +
        `${busiest(lastHour.perMinute)}): succeeded green, failed red, cancelled grey`)),
    h('h2', {}, 'Now'),
    h('div', {class: 'grid wide'},
      h('div', {class: 'tile'}, h('div', {class: 'label'}, 'Workers on this node'),
        h('div', {class: 'value', 'data-test': 'workers'}, `${workers.busy} / ${workers.limit}`),
        h('div', {class: 'meter'}, meter), h('div', {class: 'note'}, 'runs executing / workers.concurrency')),
      tile('Blocks running', count(queues.runningBlocks, queues.countCap), 'on every node', null, 'running'),
      tile('Blocks due', count(queues.dueBlocks, queues.countCap),
        `released and waiting for a worker · ${count(queues.scheduledBlocks, queues.countCap)} scheduled later`, null, 'due'),
      tile('Oldest waiting block', oldest ? duration(oldest.waitingMs) : 'none',
        oldest ? `block ${oldest.id}, due since ${new Date(oldest.dueSince).toLocaleTimeString()}` : 'no block is waiting',
        oldest ? `#/blocks/${oldest.token}` : null, 'oldest'),
      tile('Deliveries', `${count(queues.pendingDeliveries, queues.countCap)} pending`,
        `${count(queues.deadDeliveries, queues.countCap)} dead`, '#/deliveries', 'deliveries')),
  ];
}

function busiest(perMinute) {
  return Math.max(0, ...perMinute.map(m => m.succeeded + m.failed + m.cancelled));
}

/** 60 one-minute columns ending at the database's now: stacked succeeded, failed, cancelled. */
function chart(perMinute, at) {
  const width = 600;
  const height = 120;
  const end = Math.floor(new Date(at).getTime() / 60000);
  const buckets = new Map(perMinute.map(m => [Math.floor(new Date(m.minute).getTime() / 60000), m]));
  const max = Math.max(1, ...perMinute.map(m => m.succeeded + m.failed + m.cancelled));
  const slot = width / 60;
  const bars = [];
  for (let i = 0; i < 60; i++) {
    const minute = buckets.get(end - 59 + i);
    if (!minute) continue;
    let y = height;
    for (const [value, color] of [[minute.succeeded, '#1f8a4c'], [minute.failed, '#c4332b'], [minute.cancelled, '#9aa3b2']]) {
      if (value === 0) continue;
      const barHeight = Math.max(1, (value / max) * (height - 14));
      y -= barHeight;
      bars.push(s('rect', {x: i * slot + 1, y, width: slot - 2, height: barHeight, fill: color},
        s('title', {}, `${new Date(minute.minute).toLocaleTimeString()}: ${minute.succeeded} succeeded, ` +
          `${minute.failed} failed, ${minute.cancelled} cancelled`)));
    }
  }
  return s('svg', {viewBox: `0 0 ${width} ${height}`, preserveAspectRatio: 'none', role: 'img',
    'aria-label': 'sessions finished per minute'},
    s('line', {x1: 0, y1: height - 0.5, x2: width, y2: height - 0.5, stroke: '#d0d5dd'}),
    bars);
}
