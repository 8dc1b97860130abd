// The dashboard's controller: holds the selection (symbol, expiry, timeframe, indicator, OI view,
// the slider's bucket_time), loads the panels from the HTTP API, follows /fo/stream and refreshes
// the affected panels on each fo_bucket message; while the stream is down it polls every few
// seconds and says so. Its state is published as window.__dashboard (read by the browser test).
import {
  fetchExpiries,
  fetchExpiryMetrics,
  fetchHealth,
  fetchIndicators,
  fetchMoneynessSeries,
  fetchStrikeDistribution,
} from './api.js';
import { IvSmilePanel } from './panels/iv_panel.js';
import { ExpiryMetricsPanel } from './panels/metrics_panel.js';
import { MoneynessPanel } from './panels/moneyness_panel.js';
import { OpenInterestPanel } from './panels/oi_panel.js';
import { UnderlyingPanel } from './panels/underlying_panel.js';
import { expiryDetails, expiryLabel, fillSelect, moneynessIndicators } from './pickers.js';
import { StreamClient } from './stream.js';
import { TIMEFRAMES, formatIstDateTime, nowSeconds, windowSeconds } from './time.js';

const POLL_MS = 5000;
const STREAM_REFRESH_MS = 750; // coalesces a burst of fo_bucket messages into one refresh
const STRIKE_RANGE = 15;
const FALLBACK_INDICATORS = [
  { value: 'iv', label: 'IV by moneyness', isDefault: true },
  { value: 'oi', label: 'OI by moneyness' },
];
const $ = (id) => document.getElementById(id);

export class Dashboard {
  constructor() {
    this.state = {
      selection: { symbol: 'NIFTY', expiry: null, timeframe: '5min', indicator: 'iv', oiView: 'oi', bucketTime: null },
      simulated: null,
      symbols: [],
      expiries: [],
      indicators: [],
      sliderTimes: [],
      newestBarTime: null,
      stream: { mode: 'connecting', messages: 0, buckets: 0, lastBucket: null },
      polling: false,
      refreshes: 0,
      lastRefresh: null, // { reason, at }
      errors: [],
      panels: {},
    };
    window.__dashboard = this.state;
    this.generation = 0; // a refresh whose selection changed meanwhile is dropped
    this.refreshTimer = null;
    this.pollTimer = null;
    this.expiryRetry = null;
  }

  async start() {
    const report = this.state.panels;
    this.panels = {
      oi: new OpenInterestPanel(report),
      iv: new IvSmilePanel(report),
      moneyness: new MoneynessPanel(report),
      metrics: new ExpiryMetricsPanel(report),
      underlying: new UnderlyingPanel(report),
    };
    this.bindControls();
    this.stream = new StreamClient({ onBucket: (m) => this.onBucket(m), onMode: (mode) => this.onStreamMode(mode) });
    await this.loadCatalogue();
    this.stream.start();
    this.stream.follow(this.state.selection);
  }

  // --- catalogue: health (simulated flag, symbols), indicators, expiries --------------------------

  async loadCatalogue() {
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
      const found = moneynessIndicators(await fetchIndicators());
      if (found.length > 0) indicators = found;
    } catch (e) {
      this.noteError(`indicators: ${e.message}`);
    }
    this.state.indicators = indicators.map((i) => i.value);
    const preferred = indicators.find((i) => i.isDefault)?.value ?? indicators[0].value;
    this.state.selection.indicator = fillSelect($('pick-indicator'), indicators, preferred);
    this.state.selection.timeframe = fillSelect(
      $('pick-timeframe'),
      TIMEFRAMES.map((t) => ({ value: t, label: t })),
      this.state.selection.timeframe,
    );
    const symbols = this.state.symbols.length > 0 ? this.state.symbols : ['NIFTY', 'BANKNIFTY'];
    this.state.selection.symbol = fillSelect(
      $('pick-symbol'),
      symbols.map((s) => ({ value: s, label: s })),
      symbols.includes('NIFTY') ? 'NIFTY' : symbols[0],
    );
    await this.loadExpiries();
  }

  async loadHealth() {
    const health = await fetchHealth();
    this.state.simulated = Boolean(health.simulated ?? health.feed?.simulated);
    $('simulated-badge').hidden = !this.state.simulated;
    if (Array.isArray(health.symbols)) this.state.symbols = health.symbols;
    if (health.newest_bar_time) this.state.newestBarTime = Math.max(this.state.newestBarTime ?? 0, health.newest_bar_time);
    if (health.status !== 'healthy') this.message(`The server reports itself unhealthy: ${JSON.stringify(health)}`, 'error');
    return health;
  }

  async loadExpiries() {
    const symbol = this.state.selection.symbol;
    this.message(`Loading the expiries of ${symbol}…`);
    let details = [];
    try {
      details = expiryDetails(await fetchExpiries(symbol));
    } catch (e) {
      this.message(`Cannot load the expiries of ${symbol}: ${e.message}`, 'error');
    }
    this.state.expiries = details.map((d) => d.date);
    const upcoming = details.find((d) => d.days_to_expiry === null || d.days_to_expiry >= 0) ?? details[0];
    const keep = this.state.expiries.includes(this.state.selection.expiry) ? this.state.selection.expiry : upcoming?.date;
    this.state.selection.expiry =
      fillSelect(
        $('pick-expiry'),
        details.map((d) => ({ value: d.date, label: expiryLabel(d) })),
        keep,
      ) || null;
    if (!this.state.selection.expiry) {
      this.message(`No expiries stored for ${symbol} yet: the feed has not written any bars. Waiting for data…`);
      for (const panel of Object.values(this.panels)) panel.empty(`No data for ${symbol} yet.`);
      // Look again in a while: the feed or an import may write the first bars at any moment.
      clearTimeout(this.expiryRetry);
      this.expiryRetry = setTimeout(() => {
        if (!this.state.selection.expiry && this.state.selection.symbol === symbol) this.loadExpiries();
      }, POLL_MS);
      return;
    }
    this.message('');
    this.state.selection.bucketTime = null;
    this.stream?.follow(this.state.selection);
    await this.refresh('selection');
  }

  // --- controls -------------------------------------------------------------------------------------

  bindControls() {
    $('pick-symbol').addEventListener('change', (e) => {
      this.state.selection.symbol = e.target.value;
      this.state.selection.expiry = null;
      this.stream?.follow(this.state.selection);
      this.loadExpiries();
    });
    $('pick-expiry').addEventListener('change', (e) => this.select({ expiry: e.target.value, bucketTime: null }));
    $('pick-timeframe').addEventListener('change', (e) => this.select({ timeframe: e.target.value, bucketTime: null }));
    $('pick-indicator').addEventListener('change', (e) => this.select({ indicator: e.target.value }, ['moneyness']));
    for (const [id, view] of [
      ['oi-view-oi', 'oi'],
      ['oi-view-change', 'oi_change'],
    ]) {
      $(id).addEventListener('click', () => {
        $('oi-view-oi').setAttribute('aria-pressed', String(view === 'oi'));
        $('oi-view-change').setAttribute('aria-pressed', String(view !== 'oi'));
        this.select({ oiView: view }, ['oi']);
      });
    }
    const slider = $('pick-time');
    slider.addEventListener('input', () => this.showSliderLabel());
    slider.addEventListener('change', () => {
      const index = Number(slider.value);
      const times = this.state.sliderTimes;
      this.state.selection.bucketTime = index >= times.length ? null : times[index];
      this.showSliderLabel();
      this.refresh('slider', ['oi', 'iv']);
    });
  }

  select(change, panels) {
    Object.assign(this.state.selection, change);
    this.stream?.follow(this.state.selection);
    this.refresh('selection', panels);
  }

  showSliderLabel() {
    const slider = $('pick-time');
    const index = Number(slider.value);
    const times = this.state.sliderTimes;
    $('slider-label').textContent = index >= times.length ? 'live (newest bucket)' : formatIstDateTime(times[index]);
  }

  // The slider covers the buckets of the metrics window; its last position (one past them) is live.
  updateSlider(times) {
    const slider = $('pick-time');
    const chosen = this.state.selection.bucketTime;
    this.state.sliderTimes = times;
    slider.max = String(times.length);
    if (chosen === null) {
      slider.value = String(times.length);
    } else {
      let index = times.findIndex((t) => t >= chosen);
      if (index < 0) index = times.length - 1;
      slider.value = String(index);
    }
    this.showSliderLabel();
  }

  // --- loading the panels ---------------------------------------------------------------------------

  // Reloads `panels` (default: all) for the current selection.
  async refresh(reason, panels = ['oi', 'iv', 'moneyness', 'metrics', 'underlying']) {
    const generation = ++this.generation;
    const sel = { ...this.state.selection };
    if (!sel.expiry) return;
    const common = { symbol: sel.symbol, timeframe: sel.timeframe, expiry: sel.expiry };
    const to = Math.max(this.state.newestBarTime ?? 0, nowSeconds()) + 60;
    const from = (this.state.newestBarTime ?? nowSeconds()) - windowSeconds(sel.timeframe);
    const wants = (name) => panels.includes(name);
    const waiting = `Loading ${sel.symbol} ${sel.expiry} (${sel.timeframe})…`;
    for (const name of panels) this.panels[name].loading(waiting);

    const jobs = [];
    const bucketTime = sel.bucketTime ?? undefined;
    if (wants('oi')) {
      jobs.push(
        fetchStrikeDistribution({ ...common, indicator: sel.oiView, strike_range: STRIKE_RANGE, bucket_time: bucketTime }).then(
          (r) => () => this.panels.oi.show(r, sel.oiView),
          (e) => () => this.panelError('oi', e),
        ),
      );
    }
    if (wants('iv')) {
      jobs.push(
        fetchStrikeDistribution({ ...common, indicator: 'iv', strike_range: STRIKE_RANGE, bucket_time: bucketTime }).then(
          (r) => () => this.panels.iv.show(r),
          (e) => () => this.panelError('iv', e),
        ),
      );
    }
    if (wants('moneyness')) {
      const label = $('pick-indicator').selectedOptions[0]?.textContent?.replace(/ by moneyness$/i, '') ?? sel.indicator;
      jobs.push(
        fetchMoneynessSeries({ ...common, indicator: sel.indicator, from, to }).then(
          (r) => () => this.panels.moneyness.show(r, label),
          (e) => () => this.panelError('moneyness', e),
        ),
      );
    }
    if (wants('metrics') || wants('underlying')) {
      jobs.push(
        fetchExpiryMetrics({ ...common, from, to }).then(
          (r) => () => {
            if (wants('metrics')) this.panels.metrics.show(r);
            if (wants('underlying')) this.panels.underlying.show(r, sel.symbol);
            const times = (r.points ?? []).map((p) => p.time);
            if (times.length > 0) this.state.newestBarTime = Math.max(this.state.newestBarTime ?? 0, times[times.length - 1]);
            this.updateSlider(times);
          },
          (e) => () => {
            this.panelError('metrics', e);
            this.panelError('underlying', e);
          },
        ),
      );
    }
    const results = await Promise.all(jobs);
    if (generation !== this.generation && reason !== 'selection') return; // a newer refresh will draw
    if (JSON.stringify(sel) !== JSON.stringify(this.state.selection)) return; // selection moved on
    for (const draw of results) draw();
    this.state.refreshes += 1;
    this.state.lastRefresh = { reason, at: Date.now(), panels };
    $('data-time').textContent = this.state.newestBarTime ? `data to ${formatIstDateTime(this.state.newestBarTime)}` : '';
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

  onBucket(message) {
    const sel = this.state.selection;
    const stream = this.state.stream;
    stream.messages = this.stream.messages;
    if (message.symbol === sel.symbol && !sel.expiry) {
      this.loadExpiries(); // the first bars of this symbol: its expiries exist now
      return;
    }
    if (message.symbol !== sel.symbol || (message.expiry && message.expiry !== sel.expiry)) return;
    stream.buckets += 1;
    stream.lastBucket = { symbol: message.symbol, expiry: message.expiry, timeframe: message.timeframe, bucket_time: message.bucket_time };
    if (typeof message.bucket_time === 'number') {
      this.state.newestBarTime = Math.max(this.state.newestBarTime ?? 0, message.bucket_time);
    }
    this.scheduleLiveRefresh('stream');
  }

  // Time panels always follow the market; the strike panels only while the slider is on live.
  scheduleLiveRefresh(reason) {
    if (this.refreshTimer) return;
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = null;
      const panels = ['moneyness', 'metrics', 'underlying'];
      if (this.state.selection.bucketTime === null) panels.push('oi', 'iv');
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
