// Live updates. Session and block pages follow the session's server-sent events (the node's
// /v1/sessions/{token}/events stream) and redraw at most every 250 ms; pages that span many
// sessions poll, since a stream of every session's events would cost a busy node too much.

import {apiKey, authHeaders} from './key.js';
import {KeyedEventSource} from './stream.js';

const indicator = () => document.getElementById('connection');

function show(state, text) {
  const box = indicator();
  box.className = `connection ${state}`;
  box.textContent = text;
}

/** Follows a session's events; onEvent gets each one, refresh runs debounced. Returns a stop function. */
export function followSession(url, onEvent, refresh) {
  let timer = null;
  // EventSource cannot send a key: with one, the same stream is read through fetch.
  const source = apiKey() ? new KeyedEventSource(url, authHeaders()) : new EventSource(url);
  source.onopen = () => show('live', 'live');
  source.onerror = () => show('down', source.readyState === EventSource.CLOSED ? 'disconnected' : 'reconnecting…');
  const handle = message => {
    let event;
    try {
      event = JSON.parse(message.data);
    } catch {
      return;
    }
    show('live', 'live');
    if (onEvent(event) === false) return;
    clearTimeout(timer);
    timer = setTimeout(refresh, 250);
  };
  for (const type of ['session.snapshot', 'session.status', 'block.status', 'block.activity']) {
    source.addEventListener(type, handle);
  }
  return () => {
    clearTimeout(timer);
    source.close();
  };
}

/** Calls refresh every intervalMs while the page is shown. Returns a stop function. */
export function poll(refresh, intervalMs) {
  show('polling', `refreshing every ${intervalMs / 1000} s`);
  const id = setInterval(refresh, intervalMs);
  return () => clearInterval(id);
}
