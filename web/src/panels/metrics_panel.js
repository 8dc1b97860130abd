// PCR (put OI / call OI, left scale) and max pain (right scale, a step line) of one expiry over
// time, with a crosshair tooltip giving both at a moment.
import { LineSeries, LineType } from 'lightweight-charts';
import { COLORS, attachTooltip, createTimeChart, timeTitle, toSeriesData } from '../charts.js';
import { formatIndian } from '../format.js';
import { Panel, signature } from './panel.js';

export class ExpiryMetricsPanel extends Panel {
  constructor(report) {
    super('metrics', 'panel-metrics', report);
    this.chart = createTimeChart(this.chartEl, { leftPriceScale: { visible: true, borderColor: '#2a3247' } });
    this.pcr = this.chart.addSeries(LineSeries, {
      color: COLORS.accent,
      lineWidth: 2,
      priceScaleId: 'left',
      title: 'PCR',
      priceFormat: { type: 'price', precision: 3, minMove: 0.001 },
    });
    this.maxPain = this.chart.addSeries(LineSeries, {
      color: COLORS.warn,
      lineWidth: 2,
      lineType: LineType.WithSteps,
      title: 'max pain',
      priceFormat: { type: 'price', precision: 0, minMove: 1 },
    });
    attachTooltip(this.chart, this.chartEl, {
      title: timeTitle,
      entries: () => [
        { series: this.pcr, label: 'PCR', format: (v) => v.toFixed(3) },
        { series: this.maxPain, label: 'Max pain', format: (v) => formatIndian(v) },
      ],
      onShow: (shown) => (this.report.metrics.tooltip = shown),
    });
  }

  // `asOf`: the moment the window ends (the chosen one, or the newest).
  show(response, asOf) {
    const points = response.points ?? [];
    if (points.length === 0) {
      this.empty(`No PCR or max pain for ${response.expiry ?? 'this expiry'} in this window: no bars stored yet.`);
      return;
    }
    this.pcr.setData(toSeriesData(points, (p) => p.time, (p) => p.pcr));
    this.maxPain.setData(toSeriesData(points, (p) => p.time, (p) => p.max_pain));
    this.chart.timeScale().fitContent();
    const last = points[points.length - 1];
    this.info(`${response.expiry} · PCR ${last.pcr ?? '–'}, max pain ${last.max_pain ?? '–'} at ${timeTitle(last.time)}`);
    this.showAsOf(asOf);
    this.publish({
      points: points.length,
      expiry: response.expiry,
      timeframe: response.timeframe,
      lastTime: last.time,
      signature: signature(points.flatMap((p) => [p.time, p.pcr, p.max_pain])),
    });
    this.setState('ready');
  }

  clear() {
    this.pcr.setData([]);
    this.maxPain.setData([]);
  }
}
