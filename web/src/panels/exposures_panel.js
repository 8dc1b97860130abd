// Gamma exposure of one expiry by strike (GET /fo/exposures), in rupees per 1 % move of the
// underlying, dealers long the calls and short the puts: call GEX bars up, put GEX bars down (the
// sides' colours), the net GEX of each strike as a line, ATM and the zero-gamma level marked. Above
// the chart the totals (GEX, DEX per 1 %, VEX per vol point, over every listed strike) and the
// zero-gamma level, each with its meaning as a tooltip. A crosshair tooltip gives a strike's call,
// put and net GEX and its DEX and VEX.
import { HistogramSeries, LineSeries, createSeriesMarkers } from 'lightweight-charts';
import { COLORS, attachTooltip, createStrikeChart, fitStrikes, strikeTitle } from '../charts.js';
import { formatCompact, formatPrice } from '../format.js';
import { SidesPanel, signature } from './panel.js';

// Rupees, compact in lakh and crore: "-₹12.34 Cr".
export const formatRupees = (value) =>
  value === null || value === undefined ? '–' : value < 0 ? `-₹${formatCompact(-value, 2)}` : `₹${formatCompact(value, 2)}`;
const RUPEE_FORMAT = { type: 'custom', formatter: (v) => formatCompact(v, 2), minMove: 0.01 };

export class ExposuresPanel extends SidesPanel {
  constructor(report) {
    super('exposures', 'panel-exposures', report);
    this.chart = createStrikeChart(this.chartEl);
    const common = { priceFormat: RUPEE_FORMAT, lastValueVisible: false, priceLineVisible: false };
    this.calls = this.chart.addSeries(HistogramSeries, { ...common, color: COLORS.call });
    this.puts = this.chart.addSeries(HistogramSeries, { ...common, color: COLORS.put });
    this.net = this.chart.addSeries(LineSeries, { ...common, color: COLORS.accent, lineWidth: 2 });
    this.markers = createSeriesMarkers(this.net, []);
    this.rows = new Map();
    attachTooltip(this.chart, this.chartEl, {
      title: strikeTitle,
      entries: () => [
        { series: this.calls, label: 'Calls GEX', format: formatRupees },
        { series: this.puts, label: 'Puts GEX', format: formatRupees },
        { series: this.net, label: 'Net GEX', format: formatRupees },
        { series: this.net, label: 'Net DEX', format: (_, x) => formatRupees(this.rows.get(x)?.dex) },
        { series: this.net, label: 'Net VEX', format: (_, x) => formatRupees(this.rows.get(x)?.vex) },
      ],
      onShow: (shown) => (this.report.exposures.tooltip = shown),
    });
  }

  // `response` a /fo/exposures answer (one moment).
  show(response) {
    const rows = response.rows ?? [];
    if (rows.length === 0 || !response.totals) {
      this.empty(
        response.spot === null || response.spot === undefined
          ? `No exposures for ${response.symbol} ${response.expiry ?? ''}: no underlying or options stored at this moment.`
          : `No exposures for ${response.expiry}: no option with open interest has an implied volatility (or the expiry has closed).`,
      );
      this.showFigures(null);
      return;
    }
    this.rows = new Map(rows.map((r) => [r.strike, r]));
    const data = (value) => rows.map((r) => (value(r) === null || value(r) === undefined ? { time: r.strike } : { time: r.strike, value: value(r) }));
    this.calls.setData(data((r) => r.call.gex));
    this.puts.setData(data((r) => r.put.gex));
    this.net.setData(data((r) => r.gex));
    const marks = [];
    if (response.atm_strike !== null && this.rows.has(response.atm_strike)) {
      marks.push({ time: response.atm_strike, position: 'aboveBar', shape: 'arrowDown', color: COLORS.warn, text: 'ATM' });
    }
    const zero = response.zero_gamma;
    if (zero !== null) {
      // On the listed strike nearest the level (the chart's x axis is the strikes).
      const nearest = rows.reduce((best, r) => (Math.abs(r.strike - zero) < Math.abs(best.strike - zero) ? r : best)).strike;
      marks.push({ time: nearest, position: 'belowBar', shape: 'arrowUp', color: COLORS.text, text: `zero γ ${formatPrice(zero)}` });
    }
    marks.sort((a, b) => a.time - b.time);
    this.markers.setMarkers(marks);
    fitStrikes(this.chart, rows.length);
    this.showFigures(response);
    this.info(`${response.expiry} · spot ${formatPrice(response.spot)} · rupees per 1 % move · dealers long calls, short puts`);
    this.showAsOf(response.as_of);
    this.publish({
      points: rows.length,
      expiry: response.expiry,
      totals: response.totals,
      zeroGamma: zero,
      signature: signature(rows.flatMap((r) => [r.strike, r.call.gex, r.put.gex, r.gex])),
    });
    this.setState('ready');
  }

  // The headline figures (each element carries its value in data-value for readers of the DOM).
  showFigures(response) {
    const t = response?.totals ?? null;
    const set = (id, value, text) => {
      const el = this.el.querySelector(`#${id}`);
      el.textContent = text;
      el.dataset.value = value === null || value === undefined ? '' : String(value);
    };
    set('exp-gex', t?.gex, formatRupees(t?.gex));
    set('exp-dex', t?.dex, formatRupees(t?.dex));
    set('exp-vex', t?.vex, formatRupees(t?.vex));
    const zero = response?.zero_gamma ?? null;
    set('exp-zero', zero, zero === null ? 'none within ±10 %' : formatPrice(zero));
  }

  clear() {
    this.calls.setData([]);
    this.puts.setData([]);
    this.net.setData([]);
    this.markers.setMarkers([]);
    this.rows = new Map();
  }
}
