// The dashboard against WCAG 2.1 AA: axe-core finds nothing in light and dark, at desktop and
// phone width, connected, with a range pressed, disconnected, reconnecting and with a refused
// token; the canvas labels (which axe cannot see) keep 4.5:1; screen readers hear a change of
// state once, never a tick or a countdown; the range buttons work from the keyboard; and
// nothing moves while a phone connects.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { launchBrowser, startZiggie, until } from './support.mjs';

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const INTERVAL_S = 0.5;
const DESKTOP = { viewport: { width: 1280, height: 800 } };
const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };

let server;
let browser;

before(async () => {
  [server, browser] = await Promise.all([startZiggie({ interval: INTERVAL_S }), launchBrowser()]);
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

// WCAG 2.1 relative luminance and contrast ratio of two opaque sRGB colours.
function luminance([r, g, b]) {
  const linear = (v) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
  return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
}
function contrast(a, b) {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}
const rgb = (css) => css.match(/[\d.]+/g).slice(0, 3).map(Number);

async function openDashboard(context, query = '') {
  const page = await (await browser.newContext(context)).newPage();
  await page.goto(`${server.url}${query}`);
  return page;
}

async function connectedWithData(page) {
  await page.waitForSelector('body[data-state="connected"]', { timeout: 3000 });
  await page.waitForFunction(() => ['cpu', 'memory', 'disk'].every((m) => Number(document.getElementById(`chart-${m}`).dataset.points) >= 2),
    null, { timeout: 5000 });
}

/** axe-core's WCAG 2.1 A and AA rules on the page as it is; resolves to the violations. */
async function axe(page) {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  return page.evaluate(async (tags) => {
    const result = await window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      rule: v.id,
      nodes: v.nodes.map((n) => `${n.target.join(' ')}: ${n.failureSummary.replace(/\s+/g, ' ')}`),
    }));
  }, WCAG_TAGS);
}

/**
 * The colours the charts actually drew their axis labels in (the fully opaque pixels left of
 * the plot and under it), with the contrast of each against the card behind the transparent
 * canvas.
 */
async function canvasLabels(page) {
  const seen = await page.evaluate(() => ['cpu', 'memory', 'disk'].map((metric) => {
    const canvas = document.getElementById(`chart-${metric}`);
    const ratio = canvas.width / canvas.clientWidth;
    const ctx = canvas.getContext('2d');
    const colours = new Set();
    const collect = (x, y, w, h) => {
      const data = ctx.getImageData(Math.round(x * ratio), Math.round(y * ratio), Math.round(w * ratio), Math.round(h * ratio)).data;
      for (let i = 0; i < data.length; i += 4) if (data[i + 3] === 255) colours.add(`${data[i]},${data[i + 1]},${data[i + 2]}`);
    };
    collect(0, 0, 34, canvas.clientHeight); // "100%", "50%", "0%"
    collect(0, canvas.clientHeight - 13, canvas.clientWidth, 13); // "−15 s" … "now", or the range's ends
    return { metric, colours: [...colours], background: getComputedStyle(canvas.closest('.card')).backgroundColor };
  }));
  return seen.map(({ metric, colours, background }) => ({
    metric,
    background,
    colours,
    worst: Math.min(...colours.map((c) => contrast(c.split(',').map(Number), rgb(background)))),
  }));
}

async function assertAccessible(page, state) {
  const violations = await axe(page);
  assert.deepEqual(violations, [], `axe, ${state}:\n${JSON.stringify(violations, null, 2)}`);
  for (const label of await canvasLabels(page)) {
    assert.ok(label.colours.length > 0, `${state}: the ${label.metric} chart drew its labels`);
    assert.ok(label.worst >= 4.5, `${state}: ${label.metric} axis labels ${label.colours.join(' / ')} on ${label.background}: ${label.worst.toFixed(2)}:1`);
  }
}

test('nothing moves while the dashboard connects at phone width: CLS < 0.01', async (t) => {
  const context = await browser.newContext({ ...PHONE });
  const page = await context.newPage();
  await page.addInitScript(() => {
    window.__shifts = [];
    // Every shift counts: nothing is typed or clicked here, yet Chromium marks the shifts of the
    // first half second after a scripted navigation as following input.
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        window.__shifts.push({
          value: entry.value,
          sources: entry.sources.map((s) => `${s.node?.id || s.node?.className || s.node?.nodeName} `
            + `${JSON.stringify(s.previousRect)} → ${JSON.stringify(s.currentRect)}`),
        });
      }
    }).observe({ type: 'layout-shift', buffered: true });
  });
  // As on a slow phone connection, the page paints before its script arrives: what it shows
  // without the script (the HTML's placeholders) is then replaced in front of the reader.
  await page.route(`${server.url}dashboard.js`, async (route) => {
    await page.waitForFunction(() => performance.getEntriesByType('paint').some((p) => p.name === 'first-contentful-paint'));
    await route.continue();
  });
  await page.goto(server.url);
  await connectedWithData(page);
  await page.waitForFunction(() => / · v\d/.test(document.getElementById('host').textContent), null, { timeout: 3000 });
  for (let tick = 0; tick < 3; tick++) {
    const shown = await page.evaluate(() => document.body.dataset.timestamp);
    await page.waitForFunction((t) => document.body.dataset.timestamp !== t, shown, { timeout: INTERVAL_S * 4000 });
  }
  const shifts = await page.evaluate(() => window.__shifts);
  const cls = shifts.reduce((sum, s) => sum + s.value, 0);
  t.diagnostic(`CLS ${cls.toFixed(5)} over ${shifts.length} shifts`);
  assert.ok(cls < 0.01, `CLS ${cls.toFixed(4)}:\n${JSON.stringify(shifts, null, 1)}`);
  await context.close();
});

test('one polite live region says a change of state once; charts have slow, non-live summaries', async (t) => {
  const page = await openDashboard(DESKTOP, '?backoff_ms=3000');
  await connectedWithData(page);

  const regions = await page.evaluate(() => [...document.querySelectorAll('[aria-live], [role="status"], [role="alert"], [role="log"], [role="timer"], [role="marquee"]')]
    .map((e) => ({ id: e.id, live: e.getAttribute('aria-live'), atomic: e.getAttribute('aria-atomic') })));
  assert.deepEqual(regions, [{ id: 'announce', live: 'polite', atomic: 'true' }], 'the announcer is the only live region');
  assert.equal(await page.textContent('#announce'), 'Connected.');

  // What Chromium hands a screen reader for each chart: a fixed name, the summary as description.
  const cdp = await page.context().newCDPSession(page);
  const axNode = async (id) => {
    const { result } = await cdp.send('Runtime.evaluate', { expression: `document.getElementById(${JSON.stringify(id)})` });
    const { nodes } = await cdp.send('Accessibility.getPartialAXTree', { objectId: result.objectId, fetchRelatives: false });
    return { role: nodes[0].role?.value, name: nodes[0].name?.value, description: nodes[0].description?.value };
  };
  for (const [metric, name] of [['cpu', 'CPU'], ['memory', 'Memory'], ['disk', 'Disk']]) {
    const node = await axNode(`chart-${metric}`);
    assert.equal(node.role, 'image');
    assert.equal(node.name, `${name} usage, recent history`);
    assert.match(node.description, /^Live, the last \d+ readings over \d+ s: lowest \d+\.\d%, average \d+\.\d%, highest \d+\.\d%; latest \d+\.\d% at .+\.$/);
  }

  // Ticks change figures, never the live region, and a summary at most every 5 s.
  await page.evaluate(() => {
    window.__said = [];
    window.__summaries = [];
    new MutationObserver(() => window.__said.push(document.getElementById('announce').textContent))
      .observe(document.getElementById('announce'), { childList: true, characterData: true, subtree: true });
    new MutationObserver(() => window.__summaries.push(Date.now()))
      .observe(document.getElementById('summary-cpu'), { childList: true, characterData: true, subtree: true });
  });
  let ticks = 0;
  await until(async () => {
    const shown = await page.evaluate(() => document.body.dataset.timestamp);
    await page.waitForFunction((s) => document.body.dataset.timestamp !== s, shown, { timeout: INTERVAL_S * 4000 });
    return ++ticks >= 2 && (await page.evaluate(() => window.__summaries.length)) >= 2;
  }, 20000, 'the CPU summary to be rewritten twice');
  const { said, summaries } = await page.evaluate(() => ({ said: window.__said, summaries: window.__summaries }));
  t.diagnostic(`${ticks} ticks, summary rewritten after ${summaries.map((s, i) => (i ? s - summaries[i - 1] : 0)).slice(1).join(', ')} ms`);
  assert.ok(ticks > 3 * summaries.length, `${ticks} ticks, ${summaries.length} summaries: not one per tick`);
  assert.deepEqual(said, [], 'nothing announced while the figures stream');
  for (let i = 1; i < summaries.length; i++) assert.ok(summaries[i] - summaries[i - 1] >= 4900, `summaries ${summaries[i] - summaries[i - 1]} ms apart`);

  // A range chosen is described at once, not at the next slot.
  await page.click('.card[data-metric="cpu"] button[data-range="24h"]');
  await page.waitForFunction(() => document.getElementById('summary-cpu').textContent.startsWith('Last 24 hours'), null, { timeout: 1000 });
  await page.click('.card[data-metric="cpu"] button[data-range="live"]');
  await page.waitForFunction(() => document.getElementById('summary-cpu').textContent.startsWith('Live,'), null, { timeout: 1000 });

  // Losing the server: announced once with the reason; the countdown is not a live region.
  await server.stop();
  await page.waitForSelector('body[data-state="disconnected"]', { timeout: 3000 });
  await page.waitForFunction(() => window.__said.length === 1, null, { timeout: 3000 });
  const notice = `${await page.textContent('#notice-title')} ${await page.textContent('#notice-reason')}`;
  assert.equal(await page.textContent('#announce'), notice);
  assert.match(notice, /^Disconnected\. /);
  assert.equal(await page.evaluate(() => document.getElementById('countdown').closest('[aria-live]')), null);
  const countdowns = new Set();
  await until(async () => {
    countdowns.add(await page.textContent('#countdown'));
    return [...countdowns].filter((c) => /^Retrying in \d s/.test(c)).length >= 2;
  }, 4000, 'the countdown to tick');
  assert.equal(await page.evaluate(() => window.__said.length), 1, 'the countdown ticked silently');
  assert.match((await axNode('chart-cpu')).description, /Not live: disconnected since the last reading at .+\.$/);

  server = await startZiggie({ port: server.port, interval: INTERVAL_S });
  await page.waitForSelector('body[data-state="connected"]', { timeout: 10000 });
  await page.waitForFunction(() => window.__said.at(-1) === 'Connected.', null, { timeout: 3000 });
  const all = await page.evaluate(() => window.__said);
  assert.ok(all.length <= 3 && !all.some((s) => /Retrying|Connecting/.test(s)), `announced: ${JSON.stringify(all)}`);
  assert.doesNotMatch((await axNode('chart-cpu')).description, /Not live/);
  await page.context().close();
});

test('the range buttons: reached with Tab, a visible focus ring, toggled with Enter and Space', async () => {
  const page = await openDashboard(DESKTOP);
  await connectedWithData(page);
  const group = await page.evaluate(() => {
    const g = document.querySelector('.card[data-metric="cpu"] .ranges');
    return { role: g.getAttribute('role'), label: g.getAttribute('aria-label'), pressed: [...g.querySelectorAll('button')].map((b) => b.getAttribute('aria-pressed')) };
  });
  assert.deepEqual(group, { role: 'group', label: 'CPU history range', pressed: ['true', 'false', 'false', 'false', 'false', 'false'] });

  const focused = () => page.evaluate(() => {
    const e = document.activeElement;
    const style = getComputedStyle(e);
    return {
      metric: e.closest('.ranges')?.dataset.metric,
      range: e.dataset.range,
      visible: e.matches(':focus-visible'),
      outline: `${style.outlineStyle} ${style.outlineWidth}`,
      ring: style.outlineColor,
      behind: getComputedStyle(e.closest('.card') ?? document.body).backgroundColor,
    };
  });
  let presses = 0;
  while ((await focused()).metric !== 'cpu') {
    assert.ok(++presses <= 10, 'the CPU range buttons are among the first ten Tab stops');
    await page.keyboard.press('Tab');
  }
  const live = await focused();
  assert.equal(live.range, 'live');
  assert.ok(live.visible, 'focus from the keyboard is :focus-visible');
  assert.match(live.outline, /^solid [2-9]/, 'a 2 px ring or more');
  const ring = contrast(rgb(live.ring), rgb(live.behind));
  assert.ok(ring >= 3, `focus ring ${live.ring} on ${live.behind}: ${ring.toFixed(2)}:1 (1.4.11 asks 3:1)`);

  await page.keyboard.press('Tab');
  assert.equal((await focused()).range, '1h');
  await page.keyboard.press('Enter');
  const pressed = () => page.$$eval('.card[data-metric="cpu"] .ranges button', (bs) => bs.filter((b) => b.getAttribute('aria-pressed') === 'true').map((b) => b.dataset.range));
  assert.deepEqual(await pressed(), ['1h']);
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Space');
  assert.deepEqual(await pressed(), ['live']);
  await page.context().close();
});

test('axe finds no WCAG 2.1 A/AA violation in any state, light and dark, desktop and phone', async (t) => {
  const layouts = [];
  for (const colorScheme of ['light', 'dark']) {
    for (const [width, context] of [['desktop', DESKTOP], ['phone', PHONE]]) layouts.push({ name: `${colorScheme} ${width}`, context: { ...context, colorScheme } });
  }
  // A long first retry keeps "Disconnected" on screen while axe looks at it.
  const pages = await Promise.all(layouts.map((l) => openDashboard(l.context, '?backoff_ms=60000')));
  const each = (fn) => Promise.all(pages.map((page, i) => fn(page, layouts[i].name)));
  const audited = [];
  const audit = (state) => each(async (page, name) => {
    await assertAccessible(page, `${name}, ${state}`);
    audited.push(`${name}, ${state}`);
  });

  await each((page) => connectedWithData(page));
  await audit('connected');

  await each(async (page) => {
    await page.click('.card[data-metric="cpu"] button[data-range="24h"]');
    await page.waitForFunction(() => document.getElementById('chart-cpu').dataset.loading === undefined
      && document.getElementById('summary-cpu').textContent.startsWith('Last 24 hours'), null, { timeout: 15000 });
  });
  await audit('connected, 24 h pressed and drawn');

  // A token the server refuses, twice: the client stops and Reconnect becomes the call to action.
  const refused = await Promise.all(layouts.map((l) => openDashboard(l.context, '#token=not-the-token')));
  await Promise.all(refused.map(async (page, i) => {
    await page.waitForSelector('body[data-gave-up="true"]', { timeout: 10000 });
    assert.equal(await page.textContent('#notice-title'), 'Token refused.');
    assert.equal(await page.textContent('#announce'), `Token refused. ${await page.textContent('#notice-reason')}`);
    await assertAccessible(page, `${layouts[i].name}, token refused`);
    audited.push(`${layouts[i].name}, token refused`);
    await page.context().close();
  }));

  await server.stop();
  await each(async (page) => {
    await page.waitForSelector('body[data-state="disconnected"]', { timeout: 3000 });
    await page.waitForFunction(() => /^Retrying in \d+ s/.test(document.getElementById('countdown').textContent), null, { timeout: 3000 });
    const cards = await page.$$eval('.card', (cs) => cs.map((c) => getComputedStyle(c).opacity));
    assert.ok(cards.length >= 3 && cards.every((o) => o === '1'), `stale cards are marked, not faded: ${cards}`);
    const badges = await page.$$eval('.stale', (bs) => bs.map((b) => (b.hidden ? '' : b.textContent)));
    for (const badge of badges) assert.match(badge, /^Last reading \d/);
  });
  await audit('disconnected, stale readings');

  await each(async (page) => {
    await page.click('.card[data-metric="memory"] button[data-range="7d"]');
    await page.waitForFunction(() => document.getElementById('note-memory').textContent.startsWith('History unavailable:'), null, { timeout: 5000 });
  });
  await audit('disconnected, 7 d pressed: history unavailable');

  // Something accepts on the port but never answers the handshake: the retry stays "Connecting…".
  const held = [];
  const silent = createServer((socket) => held.push(socket));
  await new Promise((resolve, reject) => silent.once('error', reject).listen(server.port, '127.0.0.1', resolve));
  try {
    await each(async (page) => {
      await page.click('#reconnect');
      await page.waitForSelector('body[data-state="connecting"]', { timeout: 3000 });
    });
    await until(() => held.length >= pages.length, 3000, 'every page to open its socket');
    await audit('reconnecting');
  } finally {
    held.forEach((socket) => socket.destroy());
    await new Promise((resolve) => silent.close(resolve));
  }
  t.diagnostic(`0 violations in ${audited.length} audits: ${audited.sort().join('; ')}`);
  await Promise.all(pages.map((page) => page.context().close()));
});
