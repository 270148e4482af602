// The four operator actions, each behind a confirmation and doing exactly what its API call does.

import {api} from './api.js';
import {confirmAction, notice} from './confirm.js';
import {h} from './dom.js';

async function perform(confirmation, call, done) {
  const confirmed = await confirmAction(confirmation);
  if (!confirmed) return;
  try {
    const answer = await call(confirmed.data);
    notice(done(answer));
  } catch (e) {
    notice(`${confirmation.title} failed: ${e.message}`, true);
  }
}

export function replayButton(block, after) {
  return h('button', {class: 'small', 'data-action': 'replay', onclick: () => perform(
    {title: 'Replay block', action: 'Replay',
      message: `Block ${block.id} (${block.status}) goes back to STANDBY and runs again now, with a fresh retry budget. ` +
        'Blocks it skipped are re-armed.'},
    () => api.replay(block.token),
    b => { after(); return `Block ${b.id} replayed: now ${b.status}`; })}, 'Replay');
}

export function cancelBlockButton(block, after) {
  return h('button', {class: 'small danger', 'data-action': 'cancel-block', onclick: () => perform(
    {title: 'Cancel block', action: 'Cancel block',
      message: `Block ${block.id} is cancelled; if it runs, it is told to stop. CANCELLED is final: it cannot be replayed.`},
    () => api.cancelBlock(block.token),
    b => { after(); return `Block ${b.id} cancelled: now ${b.status}`; })}, 'Cancel');
}

export function runButton(session, after) {
  return h('button', {'data-action': 'run', onclick: () => perform(
    {title: 'Run session now', action: 'Run now',
      message: `Session ${session.name || session.token} (${session.executionTime}) starts now.`},
    () => api.run(session.token),
    s => { after(); return `Session started: now ${s.status}`; })}, 'Run now');
}

export function cancelSessionButton(session, after) {
  return h('button', {class: 'danger', 'data-action': 'cancel-session', onclick: () => perform(
    {title: 'Cancel session', action: 'Cancel session',
      message: `Session ${session.name || session.token} is cancelled: running blocks are told to stop, nothing else ` +
        'starts. CANCELLED is final.'},
    () => api.cancelSession(session.token),
    s => { after(); return `Session cancelled: now ${s.status}`; })}, 'Cancel session');
}

export function proceedButton(session, after) {
  return h('button', {'data-action': 'proceed', onclick: () => perform(
    {title: 'Proceed', action: 'Proceed', withData: true,
      message: `Session ${session.name || session.token} is paused after an interrupting block. The data below is ` +
        'merged into that block\'s result and the session continues.'},
    data => api.proceed(session.token, data),
    s => { after(); return `Session proceeded: now ${s.status}`; })}, 'Proceed…');
}

export function ackButton(delivery, after) {
  return h('button', {class: 'small secondary', 'data-action': 'ack', onclick: () => perform(
    {title: 'Acknowledge deliveries', action: 'Acknowledge',
      message: `Every pending delivery of session ${delivery.sessionName || delivery.sessionToken} stops being ` +
        'retried and its dead ones are marked seen.'},
    () => api.ack(delivery.sessionToken),
    d => { after(); return `${d.items.filter(i => i.status === 'ACKED').length} deliveries acknowledged`; })}, 'Ack');
}
