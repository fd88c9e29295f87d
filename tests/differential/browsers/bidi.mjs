// A minimal WebDriver BiDi client (https://w3c.github.io/webdriver-bidi/) over one WebSocket:
// commands are {id, method, params} and answered by id; events are {type: "event", method, params}.
// Node 20 has no global WebSocket, so the `ws` package (tests/package.json) carries it.
import WebSocket from 'ws';

export class BidiConnection {
  /** Opens `url` (e.g. ws://127.0.0.1:PORT/session). */
  static async open(url) {
    const ws = new WebSocket(url, { perMessageDeflate: false });
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    return new BidiConnection(ws);
  }

  constructor(ws) {
    this.ws = ws;
    this.nextId = 1;
    this.pending = new Map();
    this.listeners = new Map(); // method -> [fn]
    this.closed = false;
    ws.on('message', (data) => this._onMessage(data));
    ws.on('close', () => {
      this.closed = true;
      for (const { reject } of this.pending.values()) reject(new Error('BiDi connection closed'));
      this.pending.clear();
    });
    ws.on('error', () => {});
  }

  _onMessage(data) {
    let msg;
    try {
      msg = JSON.parse(String(data));
    } catch {
      return;
    }
    if (msg.type === 'event') {
      for (const fn of this.listeners.get(msg.method) || []) fn(msg.params);
      return;
    }
    const p = this.pending.get(msg.id);
    if (!p) return;
    this.pending.delete(msg.id);
    if (msg.type === 'error') p.reject(new Error(`${p.method}: ${msg.error}: ${msg.message}`));
    else p.resolve(msg.result);
  }

  /** Sends a command; resolves with its result, rejects with the BiDi error. */
  send(method, params = {}) {
    if (this.closed) return Promise.reject(new Error('BiDi connection closed'));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, method });
      this.ws.send(JSON.stringify({ id, method, params }));
    });
  }

  on(method, fn) {
    if (!this.listeners.has(method)) this.listeners.set(method, []);
    this.listeners.get(method).push(fn);
  }

  close() {
    this.ws.close();
  }
}
