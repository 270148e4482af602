// Server-sent events read through fetch, for calls that need an Authorization header (which
// EventSource cannot send). The same surface as EventSource where live.js uses it: onopen,
// onerror, readyState, addEventListener(type), close(); it reconnects 2 s after the stream ends.

export class KeyedEventSource {
  constructor(url, headers) {
    this.url = url;
    this.headers = headers;
    this.listeners = {};
    this.readyState = 0;
    this.onopen = null;
    this.onerror = null;
    this.closed = false;
    this.connect();
  }

  addEventListener(type, listener) {
    (this.listeners[type] ||= []).push(listener);
  }

  close() {
    this.closed = true;
    this.readyState = 2;
    if (this.controller) this.controller.abort();
  }

  async connect() {
    this.controller = new AbortController();
    try {
      const response = await fetch(this.url, {headers: {Accept: 'text/event-stream', ...this.headers},
        signal: this.controller.signal});
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      this.readyState = 1;
      if (this.onopen) this.onopen();
      await this.read(response.body.getReader());
    } catch (e) {
      if (this.closed) return;
    }
    if (this.closed) return;
    this.readyState = 0;
    if (this.onerror) this.onerror();
    setTimeout(() => this.closed || this.connect(), 2000);
  }

  async read(reader) {
    const decoder = new TextDecoder();
    let buffer = '';
    for (;;) {
      const {value, done} = await reader.read();
      if (done) return;
      buffer += decoder.decode(value, {stream: true});
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        this.dispatch(buffer.slice(0, end));
        buffer = buffer.slice(end + 2);
      }
    }
  }

  /** One event block: "event: type" and "data: …" lines; comment lines (": keep-alive") are skipped. */
  dispatch(block) {
    let type = 'message';
    const data = [];
    for (const line of block.split('\n')) {
      if (line.startsWith('event:')) type = line.slice(6).trim();
      else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
    }
    if (data.length === 0) return;
    for (const listener of this.listeners[type] || []) listener({data: data.join('\n')});
  }
}
