// Runs a recorder in a network and mount namespace of its own (util-linux `unshare`, as root):
// its own loopback interface, so several recorders (one per browser) can use the harness's fixed
// ports at once, and its own /etc/hosts (a bind mount visible only inside), which maps every host
// name the scenarios use to 127.0.0.1. WebKitGTK has no host-resolver switch, so this is how its
// requests to *.corsim.test reach the server, with nothing changed on the system.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { OUT_DIR } from './server.mjs';
import { NULL_PAGE_ORIGIN, hopURLs } from './lib.mjs';

/** True inside the namespace this module made. */
export function isolated() {
  return process.env.CORSIM_NETNS === '1';
}

/** Every host name (not IP literal) a set of scenarios reaches: origins, hops, the null page. */
export function hostNames(scenarios) {
  const names = new Set([new URL(NULL_PAGE_ORIGIN).hostname]);
  const add = (u) => {
    try {
      const h = new URL(u).hostname;
      if (h && !net.isIP(h.replace(/^\[|\]$/g, '')) && h !== 'localhost') names.add(h);
    } catch { /* not a URL */ }
  };
  for (const s of scenarios) {
    if (s.origin !== 'null') add(s.origin);
    for (const h of hopURLs(s)) add(h);
  }
  return [...names].sort();
}

/** The namespace's /etc/hosts: the system's, then every scenario host name on 127.0.0.1. */
export function hostsFile(scenarios) {
  const system = fs.existsSync('/etc/hosts') ? fs.readFileSync('/etc/hosts', 'utf8') : '127.0.0.1 localhost\n';
  const lines = hostNames(scenarios).map((h) => `127.0.0.1 ${h}`);
  return `${system.replace(/\n?$/, '\n')}# corsim differential harness (this namespace only)\n${lines.join('\n')}\n`;
}

/**
 * Runs `node ARGS` again inside a new network + mount namespace with lo up and the hosts file
 * bound over /etc/hosts; resolves with its exit code.
 */
export async function reexecIsolated(args, scenarios) {
  fs.mkdirSync(OUT_DIR, { recursive: true });
  const hosts = path.join(OUT_DIR, `hosts-${process.pid}`);
  fs.writeFileSync(hosts, hostsFile(scenarios));
  // The extra address: glibc's getaddrinfo with AI_ADDRCONFIG (GLib's resolver, so WebKit) returns
  // no IPv4 address at all on a host whose only IPv4 address is 127.0.0.1.
  const script = 'ip link set lo up && ip addr add 10.254.254.254/32 dev lo && mount --bind "$1" /etc/hosts && shift && exec "$@"';
  const child = spawn('unshare', ['--net', '--mount', '--fork', '--', '/bin/sh', '-c', script, 'sh', hosts, process.execPath, ...args],
    { stdio: 'inherit', env: { ...process.env, CORSIM_NETNS: '1' } });
  const forward = (sig) => child.kill(sig);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  const code = await new Promise((resolve) => {
    child.once('error', (e) => { console.error(`cannot start unshare (needs root and util-linux): ${e.message}`); resolve(1); });
    child.once('exit', (c, sig) => resolve(c ?? (sig ? 1 : 0)));
  });
  fs.rmSync(hosts, { force: true });
  return code;
}
