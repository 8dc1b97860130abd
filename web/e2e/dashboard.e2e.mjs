// End-to-end browser test of the dashboard against a running strikeline server with simulated
// data (started by tests/web/dashboard_e2e_test.sh). Drives Debian's chromium with playwright-core.
// Usage: node e2e/dashboard.e2e.mjs BASE_URL SCREENSHOT_DIR
// Checks: every panel shows data; the option chain table has every strike of its range with the
// numbers of /fo/option-chain at the same as_of (pinned moment), in lots with the expiry's lot size
// and in units; the chain stays live (stream chain channel or re-fetch); the chain is complete at
// 1min (the state as of the moment, not the strikes that traded in the minute); changing expiry,
// timeframe, indicator and the OI view changes the charts and requests the new selection; a live
// update arrives over /fo/stream; a hover on each chart shows a tooltip (the OI and PCR ones with
// the API's value); the OI build-up and gamma exposure panels show the API's classes, counts,
// movers, totals and zero-gamma level (tooltips included); choosing a past moment moves every panel (each panel's as-of label is the
// chosen time) and "Live" returns; a bookmarked URL restores the view; the simulated badge and the
// TradingView attribution are shown (the chart logo off); the phone layout (390x844) overflows
// nowhere; no console errors. Reports the time from navigation start to the chain table filled.
// Screenshots (laptop 1440x900 and phone 390x844, live and past) go to SCREENSHOT_DIR.
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

const LAPTOP = { width: 1440, height: 900 };
const PHONE = { width: 390, height: 844 };
const page = await browser.newPage({ viewport: LAPTOP });
page.setDefaultTimeout(30_000);
page.on('console', (message) => {
  if (message.type() === 'error') consoleErrors.push(message.text());
});
page.on('pageerror', (error) => consoleErrors.push(`page error: ${error.message}`));
page.on('request', (request) => requests.push(request.url()));

const state = () => page.evaluate(() => JSON.parse(JSON.stringify(window.__dashboard)));
const PANELS = ['chain', 'oi', 'iv', 'moneyness', 'metrics', 'cumoi', 'straddle', 'futures', 'underlying', 'strikeoi'];
// Waits until fn(window.__dashboard, arg) is true in page `pg`; on a timeout the error says what
// the page showed (selection, each panel's state, points and as-of, errors).
async function waitIn(pg, fn, arg, timeout = 30_000) {
  try {
    await pg.waitForFunction(
      ([source, value]) => window.__dashboard && new Function('d', 'arg', `return (${source})(d, arg)`)(window.__dashboard, value),
      [fn.toString(), arg],
      { timeout, polling: 100 },
    );
  } catch (error) {
    const seen = await pg
      .evaluate(() => {
        const d = window.__dashboard;
        const panels = Object.entries(d?.panels ?? {}).map(([k, v]) => `${k}:${v.state}/${v.points}/${v.asOf}`);
        return JSON.stringify({ selection: d?.selection, chainLive: d?.chainLive, panels, errors: d?.errors });
      })
      .catch((e) => `(state unreadable: ${e.message})`);
    throw new Error(`${error.message.split('\n')[0]} waiting for ${fn.toString().slice(0, 200)} with ${JSON.stringify(arg)}; the page: ${seen}`);
  }
}
const until = (fn, arg, timeout) => waitIn(page, fn, arg, timeout);
const allReady = (d) => ['chain', 'oi', 'iv', 'moneyness', 'metrics', 'cumoi', 'straddle', 'futures', 'underlying', 'strikeoi'].every((p) => d.panels[p]?.state === 'ready' && d.panels[p].points > 0);
const requested = (pathname, key, value) =>
  requests.some((u) => {
    const url = new URL(u);
    return url.pathname === pathname && url.searchParams.getAll(key).includes(String(value));
  });
// "1,23,456" / "+1,234.50" / "12.34 L" / "1.2 Cr" / "₹24,350.75" -> a number; "–" -> null.
function parseIndian(text) {
  const t = text.trim();
  if (t === '–') return null;
  const m = /^([+-]?)₹?([\d,]+(?:\.\d+)?)(?: (L|Cr))?$/.exec(t);
  assert.ok(m, `a number in Indian notation: "${text}"`);
  const value = Number(m[2].replaceAll(',', '')) * (m[3] === 'Cr' ? 1e7 : m[3] === 'L' ? 1e5 : 1);
  return m[1] === '-' ? -value : value;
}
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
  // Open interest in lakh and crore (or Indian grouping below a lakh): the largest call OI's label
  // reads back as that OI.
  const label = d.panels.oi.largestCallLabel;
  const largest = d.panels.oi.largestCall;
  const match = /^(\d+\.\d\d) (L|Cr)$/.exec(label);
  if (largest >= 1e5) {
    assert.ok(match, `OI label in lakh or crore: ${label}`);
    const unit = match[2] === 'Cr' ? 1e7 : 1e5;
    assert.equal(match[2], largest >= 9_999_500 ? 'Cr' : 'L', label);
    assert.ok(Math.abs(Number(match[1]) * unit - largest) <= unit / 200 + 1, `${label} for ${largest}`);
  } else {
    assert.match(label, /^\d{1,2}(,\d\d)*,?\d{0,3}(\.\d+)?$/, 'Indian grouping below a lakh');
    assert.ok(Math.abs(parseIndian(label) - largest) <= 0.01, `${label} for ${largest}`);
  }
  const swatch = (cls) => page.$eval(`#panel-oi .legend i.${cls}`, (el) => getComputedStyle(el).backgroundColor);
  assert.equal(hue(await swatch('call')), 'red', 'legend: calls red');
  assert.equal(hue(await swatch('put')), 'green', 'legend: puts green');
  await page.screenshot({ path: path.join(shots, 'laptop-live.png'), fullPage: true });
  console.log(`     navigation start to the chain table filled: ${d.timings.chainFilled} ms (live, ${LAPTOP.width}x${LAPTOP.height})`);
});

await step('the side colours can be swapped (calls green) and back', async () => {
  const hue = (color) => {
    const [r, g] = color.startsWith('#') ? [parseInt(color.slice(1, 3), 16), parseInt(color.slice(3, 5), 16)] : color.match(/\d+/g).map(Number);
    return r > g ? 'red' : 'green';
  };
  const seen = async () => ({
    chart: hue((await state()).panels.oi.colors.calls),
    legend: hue(await page.$eval('#panel-oi .legend i.call', (el) => getComputedStyle(el).backgroundColor)),
    table: hue(await page.$eval('#panel-chain th.call-side.c-oi', (el) => getComputedStyle(el).color)),
  });
  await page.click('#calls-green');
  assert.deepEqual(await seen(), { chart: 'green', legend: 'green', table: 'green' });
  assert.equal(new URL(page.url()).searchParams.get('calls'), 'green');
  await page.click('#calls-red');
  assert.deepEqual(await seen(), { chart: 'red', legend: 'red', table: 'red' });
});

await step('simulated data is marked and the TradingView attribution is shown', async () => {
  const d = await state();
  assert.equal(d.simulated, true);
  assert.equal(d.source, 'simulator', 'the badge comes from the provenance of the selected expiry');
  assert.ok(await page.locator('#simulated-badge').isVisible());
  const link = page.locator('footer a[href="https://www.tradingview.com/"]');
  assert.ok(await link.isVisible());
  // The chart logo (a link to tradingview.com inside a chart) is off: it covered the put bars.
  assert.equal(await page.locator('.chart a[href*="tradingview"]').count(), 0, 'no logo over the charts');
});

// --- the option chain against the API at a pinned moment ---------------------------------------------

const api = async (pathname, params) => {
  const url = new URL(pathname, base);
  for (const [k, v] of Object.entries(params)) if (v !== undefined) url.searchParams.set(k, String(v));
  const response = await fetch(url);
  assert.equal(response.status, 200, `${url}`);
  return response.json();
};
const health = await api('/health', {});
// A moment two hours before the newest bar, on a whole minute (the picker's precision): the store
// holds it (one simulated day is backfilled) and nothing written later changes it.
const pinned = health.newest_bar_time - 7200 - (health.newest_bar_time % 60);
const istText = (t) => new Date((t + 19800) * 1000).toISOString().slice(0, 16); // 2026-12-06T11:30
// The as-of label of a moment, written here independently of the page: "06 Dec, 11:30 IST".
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const asOfLabel = (t) => {
  const d = new Date((t + 19800) * 1000);
  const two = (n) => String(n).padStart(2, '0');
  return `${two(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]}, ${two(d.getUTCHours())}:${two(d.getUTCMinutes())} IST`;
};
const past = await browser.newPage({ viewport: LAPTOP });
past.setDefaultTimeout(30_000);
past.on('console', (message) => {
  if (message.type() === 'error') consoleErrors.push(`(past page) ${message.text()}`);
});
past.on('pageerror', (error) => consoleErrors.push(`page error (past page): ${error.message}`));
const pastState = () => past.evaluate(() => JSON.parse(JSON.stringify(window.__dashboard)));
const pastUntil = (fn, arg, timeout) => waitIn(past, fn, arg, timeout);
let pinnedChain = null;

// The table's cells of one strike: { call_oi: '1,23,456', ... } as shown.
const rowCells = (pg, strike) =>
  pg.$$eval(`#panel-chain tbody tr[data-strike="${strike}"] td`, (tds) => Object.fromEntries(tds.map((td) => [td.dataset.col, td.textContent])));
const shownStrikes = (pg) => pg.$$eval('#panel-chain tbody tr', (trs) => trs.map((tr) => Number(tr.dataset.strike)));

// Compares every shown number of every row with the API's, quantities divided by `per`.
async function compareChain(pg, chain, per, { greeks = false } = {}) {
  const columns = [
    ['oi', true, 0.005],
    ['oi_change', true, 0.005],
    ['volume', true, 0.005],
    ['ltp', false, 0.005],
    ['change', false, 0.005],
    ['iv', false, 0.005],
  ];
  if (greeks) columns.push(['delta', false, 0.0005], ['gamma', false, 0.000005], ['theta', false, 0.005], ['vega', false, 0.005]);
  let compared = 0;
  for (const row of chain.rows) {
    const cells = await rowCells(pg, row.strike);
    for (const side of ['call', 'put']) {
      for (const [key, quantity, tolerance] of columns) {
        const expected = row[side][key];
        const text = cells[`${side}_${key}`];
        assert.ok(text !== undefined, `a ${side} ${key} cell at ${row.strike}`);
        if (expected === null) {
          assert.equal(text, '–', `${row.strike} ${side} ${key}: null shows as a dash`);
          continue;
        }
        const want = quantity ? expected / per : expected;
        const got = parseIndian(text);
        assert.ok(Math.abs(got - want) <= tolerance + 1e-9, `${row.strike} ${side} ${key}: page ${text}, API ${expected}${quantity ? ` / ${per}` : ''} = ${want}`);
        compared += 1;
      }
    }
  }
  return compared;
}

await step('the chain table equals /fo/option-chain at the same moment, in lots and in units', async () => {
  const expiry = (await state()).selection.expiry;
  await past.goto(`${base}/?symbol=NIFTY&expiry=${expiry}&at=${istText(pinned)}&range=10`);
  await pastUntil((d, t) => d.panels.chain.state === 'ready' && d.panels.chain.asOf === t, pinned);
  const chain = await api('/fo/option-chain', { symbol: 'NIFTY', expiry, at: pinned, strike_range: 10 });
  pinnedChain = chain;
  assert.equal(chain.as_of, pinned, 'the API answers as of the pinned moment');
  const strikes = chain.rows.map((r) => r.strike);
  assert.equal(strikes.length, 21, 'ATM +- 10 listed strikes');
  assert.deepEqual(await shownStrikes(past), strikes, 'every strike of the range, in order');
  assert.ok(chain.lot_size > 1, 'a lot size');
  const inLots = await compareChain(past, chain, chain.lot_size);
  // The header line in large type.
  const text = async (id) => (await past.textContent(`#${id}`)).trim();
  assert.equal(parseIndian(await text('h-atm')), chain.atm_strike);
  assert.equal(await text('h-pcr'), chain.pcr.toFixed(2));
  assert.equal(parseIndian(await text('h-maxpain')), chain.max_pain);
  assert.equal(parseIndian(await text('h-lot')), chain.lot_size);
  assert.equal(parseIndian(await text('h-spot')), chain.spot);
  assert.match(await text('h-dte'), new RegExp(`^${chain.days_to_expiry}( days?)?$|today`));
  assert.equal(await text('h-asof'), asOfLabel(pinned));
  assert.equal(await past.isVisible('#h-future-item'), chain.future !== null, 'future hidden when null');
  // The ATM row is marked; in-the-money calls (below ATM) and puts (above) are shaded.
  assert.equal(await past.getAttribute('#panel-chain tr.atm', 'data-strike'), String(chain.atm_strike));
  const below = chain.rows.find((r) => r.strike < chain.atm_strike);
  assert.ok(await past.$eval(`tr[data-strike="${below.strike}"] td[data-col="call_oi"]`, (td) => td.classList.contains('itm')));
  assert.ok(!(await past.$eval(`tr[data-strike="${below.strike}"] td[data-col="put_oi"]`, (td) => td.classList.contains('itm'))));
  // Units, and the Greeks columns.
  await past.click('#units-units');
  await pastUntil((d) => d.panels.chain.units === 'units');
  await past.click('#chain-greeks');
  assert.ok(await past.isVisible(`tr[data-strike="${chain.atm_strike}"] td[data-col="call_delta"]`), 'Greeks shown');
  const inUnits = await compareChain(past, chain, 1, { greeks: true });
  await past.click('#chain-greeks');
  assert.ok(!(await past.isVisible(`tr[data-strike="${chain.atm_strike}"] td[data-col="call_delta"]`)), 'Greeks hidden');
  await past.click('#units-lots');
  await pastUntil((d) => d.panels.chain.units === 'lots' && d.panels.oi.units === 'lots' && d.panels.oi.state === 'ready');
  const d = await pastState();
  console.log(`     ${strikes.length} strikes as of ${istText(pinned)} IST: ${inLots} numbers in lots (lot ${chain.lot_size}) and ${inUnits} in units equal the API's`);
  console.log(`     navigation start to the chain table filled: ${d.timings.chainFilled} ms (pinned moment)`);
});

await step('the futures panel equals /fo/futures at the same moment', async () => {
  // The pinned page (opened by the chain's step) shows the near future as of the pinned moment:
  // its last point and rollover equal the API's newest bucket at that moment.
  await pastUntil((d, t) => d.panels.futures.state === 'ready' && d.panels.futures.asOf === t, pinned);
  const shown = (await pastState()).panels.futures;
  const timeframe = (await pastState()).selection.timeframe;
  const answer = await api('/fo/futures', { symbol: 'NIFTY', timeframe, from: pinned - 3600, to: pinned });
  const roll = answer.rollover[answer.rollover.length - 1];
  assert.equal(shown.expiry, roll.near_expiry, 'the near month is drawn');
  const near = answer.series.find((x) => x.expiry === roll.near_expiry).points;
  const last = near[near.length - 1];
  assert.equal(shown.lastTime, last.time, 'the newest bucket');
  assert.equal(shown.last, last.price, `price: page ${shown.last}, API ${last.price}`);
  assert.equal(shown.basis, last.basis, `basis: page ${shown.basis}, API ${last.basis}`);
  assert.equal(shown.oi, last.oi, `OI: page ${shown.oi}, API ${last.oi}`);
  assert.equal(shown.rollover, roll.rollover_pct, `rollover: page ${shown.rollover}, API ${roll.rollover_pct}`);
  const line = await past.textContent('#panel-futures .panel-info');
  assert.ok(line.includes(`rollover ${roll.rollover_pct} %`), `the panel's line: ${line}`);
  console.log(`     futures: ${line}`);
});

await step('a hover on each chart shows a tooltip, with the API value', async () => {
  const d0 = await pastState();
  const expiry = d0.selection.expiry;
  const hover = async (name, fx, fy) => {
    const chart = past.locator(`#panel-${name} .chart`);
    await chart.scrollIntoViewIfNeeded();
    const box = await chart.boundingBox();
    await past.mouse.move(box.x + box.width * fx, box.y + box.height * fy, { steps: 4 });
    await past.waitForSelector(`#panel-${name} .tooltip:not([hidden])`, { timeout: 5000 });
    const tip = (await past.innerText(`#panel-${name} .tooltip`)).trim();
    const shown = (await pastState()).panels[name].tooltip;
    return { tip, shown };
  };
  // OI by strike: the hovered strike's call OI in lots equals the API's OI / lot size.
  const oi = await hover('oi', 0.45, 0.25);
  const strike = Number(/Strike ([\d.]+)/.exec(oi.tip)?.[1]);
  const calls = /Calls OI: ([\d,.]+) lots/.exec(oi.tip);
  assert.ok(Number.isFinite(strike) && calls, `an OI tooltip with a strike and the calls' OI in lots: ${oi.tip}`);
  const distribution = await api('/fo/strike-distribution', { symbol: 'NIFTY', expiry, timeframe: d0.selection.timeframe, indicator: 'oi', strike_range: 15, bucket_time: pinned });
  const point = distribution.series[0].points.find((p) => p.strike === strike);
  assert.ok(point, `strike ${strike} in the API's distribution`);
  assert.ok(Math.abs(parseIndian(calls[1]) - point.call / pinnedChain.lot_size) <= 0.005, `tooltip ${calls[1]} lots, API ${point.call} / ${pinnedChain.lot_size}`);
  // PCR and max pain: the hovered moment's PCR equals the API's.
  const metrics = await hover('metrics', 0.5, 0.5);
  const pcr = /PCR: ([\d.]+)/.exec(metrics.tip);
  assert.ok(pcr && metrics.shown?.x, `a PCR tooltip: ${metrics.tip}`);
  const answer = await api('/fo/expiry-metrics', { symbol: 'NIFTY', expiry, timeframe: d0.selection.timeframe, from: metrics.shown.x, to: pinned });
  const at = answer.points.find((p) => p.time === metrics.shown.x);
  assert.ok(at, `the API has the bucket ${metrics.shown.x}`);
  assert.ok(Math.abs(Number(pcr[1]) - at.pcr) <= 0.0005, `tooltip PCR ${pcr[1]}, API ${at.pcr}`);
  assert.ok(metrics.tip.includes(asOfLabel(metrics.shown.x)), `the tooltip's moment in IST: ${metrics.tip}`);
  // Call vs put OI: the hovered moment's totals in lots equal the API's.
  const cumoi = await hover('cumoi', 0.5, 0.5);
  const callTotal = /Call OI: ([\d,.]+) lots/.exec(cumoi.tip);
  assert.ok(callTotal && cumoi.shown?.x, `a call OI total tooltip: ${cumoi.tip}`);
  const totals = (await api('/fo/expiry-metrics', { symbol: 'NIFTY', expiry, timeframe: d0.selection.timeframe, from: cumoi.shown.x, to: pinned })).points.find((p) => p.time === cumoi.shown.x);
  assert.ok(Math.abs(parseIndian(callTotal[1]) - totals.total_call_oi / pinnedChain.lot_size) <= 0.005, `tooltip ${callTotal[1]} lots, API ${totals.total_call_oi}`);
  for (const name of ['iv', 'moneyness', 'straddle', 'futures', 'underlying', 'strikeoi']) {
    const { tip } = await hover(name, 0.5, 0.5);
    assert.ok(tip.split('\n').length >= 1 && /\d/.test(tip), `${name}: ${tip}`);
  }
  // The change in OI since a chosen time (the chain's "OI chg since"): the tooltip gives the API's
  // oi_change_since of that strike.
  await past.selectOption('#chain-since', '1h');
  await past.click('#oi-view-change');
  await pastUntil((d) => d.panels.oi.view === 'oi_change' && d.panels.oi.state === 'ready' && d.selection.since === '1h');
  await past.mouse.move(0, 0);
  const change = await hover('oi', 0.45, 0.25);
  const changeStrike = Number(/Strike ([\d.]+)/.exec(change.tip)?.[1]);
  const callChange = /Calls OI chg: ([+-]?[\d,.]+) lots/.exec(change.tip);
  assert.ok(callChange, `an OI change tooltip: ${change.tip}`);
  const since = await api('/fo/option-chain', { symbol: 'NIFTY', expiry, at: pinned, since: '1h', strike_range: 15 });
  const changed = since.rows.find((r) => r.strike === changeStrike);
  assert.ok(Math.abs(parseIndian(callChange[1]) - changed.call.oi_change_since / since.lot_size) <= 0.005, `tooltip ${callChange[1]}, API ${changed.call.oi_change_since}`);
  await past.selectOption('#chain-since', 'close');
  await past.click('#oi-view-oi');
  await pastUntil((d) => d.panels.oi.view === 'oi' && d.panels.oi.state === 'ready' && d.selection.since === 'close');
  await past.mouse.move(0, 0);
  console.log(`     OI tooltip "${oi.tip.replace(/\s+/g, ' ')}"; PCR tooltip "${metrics.tip.replace(/\s+/g, ' ')}"`);
});

// The implied forward and volatility-regime panels (issue 21): their numbers are the API's at the
// pinned moment, and a hover shows each one's tooltip.
await step('the forward and volatility panels equal the API at the pinned moment', async () => {
  const VOL = ['termstructure', 'skew', 'ivrank'];
  await pastUntil((d, t) => ['termstructure', 'skew', 'ivrank'].every((p) => d.panels[p]?.state === 'ready' && d.panels[p].asOf === t), pinned);
  const d = await pastState();
  const { expiry, timeframe } = d.selection;
  const terms = await api('/fo/term-structure', { symbol: 'NIFTY', at: pinned });
  const withIv = terms.expiries.filter((e) => e.atm_iv !== null);
  assert.deepEqual(
    d.panels.termstructure.atmIvs,
    withIv.map((e) => ({ expiry: e.expiry, days: e.days_to_expiry, atm_iv: e.atm_iv })),
    'every expiry ATM IV as the API gives it',
  );
  assert.equal(d.panels.termstructure.cm30, terms.cm30.iv, '30-day IV');
  const forwards = await api('/fo/implied-forward', { symbol: 'NIFTY', at: pinned });
  const forward = forwards.expiries.find((e) => e.expiry === expiry);
  assert.ok(forward && forward.implied_forward !== null, `an implied forward for ${expiry}`);
  assert.deepEqual(d.panels.termstructure.forward, {
    expiry,
    implied_forward: forward.implied_forward,
    basis_spot: forward.basis_spot,
    forward: forward.forward,
    forward_source: forward.forward_source,
  });
  // The skew's newest point.
  const last = d.panels.skew.last;
  const series = await api('/fo/skew-series', { symbol: 'NIFTY', expiry, timeframe, from: last.time, to: pinned });
  const point = series.points.find((p) => p.time === last.time);
  assert.ok(point, `the API has the bucket ${last.time}`);
  assert.deepEqual(last, { time: point.time, rr25: point.rr25, bf25: point.bf25, atm_iv: point.atm_iv });
  // IV rank: the simulator backfills one day, so under 20 days rank and percentile are null.
  const rank = await api('/fo/iv-rank', { symbol: 'NIFTY', at: pinned });
  assert.equal(d.panels.ivrank.iv, rank.iv);
  assert.equal(d.panels.ivrank.daysUsed, rank.days_used);
  assert.equal(d.panels.ivrank.ivRank, rank.iv_rank);
  assert.equal(d.panels.ivrank.ivPercentile, rank.iv_percentile);
  assert.equal(d.panels.ivrank.points, rank.history.length);
  // Tooltips: the term structure's gives the hovered expiry's ATM IV as the API does.
  for (const name of VOL) {
    await past.mouse.move(0, 0);
    const chart = past.locator(`#panel-${name} .chart`);
    await chart.scrollIntoViewIfNeeded();
    const box = await chart.boundingBox();
    await past.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.5, { steps: 4 });
    await past.waitForSelector(`#panel-${name} .tooltip:not([hidden])`, { timeout: 5000 });
    const tip = (await past.innerText(`#panel-${name} .tooltip`)).trim();
    assert.ok(/\d/.test(tip), `${name}: ${tip}`);
    if (name === 'termstructure') {
      const shownExpiry = /^(\d{4}-\d\d-\d\d)/.exec(tip)?.[1];
      const iv = /ATM IV: ([\d.]+) %/.exec(tip)?.[1];
      const entry = withIv.find((e) => e.expiry === shownExpiry);
      assert.ok(entry && iv, `a term-structure tooltip naming an expiry and its ATM IV: ${tip}`);
      assert.ok(Math.abs(Number(iv) - entry.atm_iv) <= 0.005, `tooltip ${iv} %, API ${entry.atm_iv}`);
    }
  }
  await past.mouse.move(0, 0);
  console.log(`     ${withIv.length} expiries' ATM IV, 30-day IV ${terms.cm30.iv}, ${expiry} implied forward ${forward.implied_forward} (basis ${forward.basis_spot}), RR25 ${last.rr25}, BF25 ${last.bf25}, IV rank over ${rank.days_used} days: as the API`);
});

// The build-up panel's future line and published value against a /fo/buildup answer `b`.
async function checkFutureLine(pg, shown, b, lot) {
  const wantFuture = b.future ? { class: b.future.class, oi_change: b.future.oi_change, price_change: b.future.price_change } : null;
  assert.deepEqual(shown.future, wantFuture, 'the future');
  const line = (await pg.textContent('#panel-buildup .buildup-future')).trim();
  if (b.future === null) assert.match(line, /^Future: none known/);
  else if (b.future.class === null) assert.match(line, /^Future: unknown/);
  else {
    const NAMES = { long_buildup: 'long build-up', short_buildup: 'short build-up', short_covering: 'short covering', long_unwinding: 'long unwinding', neutral: 'neutral' };
    const m = /^Future: ([a-z -]+), OI ([+-]?[\d,.]+) lots, price ([+-]?[\d,.]+)$/.exec(line);
    assert.ok(m, `a future line "Future: class, OI x lots, price y": ${line}`);
    assert.equal(m[1], NAMES[b.future.class], "the future's class");
    assert.ok(Math.abs(parseIndian(m[2]) - b.future.oi_change / lot) <= 0.005, `future OI ${m[2]} lots, API ${b.future.oi_change} / ${lot}`);
    assert.ok(Math.abs(parseIndian(m[3]) - b.future.price_change) <= 0.005, `future price ${m[3]}, API ${b.future.price_change}`);
  }
  return line;
}

await step('the OI build-up and gamma exposure panels equal the API at the same moment', async () => {
  await pastUntil((d, t) => ['buildup', 'exposures'].every((p) => d.panels[p].state === 'ready' && d.panels[p].asOf === t), pinned);
  const d = await pastState();
  const expiry = d.selection.expiry;
  const lot = pinnedChain.lot_size;
  const CLASSES = ['long_buildup', 'short_buildup', 'short_covering', 'long_unwinding', 'neutral'];
  const NAMES = { long_buildup: 'Long build-up', short_buildup: 'Short build-up', short_covering: 'Short covering', long_unwinding: 'Long unwinding', neutral: 'Neutral' };
  const counts = (side) => Object.fromEntries([...CLASSES, 'unknown'].map((c) => [c, side.counts[c]]));
  // Build-up over the timeframe's bucket ending at the moment (the API's default interval).
  const b = await api('/fo/buildup', { symbol: 'NIFTY', expiry, timeframe: d.selection.timeframe, at: pinned, strike_range: 15 });
  assert.equal(d.panels.buildup.since, b.since, 'the same interval');
  assert.deepEqual(d.panels.buildup.counts, { calls: counts(b.calls), puts: counts(b.puts) });
  assert.equal(d.panels.buildup.points, b.rows.length);
  // The future's line (this weekly expiry has none: "none known"; the monthly's below).
  const futureLine = await checkFutureLine(past, d.panels.buildup, b, lot);
  console.log(`     build-up (${expiry}) ${futureLine}`);
  const cells = await past.$$eval('#panel-buildup table.buildup-table tbody tr', (trs) => trs.map((tr) => [tr.dataset.class, [...tr.cells].map((td) => td.textContent)]));
  assert.equal(cells.length, CLASSES.length);
  for (const [cls, [, calls, topCall, puts, topPut]] of cells) {
    assert.equal(Number(calls), b.calls.counts[cls], `${cls}: calls`);
    assert.equal(Number(puts), b.puts.counts[cls], `${cls}: puts`);
    if (cls === 'neutral') continue;
    for (const [shown, side] of [[topCall, b.calls], [topPut, b.puts]]) {
      const top = side.movers[cls][0];
      if (!top) {
        assert.equal(shown, '–');
        continue;
      }
      const m = /^([\d.]+) \(([+-]?[\d,.]+)\)$/.exec(shown);
      assert.ok(m, `a mover "strike (change)": ${shown}`);
      assert.equal(Number(m[1]), top.strike, `${cls}: the biggest mover`);
      assert.ok(Math.abs(parseIndian(m[2]) - top.oi_change / lot) <= 0.005, `${cls}: ${m[2]} lots, API ${top.oi_change} / ${lot}`);
    }
  }
  // The tooltip: a strike's class and OI change in lots, as the API's row.
  const chart = past.locator('#panel-buildup .chart');
  await chart.scrollIntoViewIfNeeded();
  const box = await chart.boundingBox();
  await past.mouse.move(box.x + box.width * 0.45, box.y + box.height * 0.25, { steps: 4 });
  await past.waitForSelector('#panel-buildup .tooltip:not([hidden])', { timeout: 5000 });
  const tip = (await past.innerText('#panel-buildup .tooltip')).trim();
  const strike = Number(/Strike ([\d.]+)/.exec(tip)?.[1]);
  const row = b.rows.find((r) => r.strike === strike);
  assert.ok(row, `strike ${strike} in the API's rows: ${tip}`);
  const calls = /Calls: ([A-Za-z -]+), OI chg ([+-]?[\d,.]+) lots/.exec(tip);
  assert.ok(calls, `a calls line with the class and the OI change: ${tip}`);
  assert.equal(calls[1], row.call.class ? NAMES[row.call.class] : 'unknown');
  assert.ok(Math.abs(parseIndian(calls[2]) - row.call.oi_change / lot) <= 0.005, `tooltip ${calls[2]} lots, API ${row.call.oi_change} / ${lot}`);
  await past.mouse.move(0, 0);
  // Another interval: 30 minutes before the moment.
  await past.selectOption('#buildup-since', '30m');
  await pastUntil((d, s) => d.panels.buildup.since === s && d.panels.buildup.state === 'ready', pinned - 1800);
  const b30 = await api('/fo/buildup', { symbol: 'NIFTY', expiry, timeframe: d.selection.timeframe, at: pinned, since: '30m', strike_range: 15 });
  assert.deepEqual((await pastState()).panels.buildup.counts, { calls: counts(b30.calls), puts: counts(b30.puts) });
  await past.selectOption('#buildup-since', 'bucket');
  await pastUntil((d, s) => d.panels.buildup.since === s && d.panels.buildup.state === 'ready', b.since);

  // Gamma exposure: the totals, the zero-gamma level and a strike's GEX.
  const e = await api('/fo/exposures', { symbol: 'NIFTY', expiry, at: pinned, strike_range: 15 });
  assert.ok(e.totals, 'the simulated chain is priced');
  assert.match(e.convention, /dealers long the calls and short the puts/);
  const ex = (await pastState()).panels.exposures;
  assert.deepEqual(ex.totals, e.totals, 'the totals');
  assert.equal(ex.zeroGamma, e.zero_gamma, 'the zero-gamma level');
  assert.equal(ex.points, e.rows.length);
  for (const [id, value] of [['exp-gex', e.totals.gex], ['exp-dex', e.totals.dex], ['exp-vex', e.totals.vex]]) {
    assert.equal(await past.getAttribute(`#${id}`, 'data-value'), String(value), id);
    const text = (await past.textContent(`#${id}`)).trim();
    const unit = / Cr$/.test(text) ? 1e7 : / L$/.test(text) ? 1e5 : 1;
    assert.ok(Math.abs(parseIndian(text) - value) <= (unit * 0.01) / 2 + 0.01, `${id}: ${text} for ${value}`);
  }
  const zeroText = (await past.textContent('#exp-zero')).trim();
  if (e.zero_gamma === null) assert.match(zeroText, /none/);
  else assert.equal(parseIndian(zeroText), e.zero_gamma);
  const gexChart = past.locator('#panel-exposures .chart');
  await gexChart.scrollIntoViewIfNeeded();
  const gexBox = await gexChart.boundingBox();
  await past.mouse.move(gexBox.x + gexBox.width * 0.45, gexBox.y + gexBox.height * 0.5, { steps: 4 });
  await past.waitForSelector('#panel-exposures .tooltip:not([hidden])', { timeout: 5000 });
  const shown = (await pastState()).panels.exposures.tooltip;
  const gexRow = e.rows.find((r) => r.strike === shown.x);
  assert.ok(gexRow, `strike ${shown.x} in the API's rows`);
  const line = (label) => shown.lines.find((l) => l.label === label)?.value;
  assert.equal(line('Calls GEX'), gexRow.call.gex);
  assert.equal(line('Puts GEX'), gexRow.put.gex);
  assert.equal(line('Net GEX'), gexRow.gex);
  assert.ok(gexRow.put.gex === null || gexRow.put.gex <= 0, 'puts count negative');
  await past.mouse.move(0, 0);
  console.log(`     build-up at ${istText(pinned)} IST: calls ${JSON.stringify(counts(b.calls))}; GEX ${e.totals.gex}, zero gamma ${e.zero_gamma}`);
});

await step("the build-up panel's future line equals the API's for the near future's expiry", async () => {
  // The near month (it has a future) over the last 30 minutes before the pinned moment, in lots.
  const futures = await api('/fo/futures', { symbol: 'NIFTY', from: pinned - 3600, to: pinned });
  const expiry = futures.rollover[futures.rollover.length - 1].near_expiry;
  const page = await browser.newPage({ viewport: LAPTOP });
  try {
    await page.goto(`${base}/?symbol=NIFTY&expiry=${expiry}&at=${istText(pinned)}`);
    // A new page publishes its panels as it builds them: read them only once they exist.
    await waitIn(page, (d, [t, e]) => d.panels?.buildup?.state === 'ready' && d.panels.buildup.asOf === t && d.panels.buildup.expiry === e, [pinned, expiry]);
    await page.selectOption('#buildup-since', '30m');
    await waitIn(page, (d, s) => d.panels?.buildup?.since === s && d.panels.buildup.state === 'ready', pinned - 1800);
    const d = await page.evaluate(() => JSON.parse(JSON.stringify(window.__dashboard)));
    const b = await api('/fo/buildup', { symbol: 'NIFTY', expiry, timeframe: d.selection.timeframe, at: pinned, since: '30m', strike_range: 15 });
    assert.ok(b.future && b.future.class, `the simulated near future is classified over 30 minutes: ${JSON.stringify(b.future)}`);
    const line = await checkFutureLine(page, d.panels.buildup, b, b.lot_size);
    console.log(`     build-up (${expiry}, 30 minutes) ${line}`);
  } finally {
    await page.close();
  }
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
  // Each panel is drawn when its answer arrives: wait for every one to be drawn again.
  const updates = Object.fromEntries(PANELS.map((p) => [p, before.panels[p].updates]));
  await until(
    (d, [e, u]) => ['chain', 'oi', 'iv', 'metrics'].every((p) => d.panels[p].expiry === e) && Object.keys(u).every((p) => d.panels[p].updates > u[p]),
    [next, updates],
  );
  const after = await state();
  // The futures panel shows every future of the symbol: the expiry does not change it.
  for (const name of PANELS.filter((p) => p !== 'futures')) assert.notEqual(after.panels[name].signature, before.panels[name].signature, `${name} changed`);
  assert.ok(requested('/fo/strike-distribution', 'expiry', next));
  assert.ok(requested('/fo/expiry-metrics', 'expiry', next));
  assert.ok(requested('/fo/moneyness-series', 'expiry', next));
  assert.ok(requested('/fo/option-chain', 'expiry', next));
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
    (d, b) => d.stream.buckets > b.buckets && d.refreshes > b.refreshes && d.lastRefresh?.reason === 'stream' && d.panels.metrics.updates > b.metrics,
    { buckets: before.stream.buckets, refreshes: before.refreshes, metrics: before.panels.metrics.updates },
    60_000,
  );
  const after = await state();
  assert.ok(after.panels.metrics.updates > before.panels.metrics.updates, 'metrics redrawn');
  assert.equal(after.stream.lastBucket.symbol, after.selection.symbol);
  assert.equal(after.stream.lastBucket.expiry, after.selection.expiry);
  console.log(`     stream: ${after.stream.buckets} fo_bucket messages for the selection, last bucket ${after.stream.lastBucket.bucket_time}`);
});

await step('the chain stays live', async () => {
  const before = await state();
  await until(
    (d, b) => d.panels.chain.updates > b && ['stream', 'refetch'].includes(d.chainLive),
    before.panels.chain.updates,
    60_000,
  );
  const after = await state();
  console.log(`     chain live by ${after.chainLive === 'stream' ? 'the stream chain channel' : 're-fetching /fo/option-chain on fo_bucket'}: ${after.chainMessages.snapshots} snapshots, ${after.chainMessages.updates} updates, table drawn ${after.panels.chain.updates} times`);
});

await step('the chain channel: a snapshot, then updates change rows in place', async () => {
  // The stream's chain messages as API.md defines them, played to the page by a WebSocket route
  // standing between the page and the real server (which gets everything else), so this runs
  // whether or not the server offers the channel.
  const mock = await browser.newPage({ viewport: LAPTOP });
  mock.on('pageerror', (error) => consoleErrors.push(`page error (chain channel page): ${error.message}`));
  const sent = [];
  let toPage = null;
  await mock.routeWebSocket(/\/fo\/stream/, (ws) => {
    const server = ws.connectToServer();
    toPage = ws;
    ws.onMessage(async (text) => {
      const message = JSON.parse(text);
      if (message.channel !== 'chain') return server.send(text);
      sent.push(message);
      if (message.action !== 'subscribe') return;
      const { status, ...chain } = await api('/fo/option-chain', { symbol: message.symbol, expiry: message.expiry, strike_range: message.strike_range });
      ws.send(JSON.stringify({ type: 'chain_snapshot', ...chain }));
    });
  });
  await mock.goto(base);
  await mock.waitForFunction(() => window.__dashboard?.chainLive === 'stream' && window.__dashboard.panels.chain.source === 'stream');
  const d = await mock.evaluate(() => JSON.parse(JSON.stringify(window.__dashboard)));
  assert.deepEqual(sent[0], { action: 'subscribe', channel: 'chain', symbol: 'NIFTY', expiry: d.selection.expiry, strike_range: 10 });
  const strikes = await shownStrikes(mock);
  assert.equal(strikes.length, 21);
  // Mark the rows' elements: an update must keep them (changed cells rewritten, rows not rebuilt).
  await mock.$$eval('#panel-chain tbody tr', (trs) => trs.forEach((tr) => (tr.dataset.mark = tr.dataset.strike)));
  const header = await mock.evaluate(() => window.__dashboard.panels.chain && document.querySelector('#headline').dataset.asOf);
  const { status, ...chain } = await api('/fo/option-chain', { symbol: 'NIFTY', expiry: d.selection.expiry, strike_range: 10 });
  const row = structuredClone(chain.rows.find((r) => r.strike === strikes[10]));
  row.call.oi += chain.lot_size * 1234;
  const { rows, ...newHeader } = chain;
  newHeader.as_of = Number(header) + 1;
  toPage.send(JSON.stringify({ type: 'chain_update', header: newHeader, rows: [row], removed: [strikes[0]] }));
  await mock.waitForFunction(
    ([strike, first]) => !document.querySelector(`#panel-chain tr[data-strike="${first}"]`) && window.__dashboard.chainMessages.updates === 1,
    [row.strike, strikes[0]],
  );
  const cells = await rowCells(mock, row.strike);
  assert.equal(parseIndian(cells.call_oi), row.call.oi / chain.lot_size, 'the changed row shows the update');
  const marks = await mock.$$eval('#panel-chain tbody tr', (trs) => trs.map((tr) => [tr.dataset.strike, tr.dataset.mark]));
  assert.equal(marks.length, 20, 'the removed strike is gone');
  for (const [strike, mark] of marks) assert.equal(mark, strike, `row ${strike} kept its element`);
  await mock.close();
});

await step('choosing a past moment moves every panel; Live returns', async () => {
  const chosen = pinned - 3600;
  await page.fill('#pick-moment', istText(chosen));
  await page.$eval('#pick-moment', (el) => el.dispatchEvent(new Event('change', { bubbles: true })));
  await until((d, t) => ['chain', 'oi', 'iv', 'moneyness', 'metrics', 'cumoi', 'straddle', 'futures', 'underlying', 'strikeoi'].every((p) => d.panels[p].asOf === t && d.panels[p].state === 'ready'), chosen);
  for (const name of PANELS) {
    assert.equal(await page.textContent(`#panel-${name} .asof`), `as of ${asOfLabel(chosen)}`, `${name}'s as-of label`);
  }
  assert.equal(await page.textContent('#h-asof'), asOfLabel(chosen));
  assert.ok(requested('/fo/option-chain', 'at', chosen));
  assert.ok(requested('/fo/strike-distribution', 'bucket_time', chosen));
  assert.ok(requested('/fo/expiry-metrics', 'to', chosen));
  assert.ok(requested('/fo/moneyness-series', 'to', chosen));
  assert.equal(new URL(page.url()).searchParams.get('at'), istText(chosen), 'the moment in the URL');
  await page.screenshot({ path: path.join(shots, 'laptop-past.png'), fullPage: true });
  // A step back by one bucket, then live again.
  await page.click('#moment-back');
  const step = { '1min': 60, '3min': 180, '5min': 300, '15min': 900 }[(await state()).selection.timeframe];
  await until((d, t) => d.panels.chain.asOf === t && d.panels.metrics.asOf === t, chosen - step);
  await page.click('#moment-live');
  await until((d, t) => d.selection.at === null && d.panels.chain.asOf > t && d.panels.oi.asOf > t, pinned);
  assert.equal(new URL(page.url()).searchParams.get('at'), null, 'live: no moment in the URL');
});

await step('a bookmarked URL restores the view', async () => {
  // Change the view on the pinned page, then open its URL in a new page.
  const options = await past.$$eval('#pick-expiry option', (os) => os.map((o) => o.value));
  assert.ok(options.length >= 2, 'two expiries at least');
  await past.selectOption('#pick-expiry', options[1]);
  await pastUntil((d, e) => d.panels.chain.expiry === e && d.panels.chain.state === 'ready' && d.panels.chain.points > 0, options[1]);
  const near = await shownStrikes(past); // ATM +- 10 of this expiry
  const three = near.slice(Math.max(0, Math.floor(near.length / 2) - 1), Math.floor(near.length / 2) + 2);
  await past.selectOption('#pick-timeframe', '15min');
  await past.click('#units-units');
  await past.click('#chain-greeks');
  await past.selectOption('#chain-range', '5');
  await past.click('#iv-more-expiries');
  await past.fill('#strikeoi-strikes', three.join(', '));
  await past.$eval('#strikeoi-strikes', (el) => el.dispatchEvent(new Event('change', { bubbles: true })));
  await past.click('.panel-picker summary');
  await past.uncheck('#pick-panels input[value="underlying"]');
  // The smiles the API has for the next two expiries at that moment (the oracle of the IV panel).
  const smiles = await api('/fo/strike-distribution', { symbol: 'NIFTY', timeframe: '15min', indicator: 'iv', strike_range: 15, bucket_time: pinned, expiry: options.slice(1, 4).join(',') });
  const others = smiles.series.map((x) => x.expiry).filter((e) => e !== options[1]).join(',');
  await pastUntil(
    (d, [ks, o]) =>
      d.selection.timeframe === '15min' &&
      d.panels.chain.state === 'ready' &&
      d.panels.chain.points === 11 &&
      d.panels.oi.units === 'units' &&
      d.panels.iv.otherExpiries === o &&
      d.panels.strikeoi.strikes === ks &&
      d.panels.strikeoi.units === 'units',
    [three.join(','), others],
  );
  const want = (await pastState()).selection;
  const url = past.url();
  const other = await browser.newPage({ viewport: LAPTOP });
  other.on('pageerror', (error) => consoleErrors.push(`page error (bookmark page): ${error.message}`));
  await other.goto(url);
  await waitIn(
    other,
    (d, t) => d.panels.chain.state === 'ready' && d.panels.chain.asOf === t && ['metrics', 'iv', 'strikeoi'].every((p) => d.panels[p].state === 'ready' && d.panels[p].asOf === t),
    pinned,
  );
  const got = await other.evaluate(() => JSON.parse(JSON.stringify(window.__dashboard)));
  assert.deepEqual(got.selection, want, 'the same selection');
  assert.equal(got.selection.at, pinned);
  assert.equal(await other.inputValue('#pick-expiry'), options[1]);
  assert.equal(await other.inputValue('#pick-timeframe'), '15min');
  assert.equal(await other.inputValue('#pick-moment'), istText(pinned));
  assert.equal(got.panels.chain.points, 11, 'ATM +- 5');
  assert.equal(got.panels.chain.units, 'units');
  assert.ok(await other.isHidden('#panel-underlying'), 'the underlying panel stays hidden');
  assert.ok(await other.isVisible(`#panel-chain td[data-col="call_delta"]`), 'Greeks shown');
  assert.equal(got.panels.iv.otherExpiries, others, 'the IV smiles of the next expiries');
  assert.equal(got.panels.strikeoi.strikes, three.join(','), 'the chosen strikes');
  await other.close();
  // Back to the default view for the phone.
  await past.goto(`${base}/?symbol=NIFTY&expiry=${pinnedChain.expiry}&at=${istText(pinned)}`);
  await pastUntil((d, t) => d.panels.chain.state === 'ready' && d.panels.chain.asOf === t, pinned);
});

// Every element inside the viewport's width (none sticks out to the right or left).
const overflowing = (pg) =>
  pg.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const out = [];
    for (const el of document.querySelectorAll('body *')) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 && r.height === 0) continue;
      if (r.right > width + 0.5 || r.left < -0.5) out.push(`${el.tagName.toLowerCase()}#${el.id}.${el.className} ${Math.round(r.left)}..${Math.round(r.right)}`);
    }
    return { scrollWidth: document.documentElement.scrollWidth, width, out: out.slice(0, 8) };
  });

await step('the phone layout fits the screen, live and past', async () => {
  for (const [pg, name] of [
    [page, 'phone-live.png'],
    [past, 'phone-past.png'],
  ]) {
    await pg.setViewportSize(PHONE);
    await pg.waitForTimeout(500);
    const found = await overflowing(pg);
    assert.ok(found.scrollWidth <= PHONE.width, `no horizontal scroll (scrollWidth ${found.scrollWidth})`);
    assert.deepEqual(found.out, [], 'no element outside the viewport');
    const columns = await pg.$eval('main.grid', (el) => getComputedStyle(el).gridTemplateColumns.split(' ').length);
    assert.equal(columns, 1, 'the charts stack');
    // The chain keeps OI, OI change and LTP on each side of the strike.
    const heads = await pg.$$eval('#panel-chain thead tr:last-child th', (ths) => ths.filter((th) => th.offsetParent !== null).map((th) => th.textContent));
    assert.deepEqual(heads.map((h) => h.replace(/ \(.*\)$/, '')), ['OI chg', 'OI', 'LTP', 'Strike', 'LTP', 'OI', 'OI chg']);
    await pg.screenshot({ path: path.join(shots, name), fullPage: true });
  }
  await page.setViewportSize(LAPTOP);
  await past.close();
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
    ([r, m]) => window.__dashboard.refreshes > r && window.__dashboard.lastRefresh?.reason === 'poll' && window.__dashboard.panels.metrics.updates > m,
    [before.refreshes, before.panels.metrics.updates],
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
