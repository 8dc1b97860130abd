// The chosen indicator by moneyness over time: one line per bucket, ITM3..ATM..OTM3, each point
// the indicator over the strikes that carried that label against that bucket's own underlying.
// Quantities (OI, OI change, volume) in lots or units; a crosshair tooltip gives every line's value.
import { LineSeries } from 'lightweight-charts';
import { QUANTITY_FORMAT, attachTooltip, createTimeChart, timeTitle, toSeriesData } from '../charts.js';
import { formatCount, formatSigned } from '../format.js';
import { Panel, signature } from './panel.js';

export const MONEYNESS_BUCKETS = ['ITM3', 'ITM2', 'ITM1', 'ATM', 'OTM1', 'OTM2', 'OTM3'];
const BUCKET_COLORS = ['#7b61ff', '#9c8cff', '#c0b8ff', '#f5a623', '#9fd8ff', '#5cb6ff', '#1e88e5'];

export class MoneynessPanel extends Panel {
  constructor(report) {
    super('moneyness', 'panel-moneyness', report);
    this.chart = createTimeChart(this.chartEl);
    this.lines = new Map(
      MONEYNESS_BUCKETS.map((bucket, i) => [
        bucket,
        this.chart.addSeries(LineSeries, {
          color: BUCKET_COLORS[i],
          lineWidth: bucket === 'ATM' ? 3 : 1.5,
          title: bucket,
          priceLineVisible: false,
        }),
      ]),
    );
    this.tooltipFormat = (v) => String(v);
    attachTooltip(this.chart, this.chartEl, {
      title: timeTitle,
      entries: () => [...this.lines].map(([bucket, series]) => ({ series, label: bucket, format: this.tooltipFormat })),
      onShow: (shown) => (this.report.moneyness.tooltip = shown),
    });
  }

  // `label` is the indicator's name ("IV", "OI", ...) for the title and messages; `units` from
  // format.js quantityUnits(); `asOf` the moment the window ends (the chosen one, or the newest).
  show(response, label, units, asOf) {
    document.getElementById('moneyness-title').textContent = `${label} by moneyness over time`;
    const byBucket = new Map((response.series ?? []).map((s) => [s.bucket, s.points]));
    const shown = MONEYNESS_BUCKETS.filter((b) => (byBucket.get(b) ?? []).length > 0);
    if (shown.length === 0) {
      this.empty(`No ${label} by moneyness in this window: no bars of this expiry in the last hours of the selected timeframe.`);
      return;
    }
    const precision = ['gamma'].includes(response.indicator) ? 6 : ['delta', 'pcr', 'pcr_volume'].includes(response.indicator) ? 4 : 2;
    const quantity = ['oi', 'oi_change', 'volume'].includes(response.indicator);
    const format = quantity ? QUANTITY_FORMAT : { type: 'price', precision, minMove: 10 ** -precision };
    const convert = quantity ? units.convert : (v) => v;
    this.tooltipFormat = quantity
      ? (v) => `${response.indicator === 'oi_change' ? formatSigned(v) : formatCount(v)} ${units.name}`
      : (v) => `${v.toFixed(precision)}${response.indicator === 'iv' ? ' %' : ''}`;
    let count = 0;
    const values = [];
    for (const [bucket, line] of this.lines) {
      const points = byBucket.get(bucket) ?? [];
      line.applyOptions({ priceFormat: format });
      line.setData(toSeriesData(points, (p) => p.time, (p) => convert(p.value)));
      count += points.length;
      values.push(bucket, ...points.flatMap((p) => [p.time, p.value]));
    }
    this.chart.timeScale().fitContent();
    this.info(`${label}${quantity ? ` in ${units.name}` : ''} · ${shown.join(', ')} · ${response.timeframe} buckets`);
    this.showAsOf(asOf);
    this.publish({
      points: count,
      series: shown.length,
      indicator: response.indicator,
      timeframe: response.timeframe,
      signature: signature(values),
    });
    this.setState('ready');
  }

  clear() {
    for (const line of this.lines.values()) line.setData([]);
  }
}
