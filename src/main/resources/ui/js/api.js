// The dashboard's only way to the node: the public /v1 API. A problem+json answer becomes an
// Error whose message is the problem's detail (with every invalid field), shown as it is. A 401
// (auth.enabled and no key, or a revoked one) asks for a key and tries once more with it.

import {askForKey, authHeaders} from './key.js';

export class ApiError extends Error {
  constructor(status, detail) {
    super(detail);
    this.status = status;
  }
}

async function call(method, path, body, retried = false) {
  const init = {method, headers: {Accept: 'application/json', ...authHeaders()}};
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch (e) {
    throw new ApiError(0, `the node does not answer (${e.message})`);
  }
  const text = await response.text();
  const json = text ? safeParse(text) : null;
  if (response.status === 401 && !retried) {
    await askForKey((json && json.detail) || 'This node asks for an API key.');
    return call(method, path, body, true);
  }
  if (!response.ok) {
    let detail = (json && json.detail) || `HTTP ${response.status}`;
    if (json && Array.isArray(json.errors) && json.errors.length > 1) {
      detail += ': ' + json.errors.map(e => `${e.field} ${e.message}`).join('; ');
    }
    throw new ApiError(response.status, detail);
  }
  return json;
}

function safeParse(text) {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

export function query(params) {
  const entries = Object.entries(params).filter(([, v]) => v !== null && v !== undefined && v !== '');
  return entries.length === 0 ? '' : '?' + new URLSearchParams(entries).toString();
}

export const api = {
  overview: () => call('GET', '/v1/overview'),
  sessions: params => call('GET', '/v1/sessions' + query(params)),
  session: token => call('GET', `/v1/sessions/${encodeURIComponent(token)}`),
  block: token => call('GET', `/v1/blocks/${encodeURIComponent(token)}?full=true`),
  deliveries: params => call('GET', '/v1/deliveries' + query(params)),
  run: token => call('POST', `/v1/sessions/${encodeURIComponent(token)}/run`),
  cancelSession: token => call('POST', `/v1/sessions/${encodeURIComponent(token)}/cancel`),
  proceed: (token, data) => call('POST', `/v1/sessions/${encodeURIComponent(token)}/proceed`, {data}),
  replay: token => call('POST', `/v1/blocks/${encodeURIComponent(token)}/replay`),
  cancelBlock: token => call('POST', `/v1/blocks/${encodeURIComponent(token)}/cancel`),
  ack: token => call('POST', `/v1/sessions/${encodeURIComponent(token)}/deliveries/ack`),
  eventsUrl: token => `/v1/sessions/${encodeURIComponent(token)}/events`,
};
