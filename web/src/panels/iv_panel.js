// The IV smile of one expiry: call and put implied volatility (percent) by strike, ATM marked,
// with a crosshair tooltip giving both sides' IV at a strike.
import { LineSeries, createSeriesMarkers } from 'lightweight-charts';
import { COLORS, attachTooltip, createStrikeChart, strikeTitle, toSeriesData } from '../charts.js';
import { Panel, signature } from './panel.js';

export class IvSmilePanel extends Panel {
  constructor(report) {
    super('iv', 'panel-iv', report);
    this.chart = createStrikeChart(this.chartEl);
    const format = { type: 'price', precision: 2, minMove: 0.01 };
    this.calls = this.chart.addSeries(LineSeries, { color: COLORS.call, lineWidth: 2, priceFormat: format, title: 'call IV' });
    this.puts = this.chart.addSeries(LineSeries, { color: COLORS.put, lineWidth: 2, priceFormat: format, title: 'put IV' });
    this.markers = createSeriesMarkers(this.calls, []);
    const percent = (v) => `${v.toFixed(2)} %`;
    attachTooltip(this.chart, this.chartEl, {
      title: strikeTitle,
      entries: () => [
        { series: this.calls, label: 'Call IV', format: percent },
        { series: this.puts, label: 'Put IV', format: percent },
      ],
      onShow: (shown) => (this.report.iv.tooltip = shown),
    });
  }

  show(response) {
    const series = response.series?.[0];
    const points = series?.points.filter((p) => p.call !== null || p.put !== null) ?? [];
    if (points.length === 0) {
      this.empty(`No implied volatility for ${response.symbol} at this time: no option of this expiry has traded with a valid IV yet.`);
      return;
    }
    this.calls.setData(toSeriesData(points, (p) => p.strike, (p) => p.call));
    this.puts.setData(toSeriesData(points, (p) => p.strike, (p) => p.put));
    this.markers.setMarkers([
      { time: series.atm_strike, position: 'aboveBar', shape: 'arrowDown', color: COLORS.warn, text: 'ATM' },
    ]);
    this.chart.timeScale().fitContent();
    this.info(`${series.expiry} · ATM ${series.atm_strike}`);
    this.showAsOf(series.as_of ?? series.bucket_time);
    this.publish({
      points: points.length,
      expiry: series.expiry,
      bucketTime: series.bucket_time,
      signature: signature(points.flatMap((p) => [p.strike, p.call, p.put])),
      colors: { calls: this.calls.options().color, puts: this.puts.options().color },
    });
    this.setState('ready');
  }

  clear() {
    this.calls.setData([]);
    this.puts.setData([]);
    this.markers.setMarkers([]);
  }
}
