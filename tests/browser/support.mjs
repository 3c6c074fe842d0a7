// Shared pieces of the browser tests: the real `ziggie --headless` on a free port, Debian's
// Chromium driven by playwright-core, and small bounded waits.

import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, mkdirSync, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { createServer as createHttpServer } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

let playwright;
try {
  playwright = await import('playwright-core');
} catch (error) {
  throw new Error(
    `playwright-core is not installed in ${here}/node_modules (${error.code ?? error.message}).\n` +
      `Run \`npm ci\` in tests/browser (from the source root: npm ci --prefix tests/browser).`,
  );
}

export const CHROMIUM = process.env.ZIGGIE_CHROMIUM || '/usr/bin/chromium';
export const ZIGGIE = process.env.ZIGGIE_BIN;

if (!ZIGGIE || !existsSync(ZIGGIE)) {
  throw new Error(`ZIGGIE_BIN must name the built ziggie binary (got ${ZIGGIE ?? 'nothing'}); ctest sets it.`);
}
if (!existsSync(CHROMIUM)) {
  throw new Error(`${CHROMIUM} not found: install Debian's chromium package (apt-get install chromium).`);
}

/** Headless Chromium from the system; playwright never downloads a browser here. */
export async function launchBrowser(extraArgs = []) {
  return playwright.chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', ...extraArgs],
  });
}

/**
 * Where screenshots go: $ZIGGIE_SCREENSHOT_DIR (a relative path is taken from the source
 * root, so `ZIGGIE_SCREENSHOT_DIR=docs/screenshots` refreshes the docs), else the build
 * directory ctest runs in.
 */
export function screenshotDir() {
  const chosen = process.env.ZIGGIE_SCREENSHOT_DIR;
  const dir = chosen
    ? path.resolve(here, '..', '..', chosen)
    : process.env.ZIGGIE_ARTIFACT_DIR || process.cwd();
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** A TCP port nothing listens on right now. */
export async function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts `ziggie --headless` with its own settings file and temp dir, and resolves once it
 * prints the URL it serves. `port` 0 lets it pick a free one.
 */
export async function startZiggie({ port = 0, interval = 0.5, token, home, args: extra = [], env = {} } = {}) {
  const dir = home ?? mkdtempSync(path.join(tmpdir(), 'ziggie-browser-'));
  const args = ['--headless', '--port', String(port), '--settings', path.join(dir, 'settings.ini'), '--interval', String(interval)];
  if (token) args.push('--token', token);
  args.push(...extra);
  const child = spawn(ZIGGIE, args, {
    env: { ...process.env, TMPDIR: dir, QT_QPA_PLATFORM: 'offscreen', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error(`ziggie printed no URL within 10 s:\n${output}`)), 10000);
    const onData = (chunk) => {
      output += chunk;
      const match = /http:\/\/127\.0\.0\.1:(\d+)\//.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[0]);
      }
    };
    const fail = (error) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(error);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk) => (output += chunk));
    exited.then(({ code, signal }) => fail(new Error(`ziggie exited (${code ?? signal}) before serving:\n${output}`)));
  });
  const actualPort = Number(new URL(url).port);
  return {
    url,
    port: actualPort,
    home: dir,
    output: () => output,
    /** SIGTERM, then SIGKILL if it is still running after 5 s; resolves when it is gone. */
    async stop({ keepHome = false } = {}) {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(timer);
      }
      if (!keepHome && !home) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Polls `check` every 50 ms until it returns something truthy, for at most `timeoutMs`. */
export async function until(check, timeoutMs, what) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    last = await check();
    if (last) return last;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

/** Records every WebSocket the page opens and the frames it receives. */
export function recordSockets(page) {
  const sockets = [];
  page.on('websocket', (ws) => {
    const entry = { url: ws.url(), frames: [], closed: false };
    sockets.push(entry);
    ws.on('framereceived', (frame) => {
      try {
        entry.frames.push(JSON.parse(frame.payload));
      } catch {
        entry.frames.push(frame.payload);
      }
    });
    ws.on('close', () => (entry.closed = true));
  });
  return sockets;
}

/** Collects uncaught page errors so a test can assert there were none. */
export function recordErrors(page) {
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}

/**
 * A second web server on loopback, standing in for a dashboard's own origin (a Vite dev
 * server, say). `handler(req, res)` answers every request; resolves to its origin and a close().
 */
export async function startPageServer(handler, host = '127.0.0.1') {
  const server = createHttpServer(handler);
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, resolve);
  });
  const { port } = server.address();
  return {
    port,
    origin: `http://${host}:${port}`,
    close: () => new Promise((resolve) => {
      server.closeAllConnections?.();
      server.close(() => resolve());
    }),
  };
}
