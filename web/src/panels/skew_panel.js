// The skew of the chosen expiry over time (/fo/skew-series): the 25-delta risk reversal
// RR25 = IV(25D call) - IV(25D put) and butterfly BF25 = (IV(25D call) + IV(25D put)) / 2 - ATM IV,
// in vol points, with the ATM IV (right scale); the tooltip gives all three and the 25-delta IVs.
import { LineSeries } from 'lightweight-charts';
import { COLORS, attachTooltip, createTimeChart, timeTitle, toSeriesData } from '../charts.js';
import { Panel, signature } from './panel.js';

const points = (v) => `${v >= 0 ? '+' : ''}${v.toFixed(2)} vol pts`;
const percent = (v) => `${v.toFixed(2)} %`;

export class SkewPanel extends Panel {
  constructor(report) {
    super('skew', 'panel-skew', report);
    this.chart = createTimeChart(this.chartEl, { leftPriceScale: { visible: true, borderColor: '#2a3247' } });
    const format = { lineWidth: 2, priceFormat: { type: 'price', precision: 2, minMove: 0.01 } };
    this.rr = this.chart.addSeries(LineSeries, { ...format, color: COLORS.call, priceScaleId: 'left', title: 'RR25' });
    this.bf = this.chart.addSeries(LineSeries, { ...format, color: COLORS.put, priceScaleId: 'left', title: 'BF25' });
    this.atm = this.chart.addSeries(LineSeries, { ...format, color: COLORS.accent, title: 'ATM IV %' });
    // Lines that draw nothing (an overlay scale, no line, no marker): the 25-delta IVs for the tooltip.
    const carrier = { priceScaleId: 'iv25', lineVisible: false, pointMarkersVisible: false, crosshairMarkerVisible: false, lastValueVisible: false, priceLineVisible: false };
    this.call25 = this.chart.addSeries(LineSeries, carrier);
    this.put25 = this.chart.addSeries(LineSeries, carrier);
    attachTooltip(this.chart, this.chartEl, {
      title: timeTitle,
      entries: () => [
        { series: this.rr, label: 'RR25', format: points },
        { series: this.bf, label: 'BF25', format: points },
        { series: this.atm, label: 'ATM IV', format: percent },
        { series: this.call25, label: '25D call IV', format: percent },
        { series: this.put25, label: '25D put IV', format: percent },
      ],
      onShow: (shown) => (this.report.skew.tooltip = shown),
    });
  }

  // `response` a /fo/skew-series answer; `asOf` the moment the window ends.
  show(response, asOf) {
    const shown = (response.points ?? []).filter((p) => p.rr25 !== null || p.atm_iv !== null);
    if (shown.length === 0) {
      this.empty(`No 25-delta skew for ${response.expiry ?? 'this expiry'} in this window: the listed strikes do not reach 25 delta or carry no IV.`);
      return;
    }
    this.rr.setData(toSeriesData(shown, (p) => p.time, (p) => p.rr25));
    this.bf.setData(toSeriesData(shown, (p) => p.time, (p) => p.bf25));
    this.atm.setData(toSeriesData(shown, (p) => p.time, (p) => p.atm_iv));
    this.call25.setData(toSeriesData(shown, (p) => p.time, (p) => p.call25_iv));
    this.put25.setData(toSeriesData(shown, (p) => p.time, (p) => p.put25_iv));
    this.chart.timeScale().fitContent();
    const last = shown[shown.length - 1];
    const fmt = (v, f) => (v === null ? '–' : f(v));
    this.info(`${response.expiry} · RR25 ${fmt(last.rr25, points)} · BF25 ${fmt(last.bf25, points)} · ATM IV ${fmt(last.atm_iv, percent)}`);
    this.showAsOf(asOf);
    this.publish({
      points: shown.length,
      expiry: response.expiry,
      last: { time: last.time, rr25: last.rr25, bf25: last.bf25, atm_iv: last.atm_iv },
      signature: signature(shown.flatMap((p) => [p.time, p.rr25, p.bf25, p.atm_iv])),
    });
    this.setState('ready');
  }

  clear() {
    for (const s of [this.rr, this.bf, this.atm, this.call25, this.put25]) s.setData([]);
  }
}
