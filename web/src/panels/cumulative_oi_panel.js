// Total call OI against total put OI of one expiry over time (every listed strike, from the expiry
// metrics), on one scale, in lots or units, with a crosshair tooltip giving both and their gap.
import { LineSeries } from 'lightweight-charts';
import { COLORS, QUANTITY_FORMAT, attachTooltip, createTimeChart, timeTitle, toSeriesData } from '../charts.js';
import { formatCount } from '../format.js';
import { SidesPanel, signature } from './panel.js';

export class CumulativeOiPanel extends SidesPanel {
  constructor(report) {
    super('cumoi', 'panel-cumoi', report);
    this.chart = createTimeChart(this.chartEl);
    const line = (color, title) => this.chart.addSeries(LineSeries, { color, lineWidth: 2, title, priceFormat: QUANTITY_FORMAT });
    this.calls = line(COLORS.call, 'calls');
    this.puts = line(COLORS.put, 'puts');
    this.unitName = 'lots';
    const format = (v) => `${formatCount(v)} ${this.unitName}`;
    attachTooltip(this.chart, this.chartEl, {
      title: timeTitle,
      entries: () => [
        { series: this.calls, label: 'Call OI', format },
        { series: this.puts, label: 'Put OI', format },
      ],
      onShow: (shown) => (this.report.cumoi.tooltip = shown),
    });
  }

  // `response` an /fo/expiry-metrics answer; `units` from format.js quantityUnits(); `asOf` the
  // moment the window ends.
  show(response, units, asOf) {
    const points = response.points ?? [];
    if (points.length === 0) {
      this.empty(`No open interest for ${response.expiry ?? 'this expiry'} in this window: no bars stored yet.`);
      return;
    }
    this.unitName = units.name;
    this.calls.setData(toSeriesData(points, (p) => p.time, (p) => units.convert(p.total_call_oi)));
    this.puts.setData(toSeriesData(points, (p) => p.time, (p) => units.convert(p.total_put_oi)));
    this.chart.timeScale().fitContent();
    const last = points[points.length - 1];
    this.info(`${response.expiry} · every listed strike · ${units.name} · put − call ${formatCount(units.convert(last.total_put_oi - last.total_call_oi))}`);
    this.showAsOf(asOf);
    this.publish({
      points: points.length,
      expiry: response.expiry,
      units: units.name,
      signature: signature(points.flatMap((p) => [p.time, p.total_call_oi, p.total_put_oi])),
    });
    this.setState('ready');
  }

  clear() {
    this.calls.setData([]);
    this.puts.setData([]);
  }
}
