// End-to-end browser test of the dashboard against a running strikeline server with simulated
// data (started by tests/web/dashboard_e2e_test.sh). Drives Debian's chromium with playwright-core.
// Usage: node e2e/dashboard.e2e.mjs BASE_URL SCREENSHOT_DIR
// Checks: every panel shows data; the chain is complete at 1min (the state as of the moment, not the
// strikes that traded in the minute); changing expiry, timeframe, indicator and the OI view changes
// the charts and requests the new selection; a live update arrives over /fo/stream; the slider
// shows an older distribution; the simulated badge and the TradingView attribution are shown; the
// phone layout does not overflow; no console errors. Screenshots go to SCREENSHOT_DIR.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';

const [base, shots] = process.argv.slice(2);
if (!base || !shots) {
  console.error('usage: node e2e/dashboard.e2e.mjs BASE_URL SCREENSHOT_DIR');
  process.exit(2);
}
fs.mkdirSync(shots, { recursive: true });

const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const browser = await chromium.launch({
  executablePath,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
});
let passed = 0;
let failed = 0;
const consoleErrors = [];
const requests = [];

async function step(name, body) {
  const started = Date.now();
  try {
    await body();
    passed += 1;
    console.log(`ok   ${name} (${Date.now() - started} ms)`);
  } catch (error) {
    failed += 1;
    console.log(`FAIL ${name}: ${error.stack ?? error}`);
  }
}

const page = await browser.newPage({ viewport: { width: 1280, height: 1400 } });
page.setDefaultTimeout(30_000);
page.on('console', (message) => {
  if (message.type() === 'error') consoleErrors.push(message.text());
});
page.on('pageerror', (error) => consoleErrors.push(`page error: ${error.message}`));
page.on('request', (request) => requests.push(request.url()));

const state = () => page.evaluate(() => JSON.parse(JSON.stringify(window.__dashboard)));
const PANELS = ['oi', 'iv', 'moneyness', 'metrics', 'underlying'];
// Waits until fn(window.__dashboard, arg) is true in the page.
const until = (fn, arg, timeout = 30_000) =>
  page.waitForFunction(
    ([source, value]) => window.__dashboard && new Function('d', 'arg', `return (${source})(d, arg)`)(window.__dashboard, value),
    [fn.toString(), arg],
    { timeout, polling: 100 },
  );
const allReady = (d) => ['oi', 'iv', 'moneyness', 'metrics', 'underlying'].every((p) => d.panels[p]?.state === 'ready' && d.panels[p].points > 0);
const requested = (pathname, key, value) =>
  requests.some((u) => {
    const url = new URL(u);
    return url.pathname === pathname && url.searchParams.getAll(key).includes(String(value));
  });
const signatures = (d) => Object.fromEntries(PANELS.map((p) => [p, d.panels[p].signature]));

await step('every panel shows data', async () => {
  await page.goto(base);
  await until(allReady);
  const d = await state();
  for (const name of PANELS) {
    assert.equal(d.panels[name].state, 'ready', name);
    assert.ok(d.panels[name].points > 0, `${name} has points`);
    const attr = await page.getAttribute(`#panel-${name === 'metrics' ? 'metrics' : name}`, 'data-state');
    assert.equal(attr, 'ready');
  }
  assert.equal(d.panels.moneyness.series, 7, 'ATM, ITM1-3 and OTM1-3 lines');
  assert.ok((await page.locator('#panel-oi canvas').count()) > 0, 'the OI chart drew');
  // Calls red, puts green (the Indian convention), in the charts and in their legends.
  const hue = (color) => {
    const [r, g] = color.startsWith('#')
      ? [parseInt(color.slice(1, 3), 16), parseInt(color.slice(3, 5), 16)]
      : color.match(/\d+/g).map(Number);
    return r > g ? 'red' : 'green';
  };
  for (const name of ['oi', 'iv']) {
    assert.equal(hue(d.panels[name].colors.calls), 'red', `${name}: calls red`);
    assert.equal(hue(d.panels[name].colors.puts), 'green', `${name}: puts green`);
  }
  // Open interest in lakh and crore: the largest call OI's label reads back as that OI.
  const label = d.panels.oi.largestCallLabel;
  const match = /^(\d+\.\d\d) (L|Cr)$/.exec(label);
  assert.ok(match, `OI label in lakh or crore: ${label}`);
  const unit = match[2] === 'Cr' ? 1e7 : 1e5;
  assert.equal(match[2], d.panels.oi.largestCall >= 9_999_500 ? 'Cr' : 'L', label);
  assert.ok(Math.abs(Number(match[1]) * unit - d.panels.oi.largestCall) <= unit / 200 + 1, `${label} for ${d.panels.oi.largestCall}`);
  const swatch = (cls) => page.$eval(`#panel-oi .legend i.${cls}`, (el) => getComputedStyle(el).backgroundColor);
  assert.equal(hue(await swatch('call')), 'red', 'legend: calls red');
  assert.equal(hue(await swatch('put')), 'green', 'legend: puts green');
  await page.screenshot({ path: path.join(shots, 'dashboard-laptop.png'), fullPage: true });
});

await step('simulated data is marked and the TradingView attribution is shown', async () => {
  const d = await state();
  assert.equal(d.simulated, true);
  assert.ok(await page.locator('#simulated-badge').isVisible());
  const link = page.locator('footer a[href="https://www.tradingview.com/"]');
  assert.ok(await link.isVisible());
});

await step('the chain is complete at 1min, whatever second of the minute it is', async () => {
  // A 1-minute bucket holds only what traded in it: an answer built from the bucket's rows had a
  // few strikes in its first seconds. The chain as of the moment lists every strike of the range.
  await page.selectOption('#pick-timeframe', '1min');
  await until((d) => d.selection.timeframe === '1min' && d.panels.oi.state === 'ready' && d.panels.iv.state === 'ready');
  const d = await state();
  assert.equal(d.panels.oi.points, 31, 'ATM +- 15 listed strikes');
  assert.equal(d.panels.iv.points, 31);
  const answer = await page.evaluate(
    async (e) => (await fetch(`/fo/strike-distribution?timeframe=1min&indicator=oi&strike_range=15&expiry=${e}`)).json(),
    d.selection.expiry,
  );
  const series = answer.series[0];
  assert.equal(series.points.length, 31);
  assert.ok(series.points.every((p) => p.call_oi > 0 || p.put_oi > 0), 'every listed strike has its OI');
  assert.ok(series.oldest_observation <= series.as_of);
  await page.selectOption('#pick-timeframe', '5min');
  await until((d) => d.selection.timeframe === '5min' && d.panels.oi.state === 'ready');
  console.log(`     as of ${series.as_of} (second ${series.as_of % 60} of its minute): 31 strikes, oldest observation ${series.as_of - series.oldest_observation} s old`);
});

await step('the expiry picker has relative labels and changing it changes the charts', async () => {
  const before = await state();
  const options = await page.$$eval('#pick-expiry option', (os) => os.map((o) => ({ value: o.value, text: o.textContent })));
  assert.ok(options.length >= 2, 'at least two expiries');
  assert.match(options[0].text, /NWeek\+0/);
  const next = options[1].value;
  await page.selectOption('#pick-expiry', next);
  await until((d, e) => d.panels.oi.expiry === e && d.panels.iv.expiry === e && d.panels.metrics.expiry === e, next);
  const after = await state();
  for (const name of PANELS) assert.notEqual(after.panels[name].signature, before.panels[name].signature, `${name} changed`);
  assert.ok(requested('/fo/strike-distribution', 'expiry', next));
  assert.ok(requested('/fo/expiry-metrics', 'expiry', next));
  assert.ok(requested('/fo/moneyness-series', 'expiry', next));
});

await step('changing the timeframe changes the charts', async () => {
  const before = signatures(await state());
  await page.selectOption('#pick-timeframe', '15min');
  await until((d) => d.panels.moneyness.timeframe === '15min' && d.panels.metrics.timeframe === '15min' && d.selection.timeframe === '15min');
  await until(allReady);
  const after = signatures(await state());
  for (const name of ['moneyness', 'metrics', 'underlying']) assert.notEqual(after[name], before[name], `${name} changed`);
  assert.ok(requested('/fo/moneyness-series', 'timeframe', '15min'));
  assert.ok(requested('/fo/strike-distribution', 'timeframe', '15min'));
});

await step('changing the indicator changes the moneyness chart', async () => {
  const before = await state();
  const choice = before.indicators.find((i) => i !== before.selection.indicator && i === 'oi') ?? before.indicators.find((i) => i !== before.selection.indicator);
  await page.selectOption('#pick-indicator', choice);
  await until((d, i) => d.panels.moneyness.indicator === i && d.panels.moneyness.state === 'ready', choice);
  const after = await state();
  assert.notEqual(after.panels.moneyness.signature, before.panels.moneyness.signature);
  assert.ok(requested('/fo/moneyness-series', 'indicator', choice));
  assert.match(await page.textContent('#moneyness-title'), /by moneyness over time/);
});

await step('the change-in-OI view shows oi_change', async () => {
  const before = await state();
  await page.click('#oi-view-change');
  await until((d) => d.panels.oi.view === 'oi_change' && d.panels.oi.state === 'ready');
  const after = await state();
  assert.notEqual(after.panels.oi.signature, before.panels.oi.signature);
  assert.ok(requested('/fo/strike-distribution', 'indicator', 'oi_change'));
  await page.click('#oi-view-oi');
  await until((d) => d.panels.oi.view === 'oi' && d.panels.oi.state === 'ready');
});

await step('a live update arrives over /fo/stream', async () => {
  await until((d) => d.stream.mode === 'live', null, 20_000);
  const before = await state();
  await until(
    (d, b) => d.stream.buckets > b.buckets && d.refreshes > b.refreshes && d.lastRefresh?.reason === 'stream',
    { buckets: before.stream.buckets, refreshes: before.refreshes },
    60_000,
  );
  const after = await state();
  assert.ok(after.panels.metrics.updates > before.panels.metrics.updates, 'metrics redrawn');
  assert.equal(after.stream.lastBucket.symbol, after.selection.symbol);
  assert.equal(after.stream.lastBucket.expiry, after.selection.expiry);
  console.log(`     stream: ${after.stream.buckets} fo_bucket messages for the selection, last bucket ${after.stream.lastBucket.bucket_time}`);
});

await step('the time slider shows an older distribution', async () => {
  const before = await state();
  const times = before.sliderTimes;
  assert.ok(times.length >= 4, `the slider has buckets (${times.length})`);
  const index = Math.floor(times.length / 2);
  const chosen = times[index];
  assert.ok(chosen < before.panels.oi.asOf, 'an older moment than the live one');
  await page.$eval(
    '#pick-time',
    (el, value) => {
      el.value = String(value);
      el.dispatchEvent(new Event('input', { bubbles: true }));
      el.dispatchEvent(new Event('change', { bubbles: true }));
    },
    index,
  );
  await until((d, t) => d.panels.oi.asOf === t && d.panels.iv.asOf === t, chosen);
  const after = await state();
  assert.notEqual(after.panels.oi.signature, before.panels.oi.signature, 'another distribution');
  assert.ok(requested('/fo/strike-distribution', 'bucket_time', chosen));
  assert.notEqual(await page.textContent('#slider-label'), 'live (newest bucket)');
  await page.screenshot({ path: path.join(shots, 'dashboard-past-distribution.png'), fullPage: true });
});

await step('the phone layout fits the screen', async () => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.waitForTimeout(500);
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 391, `no horizontal overflow (scrollWidth ${width})`);
  const columns = await page.$eval('main.grid', (el) => getComputedStyle(el).gridTemplateColumns.split(' ').length);
  assert.equal(columns, 1, 'one column');
  await page.screenshot({ path: path.join(shots, 'dashboard-phone.png'), fullPage: true });
});

await step('without the stream the dashboard polls and says so', async () => {
  // A second page whose WebSocket to /fo/stream is refused by the browser itself.
  const other = await browser.newPage({ viewport: { width: 1024, height: 900 } });
  other.on('pageerror', (error) => consoleErrors.push(`page error (no-stream page): ${error.message}`));
  await other.routeWebSocket(/\/fo\/stream/, (ws) => ws.close({ code: 1011, reason: 'test: no stream' }));
  await other.goto(base);
  const otherState = () => other.evaluate(() => JSON.parse(JSON.stringify(window.__dashboard)));
  await other.waitForFunction(() => window.__dashboard?.stream.mode === 'down' && window.__dashboard.polling, null, { timeout: 20_000 });
  assert.match(await other.textContent('#stream-status'), /polling every 5 s/);
  await other.waitForFunction(() => ['oi', 'metrics'].every((p) => window.__dashboard.panels[p]?.state === 'ready'));
  const before = await otherState();
  await other.waitForFunction(
    (r) => window.__dashboard.refreshes > r && window.__dashboard.lastRefresh?.reason === 'poll',
    before.refreshes,
    { timeout: 30_000 },
  );
  const after = await otherState();
  assert.ok(after.panels.metrics.updates > before.panels.metrics.updates, 'metrics redrawn by polling');
  await other.screenshot({ path: path.join(shots, 'dashboard-polling.png') });
  await other.close();
});

await step('no console errors', async () => {
  assert.deepEqual(consoleErrors, []);
});

await browser.close();
console.log(`screenshots: ${shots}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
