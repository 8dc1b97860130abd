// The IV smile: call and put implied volatility (percent) by strike of the chosen expiry, ATM
// marked, and optionally the smiles of the next expiries (one line each: the mean of the sides'
// IV at a strike), with a crosshair tooltip giving every line's IV at a strike.
import { LineSeries, LineStyle, createSeriesMarkers } from 'lightweight-charts';
import { COLORS, attachTooltip, createStrikeChart, fitStrikes, strikeTitle, toSeriesData } from '../charts.js';
import { SidesPanel, signature } from './panel.js';

export const MAX_OTHER_EXPIRIES = 2;
const OTHER_COLORS = ['#b39ddb', '#4fc3f7'];

export class IvSmilePanel extends SidesPanel {
  constructor(report) {
    super('iv', 'panel-iv', report);
    this.chart = createStrikeChart(this.chartEl);
    // No last-value labels or titles on the scale: the highest strike's IV means nothing here and
    // they covered the last strikes (the legend names the lines, the tooltip gives values).
    const format = { priceFormat: { type: 'price', precision: 2, minMove: 0.01 }, lineWidth: 2, lastValueVisible: false, priceLineVisible: false };
    this.calls = this.chart.addSeries(LineSeries, { ...format, color: COLORS.call });
    this.puts = this.chart.addSeries(LineSeries, { ...format, color: COLORS.put });
    this.others = OTHER_COLORS.map((color) => this.chart.addSeries(LineSeries, { ...format, color, lineStyle: LineStyle.Dashed, visible: false }));
    this.othersLegend = this.el.querySelector('.iv-others');
    this.otherExpiries = [];
    this.markers = createSeriesMarkers(this.calls, []);
    const percent = (v) => `${v.toFixed(2)} %`;
    attachTooltip(this.chart, this.chartEl, {
      title: strikeTitle,
      entries: () => [
        { series: this.calls, label: 'Call IV', format: percent },
        { series: this.puts, label: 'Put IV', format: percent },
        ...this.otherExpiries.map((expiry, i) => ({ series: this.others[i], label: `${expiry} IV`, format: percent })),
      ],
      onShow: (shown) => (this.report.iv.tooltip = shown),
    });
  }

  // `response` a /fo/strike-distribution answer (indicator iv) for `expiry` and maybe later ones.
  show(response, expiry) {
    const series = response.series?.find((s) => s.expiry === expiry) ?? response.series?.[0];
    const points = series?.points.filter((p) => p.call !== null || p.put !== null) ?? [];
    if (points.length === 0) {
      this.empty(`No implied volatility for ${response.symbol} at this time: no option of this expiry has traded with a valid IV yet.`);
      return;
    }
    this.calls.setData(toSeriesData(points, (p) => p.strike, (p) => p.call));
    this.puts.setData(toSeriesData(points, (p) => p.strike, (p) => p.put));
    const others = (response.series ?? []).filter((s) => s !== series).slice(0, MAX_OTHER_EXPIRIES);
    this.otherExpiries = others.map((s) => s.expiry);
    this.others.forEach((line, i) => {
      const other = others[i];
      line.applyOptions({ visible: Boolean(other) });
      line.setData(other ? toSeriesData(other.points.filter((p) => p.value !== null), (p) => p.strike, (p) => p.value) : []);
    });
    this.markers.setMarkers([
      { time: series.atm_strike, position: 'aboveBar', shape: 'arrowDown', color: COLORS.warn, text: 'ATM' },
    ]);
    // Every strike of every smile: the union of their strikes.
    const strikes = new Set(points.map((p) => p.strike));
    for (const other of others) for (const p of other.points) strikes.add(p.strike);
    fitStrikes(this.chart, strikes.size);
    this.othersLegend.replaceChildren(
      ...others.flatMap((other, i) => {
        const swatch = document.createElement('i');
        swatch.style.background = OTHER_COLORS[i];
        return [swatch, `${other.expiry} `];
      }),
      others.length ? '(dashed: mean of call and put IV) ' : '',
    );
    this.info(`${series.expiry} · ATM ${series.atm_strike}`);
    this.showAsOf(series.as_of ?? series.bucket_time);
    this.publish({
      points: points.length,
      expiry: series.expiry,
      otherExpiries: this.otherExpiries.join(','),
      bucketTime: series.bucket_time,
      signature: signature(points.flatMap((p) => [p.strike, p.call, p.put])),
      colors: { calls: this.calls.options().color, puts: this.puts.options().color },
    });
    this.setState('ready');
  }

  clear() {
    this.calls.setData([]);
    this.puts.setData([]);
    for (const line of this.others) line.setData([]);
    this.markers.setMarkers([]);
  }
}
