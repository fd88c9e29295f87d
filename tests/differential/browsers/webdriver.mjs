// A minimal W3C WebDriver (classic) client over HTTP: the commands the WebKit driver needs.
import http from 'node:http';

export class WebDriverClient {
  constructor(port, host = '127.0.0.1') {
    this.port = port;
    this.host = host;
    this.session = null;
  }

  /** Sends one command; resolves with `value`, rejects with the WebDriver error and message. */
  request(method, path, body) {
    const data = body === undefined ? null : Buffer.from(JSON.stringify(body));
    return new Promise((resolve, reject) => {
      const req = http.request({
        host: this.host, port: this.port, method, path, agent: false,
        headers: data ? { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': data.length } : {},
      }, (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          let v;
          try {
            v = JSON.parse(Buffer.concat(chunks).toString('utf8'));
          } catch {
            return reject(new Error(`${method} ${path}: HTTP ${res.statusCode}, not JSON`));
          }
          const value = v && 'value' in v ? v.value : v;
          if (res.statusCode >= 400 || (value && value.error)) {
            return reject(new Error(`${method} ${path}: ${value && value.error}: ${value && value.message}`));
          }
          resolve(value);
        });
      });
      req.on('error', reject);
      if (data) req.write(data);
      req.end();
    });
  }

  async newSession(capabilities) {
    const v = await this.request('POST', '/session', { capabilities });
    this.session = v.sessionId;
    this.capabilities = v.capabilities;
    return v;
  }

  cmd(method, path, body) {
    return this.request(method, `/session/${this.session}${path}`, body);
  }

  async deleteSession() {
    if (!this.session) return;
    const id = this.session;
    this.session = null;
    await this.request('DELETE', `/session/${id}`).catch(() => {});
  }
}
