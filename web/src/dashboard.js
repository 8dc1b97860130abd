// The dashboard's controller: holds the selection (symbol, expiry, timeframe, indicator, OI view,
// the moment: null for live, units, the chain's strike range, OI change basis and Greeks, the
// panels shown), keeps it in the URL (url_state.js), loads the panels from the HTTP API and keeps
// them live: the option chain from the stream's chain channel when the server offers it (else it
// is fetched again on each fo_bucket message), the other panels refreshed on each fo_bucket
// message; while the stream is down it polls every few seconds and says so. A chosen moment (the
// time machine) pins every panel to it. Its state is published as window.__dashboard (read by the
// browser test).
import {
  fetchBuildup,
  fetchExpiries,
  fetchExpiryMetrics,
  fetchExposures,
  fetchFutures,
  fetchHealth,
  fetchImpliedForward,
  fetchIndicators,
  fetchIvRank,
  fetchMoneynessSeries,
  fetchOptionChain,
  fetchSkewSeries,
  fetchStrikeDistribution,
  fetchStrikeHistory,
  fetchTermStructure,
} from './api.js';
import { sideColors } from './charts.js';
import { quantityUnits } from './format.js';
import { BUILDUP_SINCE, BuildupPanel } from './panels/buildup_panel.js';
import { ChainPanel } from './panels/chain_panel.js';
import { CumulativeOiPanel } from './panels/cumulative_oi_panel.js';
import { IvRankPanel } from './panels/iv_rank_panel.js';
import { IvSmilePanel, MAX_OTHER_EXPIRIES } from './panels/iv_panel.js';
import { ExposuresPanel } from './panels/exposures_panel.js';
import { ExpiryMetricsPanel } from './panels/metrics_panel.js';
import { MoneynessPanel } from './panels/moneyness_panel.js';
import { OpenInterestPanel } from './panels/oi_panel.js';
import { SkewPanel } from './panels/skew_panel.js';
import { StraddlePanel } from './panels/straddle_panel.js';
import { FuturesPanel } from './panels/futures_panel.js';
import { MAX_STRIKES, StrikeOiPanel } from './panels/strike_oi_panel.js';
import { TermStructurePanel } from './panels/term_structure_panel.js';
import { UnderlyingPanel } from './panels/underlying_panel.js';
import { detailsOnDay, expiryDetails, expiryLabel, fillSelect, moneynessIndicators } from './pickers.js';
import { StreamClient } from './stream.js';
import { TIMEFRAMES, TIMEFRAME_SECONDS, formatIstDateTime, istInputValue, nowSeconds, parseIstMoment, windowSeconds } from './time.js';
import { readUrl, writeUrl } from './url_state.js';

const POLL_MS = 5000;
const STREAM_REFRESH_MS = 750; // coalesces a burst of fo_bucket messages into one refresh
const CHAIN_STREAM_WAIT_MS = 4000; // no chain_snapshot by then: the server has no chain channel
const STRIKE_RANGE = 15; // the strike charts
const FALLBACK_INDICATORS = [
  { value: 'iv', label: 'IV by moneyness', isDefault: true },
  { value: 'oi', label: 'OI by moneyness' },
];
// Every panel, in page order, with its name in the panel picker.
const PANELS = [
  ['chain', 'Option chain'],
  ['oi', 'OI by strike'],
  ['iv', 'IV smile'],
  ['moneyness', 'By moneyness'],
  ['metrics', 'PCR and max pain'],
  ['cumoi', 'Call vs put OI'],
  ['straddle', 'ATM straddle and IV'],
  ['futures', 'Futures and rollover'],
  ['underlying', 'Underlying'],
  ['strikeoi', 'OI of chosen strikes'],
  ['termstructure', 'IV term structure and forward'],
  ['skew', 'RR25 and BF25'],
  ['ivrank', 'IV rank'],
  ['buildup', 'OI build-up'],
  ['exposures', 'Gamma exposure'],
];
const PANEL_NAMES = PANELS.map(([name]) => name);
const STRIKE_PANELS = ['chain', 'oi', 'iv'];
const TIME_PANELS = ['moneyness', 'metrics', 'cumoi', 'straddle', 'futures', 'underlying', 'strikeoi', 'termstructure', 'skew'];
const METRICS_PANELS = ['metrics', 'cumoi', 'straddle', 'underlying']; // from /fo/expiry-metrics
const ANALYTICS_PANELS = ['buildup', 'exposures']; // /fo/buildup and /fo/exposures at the moment
const SINCE_PARAM = { close: undefined, open: undefined, '30m': '30m', '1h': '1h' };
const $ = (id) => document.getElementById(id);

export class Dashboard {
  constructor() {
    this.state = {
      selection: {
        symbol: 'NIFTY',
        expiry: null,
        timeframe: '5min',
        indicator: 'iv',
        oiView: 'oi',
        at: null, // epoch seconds; null: live
        units: 'lots',
        range: '10',
        since: 'close',
        greeks: false,
        smiles: 1, // expiries in the IV smile: the chosen one, or it and the next two
        strikes: [], // the strikes of the strikes' OI panel; empty: ATM and its neighbours
        calls: 'red', // the calls' colour: 'red' (puts green, the Indian convention) or 'green'
        panels: [...PANEL_NAMES],
      },
      simulated: null,
      symbols: [],
      expiries: [],
      indicators: [],
      newestBarTime: null,
      stream: { mode: 'connecting', messages: 0, buckets: 0, lastBucket: null },
      chainLive: 'off', // off | pending | stream (chain channel) | refetch (fetched on fo_bucket)
      chainMessages: { snapshots: 0, updates: 0 },
      polling: false,
      refreshes: 0,
      lastRefresh: null, // { reason, at, panels }
      timings: {}, // ms since navigation start: chainFilled (the first chain table drawn)
      errors: [],
      panels: {},
    };
    window.__dashboard = this.state;
    this.requestSeq = 0;
    this.panelSeq = {}; // panel -> sequence number of its newest request
    this.refreshTimer = null;
    this.pollTimer = null;
    this.expiryRetry = null;
    this.chainWait = null;
    this.lotSize = null;
  }

  get sel() {
    return this.state.selection;
  }

  async start() {
    // The chain first: its request and the catalogue's leave at once, the chain table is drawn as
    // soon as its answer is in, and only then are the charts built (creating and first painting
    // them keeps the main thread busy for a few hundred milliseconds).
    this.askEarlyChain();
    this.askEarlyCatalogue();
    const report = this.state.panels;
    this.panels = { chain: new ChainPanel(report) };
    this.applyUrl();
    const early = await Promise.race([this.earlyChain.answer.catch(() => null), new Promise((resolve) => setTimeout(resolve, 1500))]);
    if (early?.rows && this.earlyChain && early.symbol === this.sel.symbol && (!this.sel.expiry || early.expiry === this.sel.expiry)) {
      this.lotSize = early.lot_size ?? null;
      if (this.sel.panels.includes('chain')) this.drawChain(early, 'http');
      else this.panels.chain.showHeadline(early, quantityUnits(this.sel.units, early.lot_size));
    }
    Object.assign(this.panels, {
      oi: new OpenInterestPanel(report),
      iv: new IvSmilePanel(report),
      moneyness: new MoneynessPanel(report),
      metrics: new ExpiryMetricsPanel(report),
      cumoi: new CumulativeOiPanel(report),
      straddle: new StraddlePanel(report),
      futures: new FuturesPanel(report),
      strikeoi: new StrikeOiPanel(report),
      underlying: new UnderlyingPanel(report),
      ...analyticsPanels(report),
    });
    this.addVolatilityPanels(report);
    this.showControls();
    this.bindControls();
    this.stream = new StreamClient({
      onBucket: (m) => this.onBucket(m),
      onMode: (mode) => this.onStreamMode(mode),
      onChain: (m) => this.onChainMessage(m),
      onError: (m) => this.onStreamError(m),
    });
    await this.loadCatalogue();
    this.stream.start();
    this.followStream();
  }

  // The chain the URL names (or the server's default expiry) is asked for at once, before the
  // catalogue: the first refresh uses the answer when it is for the expiry chosen by then.
  askEarlyChain() {
    const url = readUrl();
    const params = {
      symbol: url.symbol ?? 'NIFTY',
      expiry: url.expiry,
      at: url.at,
      strike_range: !url.panels || url.panels.includes('chain') ? (url.range ?? this.sel.range) : 1,
      since: SINCE_PARAM[url.since ?? this.sel.since],
    };
    const answer = fetchOptionChain(params);
    answer.catch(() => {});
    this.earlyChain = { params, answer };
  }

  // The chain for `params`: the early answer when it fits, else a new request.
  chainFor(params) {
    const early = this.earlyChain;
    this.earlyChain = null;
    const same = early && ['symbol', 'at', 'strike_range', 'since'].every((k) => String(early.params[k]) === String(params[k]));
    if (!same || (early.params.expiry && early.params.expiry !== params.expiry)) return fetchOptionChain(params);
    return early.answer.then(
      (chain) => (chain.expiry === params.expiry ? chain : fetchOptionChain(params)),
      () => fetchOptionChain(params),
    );
  }

  // --- the URL and the controls that mirror the selection -------------------------------------------

  applyUrl() {
    const wanted = readUrl();
    const sel = this.sel;
    for (const key of ['symbol', 'expiry', 'timeframe', 'indicator', 'oiView', 'at', 'units', 'range', 'greeks', 'smiles', 'strikes', 'calls']) {
      if (wanted[key] !== undefined) sel[key] = wanted[key];
    }
    if (wanted.since && wanted.since in SINCE_PARAM) sel.since = wanted.since;
    if (wanted.panels) {
      const panels = PANEL_NAMES.filter((p) => wanted.panels.includes(p));
      if (panels.length > 0) sel.panels = panels;
    }
    this.wantedExpiry = wanted.expiry ?? null;
    this.wantedSymbol = wanted.symbol ?? null;
    this.showControls();
  }

  // Puts the selection into the controls that are not filled from the server, and the URL.
  showControls() {
    const sel = this.sel;
    $('oi-view-oi').setAttribute('aria-pressed', String(sel.oiView === 'oi'));
    $('oi-view-change').setAttribute('aria-pressed', String(sel.oiView !== 'oi'));
    $('units-lots').setAttribute('aria-pressed', String(sel.units === 'lots'));
    $('units-units').setAttribute('aria-pressed', String(sel.units !== 'lots'));
    $('calls-red').setAttribute('aria-pressed', String(sel.calls === 'red'));
    $('calls-green').setAttribute('aria-pressed', String(sel.calls !== 'red'));
    document.body.dataset.calls = sel.calls;
    for (const name of ['oi', 'iv', 'cumoi', ...ANALYTICS_PANELS]) this.panels[name]?.setSideColors(sideColors(sel.calls));
    $('chain-greeks').setAttribute('aria-pressed', String(sel.greeks));
    $('iv-more-expiries').setAttribute('aria-pressed', String(sel.smiles > 1));
    this.showProvenance();
    if (document.activeElement !== $('strikeoi-strikes')) $('strikeoi-strikes').value = sel.strikes.join(', ');
    if (![...$('chain-range').options].some((o) => o.value === sel.range)) {
      const option = document.createElement('option');
      option.value = sel.range;
      option.textContent = `ATM ± ${sel.range}`;
      $('chain-range').append(option);
    }
    $('chain-range').value = sel.range;
    $('chain-since').value = sel.since;
    this.panels.chain.setGreeks(sel.greeks);
    this.panels.chain.setChangeBasis(sel.since);
    this.panels.chain.setUnits(sel.units);
    for (const name of PANEL_NAMES) this.panels[name]?.setVisible(sel.panels.includes(name));
    const picker = $('pick-panels');
    if (picker.childElementCount === 0) {
      for (const [name, label] of PANELS) {
        const box = document.createElement('label');
        const input = document.createElement('input');
        input.type = 'checkbox';
        input.value = name;
        input.addEventListener('change', () => {
          const chosen = [...picker.querySelectorAll('input:checked')].map((i) => i.value);
          const added = chosen.filter((p) => !this.sel.panels.includes(p));
          this.sel.panels = chosen;
          this.showControls();
          if (added.length > 0) this.refresh('selection', added);
          this.followStream();
        });
        box.append(input, ` ${label}`);
        picker.append(box);
      }
    }
    for (const input of picker.querySelectorAll('input')) input.checked = sel.panels.includes(input.value);
    this.showMoment();
    writeUrl(sel);
  }

  showMoment() {
    const at = this.sel.at;
    const input = $('pick-moment');
    $('moment-live').setAttribute('aria-pressed', String(at === null));
    document.body.dataset.moment = at === null ? 'live' : 'past';
    if (this.state.newestBarTime) input.max = istInputValue(this.state.newestBarTime - (this.state.newestBarTime % 60));
    if (document.activeElement === input) return; // not while someone types in it
    const shown = at ?? this.panels.chain.header?.as_of ?? this.state.newestBarTime;
    const value = shown ? istInputValue(shown - (at === null ? shown % 60 : 0)) : '';
    if (input.value !== value) input.value = value;
  }

  bindControls() {
    $('pick-symbol').addEventListener('change', (e) => {
      this.sel.symbol = e.target.value;
      this.sel.expiry = null;
      this.showControls();
      this.followStream();
      this.loadExpiries();
    });
    $('pick-expiry').addEventListener('change', (e) => this.select({ expiry: e.target.value }));
    $('pick-timeframe').addEventListener('change', (e) => this.select({ timeframe: e.target.value }, ['oi', 'iv', ...TIME_PANELS, 'buildup']));
    $('pick-indicator').addEventListener('change', (e) => this.select({ indicator: e.target.value }, ['moneyness']));
    for (const [id, view] of [
      ['oi-view-oi', 'oi'],
      ['oi-view-change', 'oi_change'],
    ]) {
      $(id).addEventListener('click', () => this.select({ oiView: view }, ['oi']));
    }
    for (const [id, units] of [
      ['units-lots', 'lots'],
      ['units-units', 'units'],
    ]) {
      $(id).addEventListener('click', () => this.select({ units }, ['oi', 'moneyness', 'cumoi', 'strikeoi', 'buildup']));
    }
    for (const [id, calls] of [
      ['calls-red', 'red'],
      ['calls-green', 'green'],
    ]) {
      $(id).addEventListener('click', () => {
        this.sel.calls = calls;
        this.showControls();
      });
    }
    $('chain-greeks').addEventListener('click', () => {
      this.sel.greeks = !this.sel.greeks;
      this.showControls();
    });
    $('iv-more-expiries').addEventListener('click', () => this.select({ smiles: this.sel.smiles > 1 ? 1 : 1 + MAX_OTHER_EXPIRIES }, ['iv']));
    $('strikeoi-strikes').addEventListener('change', (e) => {
      const strikes = e.target.value
        .split(/[\s,]+/)
        .map(Number)
        .filter((k) => Number.isFinite(k) && k > 0)
        .slice(0, MAX_STRIKES);
      this.select({ strikes }, ['strikeoi']);
    });
    $('chain-range').addEventListener('change', (e) => this.select({ range: e.target.value }, ['chain']));
    $('chain-since').addEventListener('change', (e) => this.select({ since: e.target.value }, ['chain', 'oi']));
    // The time machine: a moment anywhere in the stored history, a timeframe back or on, or live.
    $('pick-moment').addEventListener('change', (e) => {
      const at = parseIstMoment(e.target.value);
      if (at !== null) this.select({ at });
    });
    const step = (direction) => {
      const size = TIMEFRAME_SECONDS[this.sel.timeframe] ?? 300;
      const from = this.sel.at ?? this.panels.chain.header?.as_of ?? this.state.newestBarTime ?? nowSeconds();
      const at = from + direction * size;
      const newest = this.state.newestBarTime ?? nowSeconds();
      this.select({ at: direction > 0 && at > newest ? null : at });
    };
    $('moment-back').addEventListener('click', () => step(-1));
    $('moment-forward').addEventListener('click', () => step(1));
    $('moment-live').addEventListener('click', () => this.select({ at: null }));
    this.bindAnalyticsControls();
  }

  // The OI build-up's interval (the panel's own choice, not part of the URL's view).
  bindAnalyticsControls() {
    $('buildup-since').addEventListener('change', () => this.refresh('selection', ['buildup']));
  }

  // Changes the selection and reloads `panels` (default: every panel).
  select(change, panels = PANEL_NAMES) {
    const momentMoved = 'at' in change && change.at !== this.sel.at;
    Object.assign(this.sel, change);
    if (momentMoved && this.expiryDetails) fillSelect($('pick-expiry'), this.expiryOptions(), this.sel.expiry);
    this.showControls();
    this.followStream();
    this.refresh('selection', panels);
  }

  // --- catalogue: health (simulated flag, symbols), indicators, expiries --------------------------

  // The indicators and the likely symbol's expiries are asked for beside /health (not after it):
  // the chain waits for the expiry, so each round trip saved shows it sooner.
  askEarlyCatalogue() {
    const guess = readUrl().symbol ?? 'NIFTY';
    const early = { health: fetchHealth(), indicators: fetchIndicators(), expiries: { symbol: guess, answer: fetchExpiries(guess) } };
    for (const promise of [early.health, early.indicators, early.expiries.answer]) promise.catch(() => {});
    this.earlyExpiries = early.expiries;
    this.earlyCatalogue = early;
  }

  async loadCatalogue() {
    const early = this.earlyCatalogue;
    for (;;) {
      try {
        await this.loadHealth();
        break;
      } catch (e) {
        this.message(`Cannot reach the server (${e.message}); retrying…`, 'error');
        await new Promise((resolve) => setTimeout(resolve, 3000));
      }
    }
    let indicators = FALLBACK_INDICATORS;
    try {
      const found = moneynessIndicators(await early.indicators.catch(() => fetchIndicators()));
      if (found.length > 0) indicators = found;
    } catch (e) {
      this.noteError(`indicators: ${e.message}`);
    }
    this.state.indicators = indicators.map((i) => i.value);
    const preferred = indicators.find((i) => i.isDefault)?.value ?? indicators[0].value;
    const wantedIndicator = this.state.indicators.includes(this.sel.indicator) && readUrl().indicator ? this.sel.indicator : preferred;
    this.sel.indicator = fillSelect($('pick-indicator'), indicators, wantedIndicator);
    this.sel.timeframe = fillSelect(
      $('pick-timeframe'),
      TIMEFRAMES.map((t) => ({ value: t, label: t })),
      this.sel.timeframe,
    );
    const symbols = this.state.symbols.length > 0 ? this.state.symbols : ['NIFTY', 'BANKNIFTY'];
    const symbol = symbols.includes(this.wantedSymbol) ? this.wantedSymbol : symbols.includes('NIFTY') ? 'NIFTY' : symbols[0];
    this.sel.symbol = fillSelect(
      $('pick-symbol'),
      symbols.map((s) => ({ value: s, label: s })),
      symbol,
    );
    await this.loadExpiries();
  }

  async loadHealth() {
    const early = this.earlyCatalogue?.health;
    if (this.earlyCatalogue) this.earlyCatalogue.health = null;
    const health = await (early ?? fetchHealth());
    this.health = health;
    this.showProvenance();
    if (Array.isArray(health.symbols)) this.state.symbols = health.symbols;
    if (health.newest_bar_time) this.state.newestBarTime = Math.max(this.state.newestBarTime ?? 0, health.newest_bar_time);
    if (health.status !== 'healthy') this.message(`The server reports itself unhealthy: ${JSON.stringify(health)}`, 'error');
    return health;
  }

  // The badge: whether the data shown is simulated, from the provenance /health reports per symbol
  // and expiry (the stored data's, not the running feed's); the server's flag when it names none.
  showProvenance() {
    const health = this.health ?? {};
    const { symbol, expiry } = this.sel;
    const entry = expiry ? health.sources?.[symbol]?.[expiry] : undefined;
    this.state.simulated = entry ? Boolean(entry.simulated) : Boolean(health.simulated ?? health.feed?.simulated);
    this.state.source = entry?.source ?? null;
    const badge = $('simulated-badge');
    badge.hidden = !this.state.simulated;
    badge.textContent = entry?.source === 'mixed' ? 'PARTLY SIMULATED' : 'SIMULATED DATA';
    badge.title = entry
      ? `${symbol} ${expiry}: ${entry.source === 'mixed' ? 'simulated and real bars mixed' : "the built-in market simulator's bars"}: not real market prices`
      : 'The server serves data of the built-in market simulator: not real market prices';
  }

  async loadExpiries() {
    const symbol = this.sel.symbol;
    this.message(`Loading the expiries of ${symbol}…`);
    let details = [];
    const early = this.earlyExpiries?.symbol === symbol ? this.earlyExpiries.answer : null;
    this.earlyExpiries = null;
    try {
      details = expiryDetails(await (early ? early.catch(() => fetchExpiries(symbol)) : fetchExpiries(symbol)));
    } catch (e) {
      this.message(`Cannot load the expiries of ${symbol}: ${e.message}`, 'error');
    }
    this.state.expiries = details.map((d) => d.date);
    this.expiryDetails = details;
    // The nearest expiry not expired at the moment shown (live: today).
    const day = this.sel.at === null ? null : istInputValue(this.sel.at).slice(0, 10);
    const upcoming = details.find((d) => (day ? d.date >= day : d.days_to_expiry === null || d.days_to_expiry >= 0)) ?? details[0];
    const wanted = this.wantedExpiry ?? this.sel.expiry;
    this.wantedExpiry = null;
    const keep = this.state.expiries.includes(wanted) ? wanted : upcoming?.date;
    this.sel.expiry =
      fillSelect(
        $('pick-expiry'),
        this.expiryOptions(),
        keep,
      ) || null;
    if (!this.sel.expiry) {
      this.message(`No expiries stored for ${symbol} yet: the feed has not written any bars. Waiting for data…`);
      for (const panel of Object.values(this.panels)) panel.empty(`No data for ${symbol} yet.`);
      // Look again in a while: the feed or an import may write the first bars at any moment.
      clearTimeout(this.expiryRetry);
      this.expiryRetry = setTimeout(() => {
        if (!this.sel.expiry && this.sel.symbol === symbol) this.loadExpiries();
      }, POLL_MS);
      return;
    }
    this.message('');
    this.showControls();
    this.followStream();
    await this.refresh('selection');
  }

  // The expiry picker's options, labelled as of the moment shown (live: the server's labels).
  expiryOptions() {
    const details = this.expiryDetails ?? [];
    const shown = this.sel.at === null ? details : detailsOnDay(details, istInputValue(this.sel.at).slice(0, 10));
    return shown.map((d) => ({ value: d.date, label: expiryLabel(d) }));
  }

  // --- loading the panels ---------------------------------------------------------------------------

  // Reloads `panels` (default: every panel shown) for the current selection. Each panel is drawn as
  // soon as its answer arrives, unless the selection changed meanwhile or a newer request for the
  // same panel was made. Quantity panels wait for the chain's header (the expiry's lot size).
  async refresh(reason, panels = PANEL_NAMES) {
    const sel = { ...this.sel, panels: [...this.sel.panels] };
    if (!sel.expiry) return;
    const shown = panels.filter((p) => sel.panels.includes(p));
    const common = { symbol: sel.symbol, timeframe: sel.timeframe, expiry: sel.expiry };
    const to = sel.at ?? Math.max(this.state.newestBarTime ?? 0, nowSeconds()) + 60;
    const from = (sel.at ?? this.state.newestBarTime ?? nowSeconds()) - windowSeconds(sel.timeframe);
    const waiting = `Loading ${sel.symbol} ${sel.expiry} (${sel.timeframe})…`;
    const seq = {};
    for (const name of shown) {
      this.panels[name].loading(waiting);
      seq[name] = this.panelSeq[name] = ++this.requestSeq;
    }
    const key = JSON.stringify(sel);
    const current = (name) => JSON.stringify(this.sel) === key && this.panelSeq[name] === seq[name];
    const jobs = [];
    let drew = 0;
    const job = (names, promise, draw) => {
      jobs.push(
        promise.then(
          (r) => {
            const live = names.filter(current);
            if (live.length > 0) {
              draw(r, live);
              drew += 1;
              // An empty panel still says the moment it was asked about (nothing stored then).
              for (const name of live) if (this.panels[name].el.dataset.state === 'empty') this.panels[name].showAsOf(sel.at);
            }
          },
          (e) => {
            for (const name of names.filter(current)) this.panelError(name, e);
          },
        ),
      );
    };

    // The chain: always read (its header is the headline and gives the expiry's lot size), with
    // one strike when its panel is hidden.
    const wantsChain = panels.includes('chain') || this.lotSize === null;
    const streamDrawsBefore = this.chainStreamDraws ?? 0;
    const chainPromise = wantsChain
      ? this.chainFor({
          symbol: sel.symbol,
          expiry: sel.expiry,
          at: sel.at ?? undefined,
          strike_range: sel.panels.includes('chain') ? sel.range : 1,
          since: SINCE_PARAM[sel.since],
        })
      : Promise.resolve(null);
    if (wantsChain) {
      if (!seq.chain) seq.chain = this.panelSeq.chain = ++this.requestSeq;
      job(['chain'], chainPromise, (chain) => {
        // The stream's table is newer than an answer requested before it arrived.
        if (sel.at === null && this.state.chainLive === 'stream' && (this.chainStreamDraws ?? 0) !== streamDrawsBefore) return;
        this.lotSize = chain.lot_size ?? null;
        if (sel.panels.includes('chain')) this.drawChain(chain, 'http');
        else this.panels.chain.showHeadline(chain, quantityUnits(sel.units, chain.lot_size));
      });
    }
    const lotSize = chainPromise.then(
      (chain) => chain?.lot_size ?? this.lotSize,
      () => this.lotSize,
    );
    const units = () => lotSize.then((size) => quantityUnits(sel.units, size));

    const bucketTime = sel.at ?? undefined;
    if (shown.includes('oi')) {
      // The change in OI since a time other than the previous close is the chain's oi_change_since
      // (the chain's "OI chg since" choice); otherwise the strike distribution's oi / oi_change.
      const sinceChosen = sel.oiView === 'oi_change' && sel.since !== 'close';
      const request = sinceChosen
        ? fetchOptionChain({ symbol: sel.symbol, expiry: sel.expiry, at: sel.at ?? undefined, strike_range: STRIKE_RANGE, since: SINCE_PARAM[sel.since] }).then(changeSince)
        : fetchStrikeDistribution({ ...common, indicator: sel.oiView, strike_range: STRIKE_RANGE, bucket_time: bucketTime });
      job(['oi'], Promise.all([request, units()]), ([r, u]) => this.panels.oi.show(r, sel.oiView, u));
    }
    if (shown.includes('iv')) {
      // The chosen expiry and, with more smiles, the next listed ones.
      const later = this.state.expiries.filter((e) => e > sel.expiry).slice(0, sel.smiles - 1);
      const request = fetchStrikeDistribution({ ...common, expiry: [sel.expiry, ...later].join(','), indicator: 'iv', strike_range: STRIKE_RANGE, bucket_time: bucketTime });
      job(['iv'], request, (r) => this.panels.iv.show(r, sel.expiry));
    }
    if (shown.includes('moneyness')) {
      const label = $('pick-indicator').selectedOptions[0]?.textContent?.replace(/ by moneyness$/i, '') ?? sel.indicator;
      const request = fetchMoneynessSeries({ ...common, indicator: sel.indicator, from, to });
      job(['moneyness'], Promise.all([request, units()]), ([r, u]) => this.panels.moneyness.show(r, label, u, sel.at ?? lastTime(r)));
    }
    if (shown.includes('strikeoi')) {
      // The chosen strikes, or ATM and the listed strikes either side of it.
      const strikes = sel.strikes.length > 0 ? Promise.resolve(sel.strikes) : chainPromise.then((chain) => nearAtm(chain ?? this.panels.chain.header), () => nearAtm(this.panels.chain.header));
      const histories = strikes.then((ks) => Promise.all(ks.map((strike) => fetchStrikeHistory({ ...common, strike, from, to }))));
      job(['strikeoi'], Promise.all([histories, units()]), ([h, u]) => this.panels.strikeoi.show(h, u, sel.at));
    }
    if (shown.includes('futures')) this.askFutures(job, { symbol: sel.symbol, timeframe: sel.timeframe, from, to }, units, sel.at);
    const metricsPanels = METRICS_PANELS.filter((p) => shown.includes(p));
    if (metricsPanels.length > 0) {
      job(metricsPanels, Promise.all([fetchExpiryMetrics({ ...common, from, to }), units()]), ([r, u], live) => {
        const times = (r.points ?? []).map((p) => p.time);
        if (times.length > 0 && sel.at === null) this.state.newestBarTime = Math.max(this.state.newestBarTime ?? 0, times[times.length - 1]);
        const asOf = sel.at ?? times[times.length - 1] ?? null;
        if (live.includes('metrics')) this.panels.metrics.show(r, asOf);
        if (live.includes('cumoi')) this.panels.cumoi.show(r, u, asOf);
        if (live.includes('straddle')) this.panels.straddle.show(r, asOf);
        if (live.includes('underlying')) this.panels.underlying.show(r, sel.symbol, asOf);
      });
    }
    this.refreshVolatility(shown, sel, job, from, to);
    this.refreshAnalytics(sel, shown, job, units);
    await Promise.all(jobs);
    if (JSON.stringify(this.sel) !== key || drew === 0) return; // selection moved on, or a newer refresh draws
    this.state.refreshes += 1;
    this.state.lastRefresh = { reason, at: Date.now(), panels };
    this.showMoment();
    $('data-time').textContent = this.state.newestBarTime ? `data to ${formatIstDateTime(this.state.newestBarTime)}` : '';
  }

  // --- the implied forward and the volatility regime ----------------------------------------------

  addVolatilityPanels(report) {
    Object.assign(this.panels, {
      termstructure: new TermStructurePanel(report),
      skew: new SkewPanel(report),
      ivrank: new IvRankPanel(report),
    });
  }

  // Queues (through refresh()'s `job`) the requests of the volatility panels among `shown`: the
  // term structure and the implied forwards as of the moment, the chosen expiry's skew over the
  // window, the IV rank as of the moment. The IV rank's daily history does not follow live buckets
  // (scheduleLiveRefresh leaves it out): it moves with the selection.
  refreshVolatility(shown, sel, job, from, to) {
    const at = sel.at ?? undefined;
    if (shown.includes('termstructure')) {
      const request = Promise.all([fetchTermStructure({ symbol: sel.symbol, at }), fetchImpliedForward({ symbol: sel.symbol, at })]);
      job(['termstructure'], request, ([terms, forwards]) => this.panels.termstructure.show(terms, forwards, sel.expiry));
    }
    if (shown.includes('skew')) {
      const request = fetchSkewSeries({ symbol: sel.symbol, expiry: sel.expiry, timeframe: sel.timeframe, from, to });
      job(['skew'], request, (r) => this.panels.skew.show(r, sel.at ?? lastTime(r)));
    }
    if (shown.includes('ivrank')) {
      job(['ivrank'], fetchIvRank({ symbol: sel.symbol, at }), (r) => this.panels.ivrank.show(r));
    }
  }

  // The analytics panels of `sel` at its moment (live: now), ATM +- STRIKE_RANGE listed strikes:
  // the OI build-up over the panel's interval (`units` resolves to the quantities' units) and the
  // gamma exposure; each through `job` (refresh's: drawn when current).
  refreshAnalytics(sel, shown, job, units) {
    const base = { symbol: sel.symbol, expiry: sel.expiry, at: sel.at ?? undefined, strike_range: STRIKE_RANGE };
    if (shown.includes('buildup')) {
      const since = BUILDUP_SINCE[$('buildup-since').value];
      const request = fetchBuildup({ ...base, timeframe: sel.timeframe, since });
      job(['buildup'], Promise.all([request, units()]), ([r, u]) => this.panels.buildup.show(r, u));
    }
    if (shown.includes('exposures')) {
      job(['exposures'], fetchExposures(base), (r) => this.panels.exposures.show(r));
    }
  }

  // The futures panel: every future of the symbol over the window (the panel draws the near one)
  // with the rollover; OI in the chosen units.
  askFutures(job, params, units, at) {
    job(['futures'], Promise.all([fetchFutures(params), units()]), ([r, u]) => this.panels.futures.show(r, u, at ?? lastRolloverTime(r)));
  }

  drawChain(chain, source) {
    const panel = this.panels.chain;
    panel.show(chain, source);
    if (this.state.timings.chainFilled === undefined && panel.rows.size > 0) {
      this.state.timings.chainFilled = Math.round(performance.now());
    }
  }

  panelError(name, error) {
    this.noteError(`${name}: ${error.message}`);
    this.panels[name].error(`Could not load this panel: ${error.message}`);
  }

  noteError(text) {
    this.state.errors.push(text);
    if (this.state.errors.length > 50) this.state.errors.shift();
  }

  message(text, kind = 'info') {
    const el = $('global-message');
    el.textContent = text;
    el.dataset.kind = kind;
  }

  // --- live updates ---------------------------------------------------------------------------------

  // The stream follows the selection: fo_bucket messages of the symbol, expiry and timeframe; the
  // chain channel while the chain shows the live moment with a basis the channel carries.
  followStream() {
    if (!this.stream) return;
    const sel = this.sel;
    this.stream.follow(sel);
    const chainLive = sel.expiry && sel.at === null && sel.panels.includes('chain') && ['close', 'open'].includes(sel.since);
    const range = sel.range === 'all' ? null : Number(sel.range);
    if (!chainLive) {
      clearTimeout(this.chainWait);
      this.state.chainLive = 'off';
      this.stream.followChain(null);
      return;
    }
    this.stream.followChain({ symbol: sel.symbol, expiry: sel.expiry, strike_range: range }, () => {
      // Sent: wait for the chain_snapshot; a server without the channel sends none.
      this.state.chainLive = 'pending';
      clearTimeout(this.chainWait);
      this.chainWait = setTimeout(() => {
        if (this.state.chainLive === 'pending') this.state.chainLive = 'refetch';
      }, CHAIN_STREAM_WAIT_MS);
    });
  }

  onChainMessage(message) {
    const sel = this.sel;
    const header = message.type === 'chain_snapshot' ? message : message.header;
    if (!header || header.symbol !== sel.symbol || header.expiry !== sel.expiry || sel.at !== null) return;
    const range = sel.range === 'all' ? null : Number(sel.range);
    if ((header.strike_range ?? null) !== range) return; // a subscription being replaced
    if (message.type === 'chain_snapshot') {
      this.state.chainMessages.snapshots += 1;
      this.state.chainLive = 'stream';
      clearTimeout(this.chainWait);
      this.drawChain(message, 'stream');
    } else {
      if (this.state.chainLive !== 'stream' || !this.panels.chain.header) return; // no snapshot yet
      this.state.chainMessages.updates += 1;
      this.panels.chain.apply(message);
    }
    this.chainStreamDraws = (this.chainStreamDraws ?? 0) + 1;
    this.lotSize = header.lot_size ?? this.lotSize;
    this.showMoment();
  }

  onStreamError(message) {
    this.noteError(`stream: ${message.detail}`);
    // A refused chain subscription: fetch the chain again on each fo_bucket message instead.
    if (this.state.chainLive === 'pending') this.state.chainLive = 'refetch';
  }

  onBucket(message) {
    const sel = this.sel;
    const stream = this.state.stream;
    stream.messages = this.stream.messages;
    if (message.symbol === sel.symbol && !sel.expiry) {
      this.loadExpiries(); // the first bars of this symbol: its expiries exist now
      return;
    }
    if (message.symbol !== sel.symbol || (message.expiry && message.expiry !== sel.expiry)) return;
    if (typeof message.bucket_time === 'number') {
      this.state.newestBarTime = Math.max(this.state.newestBarTime ?? 0, message.bucket_time);
    }
    if (message.timeframe === sel.timeframe) {
      stream.buckets += 1;
      stream.lastBucket = { symbol: message.symbol, expiry: message.expiry, timeframe: message.timeframe, bucket_time: message.bucket_time };
    }
    this.scheduleLiveRefresh('stream');
  }

  // Live: every panel follows the market (the chain from its own channel when the server has it).
  // A chosen moment stays put.
  scheduleLiveRefresh(reason) {
    if (this.refreshTimer || this.sel.at !== null) return;
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = null;
      if (this.sel.at !== null) return;
      const panels = ['oi', 'iv', ...TIME_PANELS, ...ANALYTICS_PANELS];
      if (this.state.chainLive !== 'stream') panels.unshift('chain');
      this.refresh(reason, panels);
    }, STREAM_REFRESH_MS);
  }

  onStreamMode(mode) {
    this.state.stream.mode = mode;
    const badge = $('stream-status');
    if (mode === 'live') {
      this.setPolling(false);
      badge.dataset.mode = 'live';
      badge.textContent = 'Live (stream)';
      badge.title = 'Updates arrive over the WebSocket /fo/stream';
    } else if (mode === 'connecting' && !this.state.polling) {
      badge.dataset.mode = 'connecting';
      badge.textContent = 'Connecting to the stream…';
    } else if (mode === 'down') {
      this.setPolling(true);
      if (this.state.chainLive !== 'off') this.state.chainLive = 'refetch';
      const seconds = Math.max(1, Math.round(((this.stream?.retryAt ?? Date.now()) - Date.now()) / 1000));
      badge.dataset.mode = 'polling';
      badge.textContent = `Stream unavailable: polling every ${POLL_MS / 1000} s`;
      badge.title = `Retrying the stream in about ${seconds} s`;
    }
  }

  setPolling(on) {
    this.state.polling = on;
    if (on && !this.pollTimer) {
      this.pollTimer = setInterval(async () => {
        try {
          await this.loadHealth();
        } catch (e) {
          this.noteError(`health: ${e.message}`);
        }
        this.scheduleLiveRefresh('poll');
      }, POLL_MS);
    } else if (!on && this.pollTimer) {
      clearInterval(this.pollTimer);
      this.pollTimer = null;
    }
  }
}

// The analytics panels, by name.
function analyticsPanels(report) {
  return { buildup: new BuildupPanel(report), exposures: new ExposuresPanel(report) };
}

// An option chain answer as a strike distribution of OI change since the chain's `since`.
function changeSince(chain) {
  const points = (chain.rows ?? []).map((r) => ({ strike: r.strike, call: r.call?.oi_change_since ?? null, put: r.put?.oi_change_since ?? null }));
  return {
    symbol: chain.symbol,
    series: points.length === 0 ? [] : [{ expiry: chain.expiry, atm_strike: chain.atm_strike, underlying: chain.spot, as_of: chain.as_of, since: chain.since, points }],
  };
}

// ATM and the listed strikes either side of it, from a chain answer (its rows) or header.
function nearAtm(chain) {
  const atm = chain?.atm_strike;
  if (atm === null || atm === undefined) return [];
  const strikes = (chain.rows ?? []).map((r) => r.strike).sort((a, b) => a - b);
  const i = strikes.indexOf(atm);
  return i < 0 ? [atm] : strikes.slice(Math.max(0, i - 1), i + 2);
}

// The newest point time of a moneyness-series answer (null without points).
function lastTime(response) {
  let newest = null;
  for (const series of response.series ?? []) {
    const last = series.points[series.points.length - 1];
    if (last && (newest === null || last.time > newest)) newest = last.time;
  }
  return newest;
}

// The newest bucket of a /fo/futures answer's rollover (null without one).
function lastRolloverTime(response) {
  const rollover = response.rollover ?? [];
  return rollover.length > 0 ? rollover[rollover.length - 1].time : null;
}
