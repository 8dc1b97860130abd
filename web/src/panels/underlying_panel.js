// The underlying index over time (each bucket's last underlying price), from the expiry metrics,
// with a crosshair tooltip giving the price at a moment.
import { AreaSeries } from 'lightweight-charts';
import { COLORS, attachTooltip, createTimeChart, timeTitle, toSeriesData } from '../charts.js';
import { formatPrice } from '../format.js';
import { Panel, signature } from './panel.js';

export class UnderlyingPanel extends Panel {
  constructor(report) {
    super('underlying', 'panel-underlying', report);
    this.chart = createTimeChart(this.chartEl);
    this.line = this.chart.addSeries(AreaSeries, {
      lineColor: COLORS.accent,
      topColor: 'rgba(76, 141, 255, 0.35)',
      bottomColor: 'rgba(76, 141, 255, 0.02)',
      lineWidth: 2,
      priceFormat: { type: 'price', precision: 2, minMove: 0.05 },
    });
    this.symbol = '';
    attachTooltip(this.chart, this.chartEl, {
      title: timeTitle,
      entries: () => [{ series: this.line, label: this.symbol, format: (v) => `₹${formatPrice(v)}` }],
      onShow: (shown) => (this.report.underlying.tooltip = shown),
    });
  }

  // `asOf`: the moment the window ends (the chosen one, or the newest).
  show(response, symbol, asOf) {
    this.symbol = symbol;
    const points = (response.points ?? []).filter((p) => p.underlying !== null && p.underlying !== undefined);
    if (points.length === 0) {
      this.empty(`No ${symbol} prices in this window yet.`);
      return;
    }
    this.line.setData(toSeriesData(points, (p) => p.time, (p) => p.underlying));
    this.chart.timeScale().fitContent();
    const last = points[points.length - 1];
    this.info(`${symbol} ${last.underlying} · ${response.timeframe} buckets`);
    this.showAsOf(asOf);
    this.publish({
      points: points.length,
      lastTime: last.time,
      last: last.underlying,
      signature: signature(points.flatMap((p) => [p.time, p.underlying])),
    });
    this.setState('ready');
  }

  clear() {
    this.line.setData([]);
  }
}
