// IV rank and IV percentile (/fo/iv-rank): the 30-day constant-maturity ATM IV's daily history
// (the last 252 trading days, each day's value at its close) as a line, its rank
// 100 (IV - min) / (max - min) and percentile (the share of earlier days with a lower IV) in the
// info line (not shown under 20 days of history, as the API says), the tooltip giving each day's IV.
import { LineSeries } from 'lightweight-charts';
import { COLORS, attachTooltip, createTimeChart, toSeriesData } from '../charts.js';
import { formatIstDay } from '../time.js';
import { Panel, signature } from './panel.js';

export class IvRankPanel extends Panel {
  constructor(report) {
    super('ivrank', 'panel-ivrank', report);
    this.chart = createTimeChart(this.chartEl);
    this.iv = this.chart.addSeries(LineSeries, {
      color: COLORS.accent,
      lineWidth: 2,
      title: '30-day IV %',
      priceFormat: { type: 'price', precision: 2, minMove: 0.01 },
    });
    attachTooltip(this.chart, this.chartEl, {
      title: (time) => `${formatIstDay(time)} (close)`,
      entries: () => [{ series: this.iv, label: '30-day ATM IV', format: (v) => `${v.toFixed(2)} %` }],
      onShow: (shown) => (this.report.ivrank.tooltip = shown),
    });
  }

  // `response` an /fo/iv-rank answer.
  show(response) {
    const history = response.history ?? [];
    if (history.length === 0) {
      this.empty(`No 30-day IV for ${response.symbol}: no expiry has an ATM IV at any stored close.`);
      return;
    }
    this.iv.setData(toSeriesData(history, (d) => d.time, (d) => d.iv));
    this.chart.timeScale().fitContent();
    const pct = (v) => (v === null || v === undefined ? '–' : v.toFixed(1));
    const rankText =
      response.iv_rank === null && response.iv_percentile === null
        ? `rank and percentile need ${response.min_days} days (${response.days_used} stored)`
        : `IV rank ${pct(response.iv_rank)} · IV percentile ${pct(response.iv_percentile)} over ${response.days_used} days`;
    this.info(`30-day IV ${response.iv === null ? '–' : `${response.iv.toFixed(2)} %`} · ${rankText}`);
    this.showAsOf(response.as_of);
    this.publish({
      points: history.length,
      iv: response.iv,
      ivRank: response.iv_rank,
      ivPercentile: response.iv_percentile,
      daysUsed: response.days_used,
      signature: signature(history.flatMap((d) => [d.time, d.iv])),
    });
    this.setState('ready');
  }

  clear() {
    this.iv.setData([]);
  }
}
