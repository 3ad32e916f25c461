// What the dashboard's browser tests share: a temporary folder with the demo county (loaded by
// scripts/demo.sh, as a new user's first run), an SMTP sink for its reminders, `duban serve` on a
// free loopback port, and Debian's chromium driven by Playwright.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

// --name value pairs; each of `required` must be given (a path, made absolute).
export function args(required = ['duban', 'source', 'artifacts']) {
  const out = {};
  const a = process.argv.slice(2);
  for (let i = 0; i < a.length; i += 2) out[a[i].replace(/^--/, '')] = a[i + 1];
  for (const need of required) {
    if (!out[need]) throw new Error(`usage: node ${process.argv[1]} ${required.map((n) => `--${n} …`).join(' ')} (missing --${need})`);
  }
  for (const path of ['duban', 'source', 'artifacts']) if (out[path]) out[path] = resolve(out[path]);
  return out;
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

// Waits for a line of `child`'s output that matches `pattern`; its match.
export function waitFor(child, pattern, what, ms = 20000) {
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`${what}: not ready after ${ms} ms:\n${seen}`)), ms);
    const look = (chunk) => {
      seen += chunk;
      const m = seen.match(pattern);
      if (m) { clearTimeout(timer); resolve(m); }
    };
    child.stdout.on('data', look);
    child.stderr.on('data', look);
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`${what} exited (${code}):\n${seen}`)); });
  });
}

export async function startCounty({ duban, source }) {
  const dir = mkdtempSync(join(tmpdir(), 'duban-web-'));
  const smtp = await freePort();
  // The demo's configuration with absolute paths and this test's SMTP port.
  const demo = join(source, 'config', 'demo');
  const config = readFileSync(join(demo, 'duban.yaml'), 'utf8')
    .replace('units: units.yaml', `units: ${join(demo, 'units.yaml')}`)
    .replace('workflows: ../../workflows', `workflows: ${join(source, 'workflows')}`)
    .replace('calendar: ../calendar', `calendar: ${join(source, 'config', 'calendar')}`)
    .replace('scoring: ../scoring.yaml', `scoring: ${join(source, 'config', 'scoring.yaml')}`)
    .replace('plan: ../evaluation-plan.yaml', `plan: ${join(source, 'config', 'evaluation-plan.yaml')}`)
    .replace('port: 2525', `port: ${smtp}`);
  const configFile = join(dir, 'duban.yaml');
  writeFileSync(configFile, config);
  const sink = spawn('/usr/bin/python3', ['-m', 'aiosmtpd', '-n', '-c', 'aiosmtpd.handlers.Mailbox', join(dir, 'outbox'), '-l', `127.0.0.1:${smtp}`], { cwd: dir });
  const children = [sink];
  process.on('exit', () => { for (const c of children) if (c.exitCode === null) c.kill('SIGKILL'); });
  for (let i = 0; i < 100; i++) {  // the sink is listening once a connection succeeds
    const ok = await new Promise((resolve) => {
      const s = connect(smtp, '127.0.0.1');
      s.once('connect', () => { s.destroy(); resolve(true); });
      s.once('error', () => resolve(false));
    });
    if (ok) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  const env = { ...process.env, DUBAN: duban, DUBAN_LANG: 'en' };
  const load = spawnSync('bash', [join(source, 'scripts', 'demo.sh'), '--config', configFile], { cwd: dir, env, encoding: 'utf8' });
  if (load.status !== 0) throw new Error(`scripts/demo.sh failed:\n${load.stdout}\n${load.stderr}`);
  const server = spawn(duban, ['serve', '--listen', '127.0.0.1:0', '--config', configFile], { cwd: dir, env });
  children.push(server);
  const m = await waitFor(server, /dashboard: (http:\/\/127\.0\.0\.1:\d+\/ui\/)/, 'duban serve');
  return {
    dir, url: m[1], base: m[1].replace(/\/ui\/$/, ''), demoOutput: load.stdout,
    async stop() {
      server.kill('SIGTERM');
      sink.kill('SIGTERM');
      await new Promise((r) => (server.exitCode !== null ? r() : server.once('exit', r)));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
