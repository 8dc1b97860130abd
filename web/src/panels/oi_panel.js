// Open interest by strike for one expiry: call bars in the top pane, put bars hanging from the top
// of the bottom pane (mirrored), both panes on one scale (the larger bar is the larger OI), on a
// shared strike axis, with the ATM strike marked; in lots or units. The "Change in OI" view shows
// oi_change (OI against the previous trading day's close) instead of OI. A crosshair tooltip gives
// both sides' exact values at a strike.
import { HistogramSeries, createSeriesMarkers } from 'lightweight-charts';
import { COLORS, QUANTITY_FORMAT, attachTooltip, createStrikeChart, fitStrikes, strikeTitle, timeTitle, toSeriesData } from '../charts.js';
import { formatCount, formatSigned } from '../format.js';
import { SidesPanel, signature } from './panel.js';

export class OpenInterestPanel extends SidesPanel {
  constructor(report) {
    super('oi', 'panel-oi', report);
    this.chart = createStrikeChart(this.chartEl);
    this.range = { minValue: 0, maxValue: 1 };
    // Both panes read the same range: calls and puts compared on one scale.
    const autoscaleInfoProvider = () => ({ priceRange: { ...this.range } });
    const format = QUANTITY_FORMAT; // lakh and crore
    // No last-value labels: the highest strike's value means nothing here, and its label hid bars.
    const common = { priceFormat: format, autoscaleInfoProvider, lastValueVisible: false, priceLineVisible: false };
    this.calls = this.chart.addSeries(HistogramSeries, { ...common, color: COLORS.call }, 0);
    this.puts = this.chart.addSeries(HistogramSeries, { ...common, color: COLORS.put }, 1);
    this.puts.priceScale().applyOptions({ invertScale: true }); // put bars hang down: a mirror of the calls
    for (const pane of this.chart.panes()) pane.setStretchFactor(1); // calls and puts the same height
    this.markers = createSeriesMarkers(this.calls, []);
    this.unitName = 'lots';
    this.view = 'oi';
    attachTooltip(this.chart, this.chartEl, {
      title: strikeTitle,
      entries: () => {
        const what = this.view === 'oi' ? 'OI' : 'OI chg';
        const format = (v) => `${this.view === 'oi' ? formatCount(v) : formatSigned(v)} ${this.unitName}`;
        return [
          { series: this.calls, label: `Calls ${what}`, format },
          { series: this.puts, label: `Puts ${what}`, format },
        ];
      },
      onShow: (shown) => (this.report.oi.tooltip = shown),
    });
  }

  // `view` is 'oi' or 'oi_change'; `response` a /fo/strike-distribution answer for one expiry;
  // `units` from format.js quantityUnits().
  show(response, view, units) {
    const series = response.series?.[0];
    const what = view === 'oi' ? 'open interest' : 'change in open interest';
    this.view = view;
    this.unitName = units.name;
    if (!series || series.points.length === 0) {
      this.empty(`No ${what} for ${response.symbol} at this time: the store has no bars for this expiry and moment yet.`);
      return;
    }
    const points = series.points;
    const value = (v) => units.convert(v);
    const all = points.flatMap((p) => [value(p.call), value(p.put)]).filter((v) => v !== null);
    const lo = Math.min(0, ...all);
    const hi = Math.max(0, ...all);
    this.range = { minValue: lo, maxValue: hi > lo ? hi : lo + 1 };
    const largest = Math.max(0, ...points.map((p) => value(p.call) ?? 0));
    this.calls.setData(toSeriesData(points, (p) => p.strike, (p) => value(p.call)));
    this.puts.setData(toSeriesData(points, (p) => p.strike, (p) => value(p.put)));
    this.markers.setMarkers([
      { time: series.atm_strike, position: 'aboveBar', shape: 'arrowDown', color: COLORS.warn, text: 'ATM' },
    ]);
    fitStrikes(this.chart, points.length);
    // The chain as of a moment: every listed strike, open interest carried (not only what traded).
    const basis = view === 'oi' ? '' : ` · change since ${series.since ? timeTitle(series.since) : 'the previous close'}`;
    this.info(`${series.expiry} · ATM ${series.atm_strike} · spot ${series.underlying} · ${units.name}${basis}`);
    this.showAsOf(series.as_of ?? series.bucket_time);
    this.publish({
      points: points.length,
      view,
      units: units.name,
      expiry: series.expiry,
      bucketTime: series.bucket_time,
      atmStrike: series.atm_strike,
      signature: signature(points.flatMap((p) => [p.strike, p.call, p.put])),
      colors: { calls: this.calls.options().color, puts: this.puts.options().color },
      largestCall: largest,
      largestCallLabel: this.calls.options().priceFormat.formatter(largest),
    });
    this.setState('ready');
  }

  clear() {
    this.calls.setData([]);
    this.puts.setData([]);
    this.markers.setMarkers([]);
  }
}
