// The ATM straddle premium (call + put last price at the ATM strike, rupees, right scale) and the
// ATM IV (percent, left scale) of one expiry over time, from the expiry metrics, with a crosshair
// tooltip giving both.
import { LineSeries } from 'lightweight-charts';
import { COLORS, attachTooltip, createTimeChart, timeTitle, toSeriesData } from '../charts.js';
import { formatPrice } from '../format.js';
import { Panel, signature } from './panel.js';

export class StraddlePanel extends Panel {
  constructor(report) {
    super('straddle', 'panel-straddle', report);
    this.chart = createTimeChart(this.chartEl, { leftPriceScale: { visible: true, borderColor: '#2a3247' } });
    this.straddle = this.chart.addSeries(LineSeries, {
      color: COLORS.warn,
      lineWidth: 2,
      title: 'straddle ₹',
      priceFormat: { type: 'price', precision: 2, minMove: 0.05 },
    });
    this.iv = this.chart.addSeries(LineSeries, {
      color: COLORS.accent,
      lineWidth: 2,
      priceScaleId: 'left',
      title: 'ATM IV %',
      priceFormat: { type: 'price', precision: 2, minMove: 0.01 },
    });
    attachTooltip(this.chart, this.chartEl, {
      title: timeTitle,
      entries: () => [
        { series: this.straddle, label: 'ATM straddle', format: (v) => `₹${formatPrice(v)}` },
        { series: this.iv, label: 'ATM IV', format: (v) => `${v.toFixed(2)} %` },
      ],
      onShow: (shown) => (this.report.straddle.tooltip = shown),
    });
  }

  // `response` an /fo/expiry-metrics answer; `asOf` the moment the window ends.
  show(response, asOf) {
    const points = (response.points ?? []).filter((p) => p.atm_straddle !== null || p.atm_iv !== null);
    if (points.length === 0) {
      this.empty(`No ATM straddle or IV for ${response.expiry ?? 'this expiry'} in this window.`);
      return;
    }
    this.straddle.setData(toSeriesData(points, (p) => p.time, (p) => p.atm_straddle));
    this.iv.setData(toSeriesData(points, (p) => p.time, (p) => p.atm_iv));
    this.chart.timeScale().fitContent();
    const last = points[points.length - 1];
    this.info(`${response.expiry} · ATM ${last.atm_strike ?? '–'} · straddle ₹${formatPrice(last.atm_straddle)} · IV ${last.atm_iv ?? '–'} %`);
    this.showAsOf(asOf);
    this.publish({
      points: points.length,
      expiry: response.expiry,
      signature: signature(points.flatMap((p) => [p.time, p.atm_straddle, p.atm_iv])),
    });
    this.setState('ready');
  }

  clear() {
    this.straddle.setData([]);
    this.iv.setData([]);
  }
}
