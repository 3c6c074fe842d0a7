// Ziggie browser client: one WebSocket to a Ziggie server, kept alive with exponential
// backoff, plus the last 30 points of every metric so a chart can be drawn at once.
// Served by the app at /ziggie-client.js; the dashboard at / is built on it, and any other
// page (a React app on a Vite dev server, say) can import it from there.

/** Metrics carried by `system_stats`, and the percentage each chart follows. */
export const METRICS = Object.freeze({
  cpu: (s) => s?.cpu?.usage,
  memory: (s) => s?.memory?.percent,
  disk: (s) => s?.disk?.percent,
});

/** Backoff of the real thing: 1 s doubling, capped at 30 s, giving up after 10 retries. */
export const DEFAULT_BACKOFF = Object.freeze({ initialMs: 1000, maxMs: 30000, attempts: 10 });

/** Where a server listens when the page gives no hint (file:// pages, scripts). */
export const DEFAULT_ORIGIN = 'ws://127.0.0.1:54112';

const ENDPOINT_PATHS = ['', '/', '/ws', '/api/system/ws'];

/** A range of stored history as the server takes it: seconds, or a number with s, m, h or d. */
export function isRange(value) {
  return (typeof value === 'number' && value > 0) || (typeof value === 'string' && /^\d+(\.\d+)?[smhd]?$/.test(value));
}

/** How long to wait for a history_range answer on the socket before asking over REST instead. */
const RANGE_TIMEOUT_MS = 10000;

/**
 * The token a page knows of, in order: the explicit option, the page's URL fragment
 * (`#token=…`, which browsers never send to a server), then `localStorage['auth_token']`
 * (where existing dashboards keep it). Pass `token: ''` or `false` to force the public stream.
 *
 * @param {string|false|null|undefined} explicit
 * @param {{location?: Location, storage?: Storage}} [env]
 * @returns {string|null}
 */
export function findToken(explicit, env = {}) {
  if (explicit === false || explicit === '') return null;
  if (typeof explicit === 'string') return explicit;
  const location = env.location ?? globalThis.location;
  const hash = location?.hash ?? '';
  for (const part of hash.replace(/^#/, '').split('&')) {
    // Not URLSearchParams: it would turn a '+' of a base64 token into a space.
    if (!part.startsWith('token=')) continue;
    const fromHash = safeDecode(part.slice('token='.length));
    if (fromHash) return fromHash;
  }
  try {
    const storage = env.storage ?? globalThis.localStorage;
    const stored = storage?.getItem('auth_token');
    if (stored) return stored;
  } catch {
    // Storage can throw (privacy modes, sandboxed frames): no token then.
  }
  return null;
}

/**
 * Decides which WebSocket URL to open.
 *
 * - `url` given (what `import.meta.env.VITE_WS_URL` is for): ws://, wss://, http:// or https://.
 *   When it names only a server (no path) or one of its two stream paths, the stream is chosen
 *   by the token: `/api/system/ws?token=…` with one, `/ws` without. Any other path (a reverse
 *   proxy, say) is used as it is, with `token` added to its query when a token is known.
 * - no `url`: the page's own origin (ws: for http: pages, wss: for https:), or
 *   `ws://127.0.0.1:54112` when the page has no http(s) origin.
 *
 * @param {{url?: string, token?: string|false|null}} [options]
 * @param {{location?: Location, storage?: Storage}} [env]
 * @returns {{url: string, authenticated: boolean, httpOrigin: string}}
 */
export function resolveEndpoint(options = {}, env = {}) {
  const location = env.location ?? globalThis.location;
  const token = findToken(options.token, env);
  let base;
  if (options.url) {
    base = new URL(String(options.url), location?.href);
  } else if (location && /^https?:$/.test(location.protocol)) {
    base = new URL(location.origin);
  } else {
    base = new URL(DEFAULT_ORIGIN);
  }
  if (base.protocol === 'http:') base.protocol = 'ws:';
  if (base.protocol === 'https:') base.protocol = 'wss:';
  if (base.protocol !== 'ws:' && base.protocol !== 'wss:') {
    throw new TypeError(`ziggie: cannot open a WebSocket to ${options.url}`);
  }

  const target = new URL(base.href);
  const choosesStream = ENDPOINT_PATHS.includes(base.pathname);
  if (choosesStream) {
    target.pathname = token ? '/api/system/ws' : '/ws';
    target.search = '';
  }
  if (token && !target.searchParams.has('token')) target.searchParams.set('token', token);
  target.hash = '';
  const authenticated = choosesStream ? Boolean(token) : target.searchParams.has('token');
  const httpOrigin = `${base.protocol === 'wss:' ? 'https:' : 'http:'}//${base.host}`;
  return { url: target.href, authenticated, httpOrigin };
}

const CLOSE_REASONS = {
  1000: 'the server closed the connection',
  1001: 'the server is shutting down',
  1006: 'the connection was lost',
  1008: 'the server refused this client (policy)',
  1009: 'a message was too big',
  1011: 'the server hit an internal error',
  1013: 'the server is busy, try again later',
};

/**
 * A live connection to a Ziggie server.
 *
 * Events (each a `CustomEvent`; `event.detail` shown):
 * - `state`        → {@link ZiggieClient#status} snapshot, on every change of state, reason or retry time
 * - `history`      → the `history` message; {@link ZiggieClient#history} is already reseeded
 * - `system_stats` → the `system_stats` message; the per-metric history already holds it
 * - `message`      → any message from the server (`pong`, `error`, …)
 *
 * Backoff: after a connection fails or drops, retry `attempts` times, waiting `initialMs`
 * and doubling up to `maxMs` each time; then give up (`status.gaveUp`) until `reconnect()`.
 * The counter starts again once a connection delivers its first message.
 *
 * A wrong token: a browser is never shown the server's HTTP 401 — a refused handshake looks
 * exactly like a dead server (close code 1006, no `open`). So when a connection to the
 * authenticated stream closes without ever opening, the client asks the same server for
 * `/health` over plain HTTP (a `no-cors` request: it succeeds whenever the server answers at
 * all). If the server answers, the handshake was refused rather than unreachable. The client
 * retries once to rule out a server that was just restarting; the second refusal in a row
 * while HTTP answers ends the retries with `status.reason === 'unauthorized'`. It does not keep
 * trying, because the server also blocks an address for 5 minutes after 5 failed tokens (429),
 * which is indistinguishable in a browser and covered by the same message. On the public stream
 * the same evidence is reported as `reason === 'refused'` (origin not allowed, server full) and
 * retried with the normal backoff.
 */
export class ZiggieClient extends EventTarget {
  /**
   * @param {object} [options]
   * @param {string} [options.url] server or stream URL; default: the page's origin
   * @param {string|false} [options.token] default: `#token=` in the page URL, then `localStorage.auth_token`
   * @param {{initialMs?: number, maxMs?: number, attempts?: number}} [options.backoff]
   * @param {string[]} [options.metrics] subscribe to these metrics only (`cpu`, `memory`, `disk`)
   * @param {number} [options.historySize] points kept per metric (30)
   * @param {boolean} [options.autoConnect] connect in the constructor (true)
   * @param {typeof WebSocket} [options.WebSocket] for tests and non-browser hosts
   * @param {typeof fetch} [options.fetch] for tests and non-browser hosts
   */
  constructor(options = {}) {
    super();
    this._options = { ...options };
    this._backoff = { ...DEFAULT_BACKOFF, ...(options.backoff ?? {}) };
    this._historySize = Math.max(1, options.historySize ?? 30);
    this._WebSocket = options.WebSocket ?? globalThis.WebSocket;
    this._fetch = options.fetch ?? globalThis.fetch?.bind(globalThis);
    this._metrics = options.metrics ? [...options.metrics] : null;
    this._endpoint = resolveEndpoint(this._options);
    this._history = Object.fromEntries(Object.keys(METRICS).map((m) => [m, []]));
    this._socket = null;
    this._timer = null;
    this._watchdog = null;
    this._generation = 0;
    this._refusedInRow = 0;
    this._requests = 0;
    this._pending = new Map(); // request id -> its resolver
    this._status = {
      state: 'disconnected',
      url: maskToken(this._endpoint.url),
      authenticated: this._endpoint.authenticated,
      attempt: 0,
      maxAttempts: this._backoff.attempts,
      nextRetryAt: null,
      gaveUp: false,
      reason: null,
      message: null,
      closeCode: null,
      connectedAt: null,
      lastMessageAt: null,
    };
    this.latest = null;
    this.intervalS = null;
    if (options.autoConnect !== false) this.connect();
  }

  /** `connecting`, `connected` or `disconnected`. */
  get state() {
    return this._status.state;
  }

  /**
   * A copy of the connection status: `state`, `url` (token masked), `authenticated`,
   * `attempt` (retries made since the last good connection) of `maxAttempts`,
   * `nextRetryAt` (epoch ms or null), `gaveUp`, `reason` (`closed`, `unreachable`,
   * `refused`, `unauthorized`, `stalled`, `manual` or null), `message` (human-readable),
   * `closeCode`, `connectedAt`, `lastMessageAt`.
   */
  get status() {
    return { ...this._status };
  }

  /**
   * `history('cpu')`: points of one metric, oldest first: `[{t: epochMs, value: percent}]`, at
   * most `historySize`, seeded from the server's `history` message on every (re)connect.
   *
   * `history('24h', {end, points})`: a Promise of the server's stored history for that range
   * (`90` seconds, `15m`, `1h`, `24h`, `7d`, `30d`, `365d`), the `history_range` message with
   * min/avg/max per point. Asked over the socket when it is open, else over REST; rejects with
   * the server's message for a range it refuses.
   * @param {string|number} metricOrRange
   * @param {{end?: string|Date, points?: number}} [options]
   */
  history(metricOrRange, options = {}) {
    if (!(metricOrRange in METRICS) && isRange(metricOrRange)) return this._historyRange(String(metricOrRange), options);
    return (this._history[metricOrRange] ?? []).map((p) => ({ ...p }));
  }

  async _historyRange(range, { end, points } = {}) {
    const request = { type: 'history', range };
    if (end) request.end = end instanceof Date ? end.toISOString() : String(end);
    if (points) request.points = points;
    if (this._socket?.readyState === 1) {
      const answer = await this._ask(request);
      if (answer) return answer;
    }
    const query = new URLSearchParams({ range });
    if (request.end) query.set('end', request.end);
    if (points) query.set('points', String(points));
    const token = findToken(this._options.token);
    const response = await this._fetch(`${this._endpoint.httpOrigin}/api/system/history?${query}`, {
      cache: 'no-store',
      headers: token ? { Authorization: `Bearer ${token}` } : {},
    });
    const body = await response.json();
    if (!response.ok) throw new Error(body.message ?? `the server answered ${response.status}`);
    return body;
  }

  // One request on the socket, answered by the reply carrying the same id; null on a timeout or
  // a lost connection (the caller asks over REST then).
  _ask(request) {
    const id = `h${++this._requests}`;
    return new Promise((resolve, reject) => {
      const done = (value, error) => {
        clearTimeout(timer);
        this._pending.delete(id);
        if (error) reject(error);
        else resolve(value);
      };
      const timer = setTimeout(() => done(null), RANGE_TIMEOUT_MS);
      this._pending.set(id, done);
      if (!this.send({ ...request, id })) done(null);
    });
  }

  /** Opens the connection unless one is open or opening. */
  connect() {
    if (this._socket) return;
    this._clearTimer();
    this._open();
  }

  /**
   * Drops any connection or pending retry and connects now with a fresh retry budget. Like
   * every attempt, it looks the URL and token up again, so a token stored after a login (or a
   * corrected `#token=` or `localStorage['auth_token']`) takes effect.
   */
  reconnect() {
    this._refusedInRow = 0;
    this._teardown();
    this._update({ attempt: 0, gaveUp: false, nextRetryAt: null });
    this._open();
  }

  /**
   * Asks for only these metrics in later `system_stats` messages; remembered and sent
   * again after every reconnect. `subscribe(null)` goes back to everything on the next connect.
   * @param {string[]|null} metrics
   */
  subscribe(metrics) {
    this._metrics = metrics ? [...metrics] : null;
    if (this._metrics) this.send({ type: 'subscribe', metrics: this._metrics });
  }

  /** Sends `{"type":"ping"}`; the answer arrives as a `message` event of type `pong`. */
  ping() {
    return this.send({ type: 'ping' });
  }

  /** Sends one JSON message; false when not connected. */
  send(message) {
    if (this._socket?.readyState !== 1) return false;
    this._socket.send(JSON.stringify(message));
    return true;
  }

  /** Closes for good (no retries) until `connect()` or `reconnect()`. */
  close() {
    this._teardown();
    this._update({ state: 'disconnected', reason: 'manual', message: 'Closed', nextRetryAt: null });
  }

  /**
   * Adds a listener and returns the function that removes it (handy in React effects).
   * @param {'state'|'history'|'system_stats'|'message'} type
   * @param {(detail: any) => void} fn receives `event.detail`
   */
  on(type, fn) {
    const listener = (event) => fn(event.detail);
    this.addEventListener(type, listener);
    return () => this.removeEventListener(type, listener);
  }

  // The token is looked up before every attempt, automatic retries included, as the old
  // dashboards' hook did: a token a login stores while the client waits is used next time.
  _lookUp() {
    const endpoint = resolveEndpoint(this._options);
    if (endpoint.url !== this._endpoint.url) this._refusedInRow = 0; // a new token gets its own two tries
    this._endpoint = endpoint;
    this._update({ url: maskToken(endpoint.url), authenticated: endpoint.authenticated });
  }

  _open() {
    const generation = ++this._generation;
    let socket;
    try {
      this._lookUp();
      this._update({ state: 'connecting', nextRetryAt: null });
      socket = new this._WebSocket(this._endpoint.url);
    } catch (error) {
      const message = String(error?.message ?? error);
      this._update({ state: 'disconnected', reason: 'refused', message, gaveUp: true });
      return;
    }
    this._socket = socket;
    let opened = false;
    let delivered = false;
    socket.onopen = () => {
      if (generation !== this._generation) return;
      opened = true;
      this._refusedInRow = 0;
      this._update({ state: 'connected', reason: null, message: null, closeCode: null, connectedAt: Date.now() });
      if (this._metrics) this.send({ type: 'subscribe', metrics: this._metrics });
      this._armWatchdog();
    };
    socket.onmessage = (event) => {
      if (generation !== this._generation) return;
      if (!delivered) {
        delivered = true;
        this._update({ attempt: 0, gaveUp: false });
      }
      this._armWatchdog();
      this._receive(event.data);
    };
    socket.onclose = (event) => {
      if (generation !== this._generation) return;
      this._socket = null;
      this._clearWatchdog();
      this._dropPending();
      if (opened) this._lost(event.code, CLOSE_REASONS[event.code] ?? `closed with code ${event.code}`);
      else this._failed(generation);
    };
  }

  _receive(data) {
    let message;
    try {
      message = JSON.parse(data);
    } catch {
      return;
    }
    this._status.lastMessageAt = Date.now();
    if (message.type === 'history') {
      this.intervalS = message.interval_s ?? this.intervalS;
      const samples = Array.isArray(message.samples) ? message.samples.slice(-this._historySize) : [];
      for (const metric of Object.keys(METRICS)) this._history[metric] = [];
      for (const sample of samples) this._append(sample);
      if (samples.length) this.latest = samples[samples.length - 1];
      this._emit('history', message);
    } else if (message.type === 'system_stats') {
      this._append(message);
      this.latest = message;
      this._emit('system_stats', message);
    } else if (message.id && this._pending.has(message.id)) {
      const done = this._pending.get(message.id);
      if (message.type === 'error') done(null, new Error(message.message));
      else done(message);
    }
    this._emit('message', message);
  }

  _append(sample) {
    const t = parseTimestamp(sample.timestamp);
    for (const [metric, pick] of Object.entries(METRICS)) {
      const value = pick(sample);
      if (typeof value !== 'number') continue;
      const points = this._history[metric];
      if (points.length && points[points.length - 1].t >= t) continue; // already have it
      points.push({ t, value });
      if (points.length > this._historySize) points.splice(0, points.length - this._historySize);
    }
  }

  _lost(code, message) {
    this._update({ closeCode: code });
    this._scheduleRetry('closed', message[0].toUpperCase() + message.slice(1));
  }

  async _failed(generation) {
    this._update({ state: 'disconnected', closeCode: 1006 });
    const answers = await this._httpAnswers();
    if (generation !== this._generation) return; // reconnect() or close() meanwhile
    if (!answers) {
      this._refusedInRow = 0;
      this._scheduleRetry('unreachable', `No answer from ${this._endpoint.httpOrigin}`);
      return;
    }
    this._refusedInRow += 1;
    if (this._endpoint.authenticated && this._refusedInRow >= 2) {
      this._update({
        reason: 'unauthorized',
        message: 'The server refused the token (wrong or expired, or this address is blocked for a few minutes after repeated failures)',
        nextRetryAt: null,
        gaveUp: true,
      });
      return;
    }
    this._scheduleRetry('refused', this._endpoint.authenticated
      ? 'The server answers but refused the connection; checking the token again'
      : 'The server answers but refused the connection (origin not allowed or server full)');
  }

  // True when anything answers plain HTTP at the server's origin.
  async _httpAnswers() {
    if (!this._fetch) return false;
    const controller = typeof AbortController === 'function' ? new AbortController() : null;
    const timer = setTimeout(() => controller?.abort(), 3000);
    try {
      await this._fetch(`${this._endpoint.httpOrigin}/health`, {
        mode: 'no-cors',
        cache: 'no-store',
        credentials: 'omit',
        signal: controller?.signal,
      });
      return true;
    } catch {
      return false;
    } finally {
      clearTimeout(timer);
    }
  }

  _scheduleRetry(reason, message) {
    const attempt = this._status.attempt;
    if (attempt >= this._backoff.attempts) {
      this._update({
        state: 'disconnected',
        reason,
        message: `${message}. Gave up after ${attempt} ${attempt === 1 ? 'retry' : 'retries'}`,
        nextRetryAt: null,
        gaveUp: true,
      });
      return;
    }
    const delay = Math.min(this._backoff.maxMs, this._backoff.initialMs * 2 ** attempt);
    this._update({ state: 'disconnected', reason, message, attempt: attempt + 1, nextRetryAt: Date.now() + delay });
    this._timer = setTimeout(() => {
      this._timer = null;
      this._open();
    }, delay);
  }

  // A connection that opened but went silent (a laptop that slept, a half-open socket).
  _armWatchdog() {
    this._clearWatchdog();
    const silentMs = Math.max(10000, (this.intervalS ?? 2) * 1000 * 4);
    this._watchdog = setTimeout(() => {
      const socket = this._socket;
      if (!socket) return;
      this._generation++;
      this._socket = null;
      socket.onopen = socket.onmessage = socket.onclose = null;
      socket.close();
      this._scheduleRetry('stalled', `No data for ${Math.round(silentMs / 1000)} s`);
    }, silentMs);
  }

  _clearWatchdog() {
    clearTimeout(this._watchdog);
    this._watchdog = null;
  }

  _clearTimer() {
    clearTimeout(this._timer);
    this._timer = null;
  }

  // Requests waiting on a socket that is gone are asked again over REST.
  _dropPending() {
    for (const done of [...this._pending.values()]) done(null);
  }

  _teardown() {
    this._generation++;
    this._clearTimer();
    this._clearWatchdog();
    this._dropPending();
    const socket = this._socket;
    this._socket = null;
    if (socket) {
      socket.onopen = socket.onmessage = socket.onclose = null;
      try {
        socket.close(1000);
      } catch {
        // Closing a socket that never opened may throw in some hosts.
      }
    }
  }

  _update(changes) {
    let changed = false;
    for (const [key, value] of Object.entries(changes)) {
      if (this._status[key] !== value) {
        this._status[key] = value;
        changed = true;
      }
    }
    if (changed) this._emit('state', this.status);
  }

  _emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }
}

/** Same as `new ZiggieClient(options)`. */
export function createZiggieClient(options) {
  return new ZiggieClient(options);
}

function maskToken(url) {
  return url.replace(/([?&]token=)[^&]*/, '$1…');
}

function safeDecode(text) {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

// "2025-11-10T12:30:45.123456Z" → epoch ms; JavaScript dates stop at milliseconds.
function parseTimestamp(text) {
  if (typeof text !== 'string') return Date.now();
  const trimmed = text.replace(/(\.\d{3})\d+/, '$1');
  const ms = Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(trimmed) ? trimmed : `${trimmed}Z`);
  return Number.isNaN(ms) ? Date.now() : ms;
}
