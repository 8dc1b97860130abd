// Open interest by strike for one expiry: call bars in the top pane, put bars in the bottom pane,
// on a shared strike axis, with the ATM strike marked. The "Change in OI" view shows oi_change
// (OI against the previous trading day's close) instead of OI.
import { HistogramSeries, createSeriesMarkers } from 'lightweight-charts';
import { COLORS, QUANTITY_FORMAT, createStrikeChart, toSeriesData } from '../charts.js';
import { formatIstDateTime } from '../time.js';
import { Panel, signature } from './panel.js';

export class OpenInterestPanel extends Panel {
  constructor(report) {
    super('oi', 'panel-oi', report);
    this.chart = createStrikeChart(this.chartEl);
    const format = QUANTITY_FORMAT; // lakh and crore
    this.calls = this.chart.addSeries(HistogramSeries, { color: COLORS.call, priceFormat: format, title: 'calls' }, 0);
    this.puts = this.chart.addSeries(HistogramSeries, { color: COLORS.put, priceFormat: format, title: 'puts' }, 1);
    for (const pane of this.chart.panes()) pane.setStretchFactor(1); // calls and puts the same height
    this.markers = createSeriesMarkers(this.calls, []);
  }

  // `view` is 'oi' or 'oi_change'; `response` a /fo/strike-distribution answer for one expiry.
  show(response, view) {
    const series = response.series?.[0];
    const what = view === 'oi' ? 'open interest' : 'change in open interest';
    if (!series || series.points.length === 0) {
      this.empty(`No ${what} for ${response.symbol} at this time: the store has no bars for this expiry and moment yet.`);
      return;
    }
    const points = series.points;
    const largest = Math.max(0, ...points.map((p) => p.call ?? 0));
    this.calls.setData(toSeriesData(points, (p) => p.strike, (p) => p.call));
    this.puts.setData(toSeriesData(points, (p) => p.strike, (p) => p.put));
    this.markers.setMarkers([
      { time: series.atm_strike, position: 'aboveBar', shape: 'arrowDown', color: COLORS.warn, text: 'ATM' },
    ]);
    this.chart.timeScale().fitContent();
    // The chain as of a moment: every listed strike, open interest carried (not only what traded).
    this.info(`${series.expiry} · ATM ${series.atm_strike} · spot ${series.underlying} · as of ${formatIstDateTime(series.as_of ?? series.bucket_time)}`);
    this.publish({
      points: points.length,
      view,
      expiry: series.expiry,
      bucketTime: series.bucket_time,
      asOf: series.as_of,
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
