// A block: status and actions, rules, params, result or error, command output, runs and activity; live.

import {api, ApiError} from '../api.js';
import {badge, facts, h, jsonBlock, table} from '../dom.js';
import {clock, duration, time} from '../format.js';
import {followSession} from '../live.js';
import {cancelBlockButton, replayButton} from '../actions.js';

const REPLAYABLE = ['ERROR', 'BLOCKER', 'TIMEOUT', 'SKIPPED'];
const CANCELLABLE = ['PREP', 'STANDBY', 'RUNNING'];

export function render(main, {token}) {
  const body = h('div', {id: 'block'}, h('p', {class: 'muted'}, 'Loading…'));
  main.append(body);
  let stop = () => {};
  let following = false;
  const refresh = async () => {
    try {
      const block = await api.block(token);
      body.replaceChildren(...content(block, refresh).filter(Boolean));
      if (!following) { // the block's session's stream: this block's events redraw the page
        following = true;
        stop = followSession(api.eventsUrl(block.sessionToken),
          event => event.type === 'session.snapshot' || event.blockToken === token, refresh);
      }
    } catch (e) {
      body.replaceChildren(h('h1', {id: 'page-title'}, 'Block'), h('p', {class: 'error-text'},
        e instanceof ApiError && e.status === 404 ? `No block ${token}.` : `Could not load the block: ${e.message}`));
    }
  };
  refresh();
  return () => stop();
}

function content(block, refresh) {
  const actions = [];
  if (REPLAYABLE.includes(block.status)) actions.push(replayButton(block, refresh));
  if (CANCELLABLE.includes(block.status)) actions.push(cancelBlockButton(block, refresh));
  return [
    h('h1', {id: 'page-title'}, `Block ${block.id}`, h('span', {id: 'block-status'}, badge(block.status))),
    h('div', {class: 'sub'}, h('span', {class: 'mono'}, block.token), ' · session ',
      h('a', {href: `#/sessions/${block.sessionToken}`, class: 'mono', id: 'session-link'}, block.sessionToken)),
    actions.length ? h('div', {class: 'actions'}, actions) : null,
    h('div', {class: 'two'},
      h('div', {class: 'panel'}, facts([
        ['Name', block.name],
        ['Handler', h('code', {}, JSON.stringify(block.handler))],
        ['Requires', (block.require || []).join(', ') || '—'],
        ['Rules', rules(block)],
        ['Attempts', `${block.attempts} since the last replay · replayed ${block.replayCount} times`],
        ['Next run', block.nextRunAt ? time(block.nextRunAt) : null],
        ['Started', time(block.startedAt)],
        ['Finished', time(block.finishedAt)],
        ['Duration', duration(block.durationMs)],
        ['Reason', block.reason],
      ])),
      h('div', {class: 'panel'},
        block.error ? [h('div', {class: 'muted'}, 'Error'), h('div', {id: 'block-error'}, jsonBlock(block.error))] : null,
        h('div', {class: 'muted'}, 'Result'), h('div', {id: 'block-result'}, jsonBlock(block.result)))),
    h('div', {class: 'two'},
      h('div', {}, h('h2', {}, 'Params'), jsonBlock(block.params)),
      h('div', {}, h('h2', {}, 'Dataset'), jsonBlock(block.dataset))),
    output(block),
    h('h2', {}, `Runs (${(block.runs || []).length})`),
    table(['Attempt', 'Item', 'Status', 'Started', 'Finished', 'Duration', 'Error'],
      (block.runs || []).map(r => h('tr', {},
        h('td', {}, r.attempt), h('td', {}, r.item ?? '—'), h('td', {}, badge(r.status)),
        h('td', {}, time(r.startedAt)), h('td', {}, time(r.finishedAt)),
        h('td', {}, duration(new Date(r.finishedAt) - new Date(r.startedAt))),
        h('td', {class: 'trouble'}, r.error ? `${r.error.code || 'ERROR'}: ${r.error.message || ''}` : ''))),
      'No runs yet.'),
    h('h2', {}, 'Activity'),
    h('div', {class: 'activity', id: 'activity'}, (block.activity || []).length === 0
      ? h('div', {class: 'muted'}, 'No activity yet.')
      : block.activity.map(line => h('div', {class: line.level},
        h('span', {class: 'at'}, clock(line.at)), h('span', {class: 'lvl'}, line.level), line.line))),
  ];
}

function rules(block) {
  const parts = [`priority ${block.priority}`, `timeout ${duration(block.timeoutMs)}`];
  if (block.delayMs > 0) parts.push(`delay ${duration(block.delayMs)}`);
  if (block.blocker) parts.push('blocker');
  if (block.replayable) parts.push('replayable');
  if (block.interrupt) parts.push('interrupt');
  return parts.join(' · ');
}

/**
 * A command block's output tail: the block's `output` (stream name → tail, or a tail text) when
 * the node has it, else the tails a command's result carries. Nothing for other handlers.
 */
function output(block) {
  const streams = [];
  if (block.output && typeof block.output === 'object') {
    for (const [name, value] of Object.entries(block.output)) {
      const text = typeof value === 'string' ? value : value && (value.tail ?? value.text);
      if (typeof text === 'string') {
        const note = value && value.truncated ? ' (truncated)' : '';
        streams.push([name + note, text]);
      }
    }
  } else if (typeof block.output === 'string') {
    streams.push(['output', block.output]);
  }
  if (streams.length === 0 && block.result) {
    for (const name of ['stdoutTail', 'stderrTail']) {
      if (typeof block.result[name] === 'string') streams.push([name, block.result[name]]);
    }
  }
  if (streams.length === 0) return null;
  return h('div', {id: 'block-output'}, h('h2', {}, 'Command output (tail)'),
    streams.map(([name, text]) => [h('div', {class: 'muted'}, name), h('pre', {}, text || '(empty)')]));
}
