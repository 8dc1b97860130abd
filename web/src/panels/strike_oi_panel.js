// Open interest of a few chosen strikes over time (GET /fo/strike-history, one request a strike):
// each strike in its own colour, the call's OI solid and the put's dashed, on one scale, in lots
// or units, with a crosshair tooltip giving every line's OI at a moment.
import { LineSeries, LineStyle } from 'lightweight-charts';
import { QUANTITY_FORMAT, attachTooltip, createTimeChart, timeTitle, toSeriesData } from '../charts.js';
import { formatCount } from '../format.js';
import { Panel, signature } from './panel.js';

export const MAX_STRIKES = 5;
const STRIKE_COLORS = ['#ffb74d', '#4fc3f7', '#ce93d8', '#aed581', '#f48fb1'];

export class StrikeOiPanel extends Panel {
  constructor(report) {
    super('strikeoi', 'panel-strikeoi', report);
    this.chart = createTimeChart(this.chartEl);
    this.lines = STRIKE_COLORS.map((color) => ({
      call: this.chart.addSeries(LineSeries, { color, lineWidth: 2, priceFormat: QUANTITY_FORMAT, visible: false, priceLineVisible: false }),
      put: this.chart.addSeries(LineSeries, { color, lineWidth: 2, lineStyle: LineStyle.Dashed, priceFormat: QUANTITY_FORMAT, visible: false, priceLineVisible: false }),
    }));
    this.strikes = [];
    this.unitName = 'lots';
    const format = (v) => `${formatCount(v)} ${this.unitName}`;
    attachTooltip(this.chart, this.chartEl, {
      title: timeTitle,
      entries: () =>
        this.strikes.flatMap((strike, i) => [
          { series: this.lines[i].call, label: `${strike} CE OI`, format },
          { series: this.lines[i].put, label: `${strike} PE OI`, format },
        ]),
      onShow: (shown) => (this.report.strikeoi.tooltip = shown),
    });
  }

  // `histories`: /fo/strike-history answers, one a strike; `units` from format.js quantityUnits();
  // `asOf` the moment the window ends (null: the newest candle's).
  show(histories, units, asOf) {
    const shown = histories.filter((h) => (h.candles ?? []).length > 0).slice(0, MAX_STRIKES);
    if (shown.length === 0) {
      this.empty('No open interest for these strikes in this window.');
      return;
    }
    this.unitName = units.name;
    this.strikes = shown.map((h) => h.strike);
    let newest = null;
    this.lines.forEach((pair, i) => {
      const history = shown[i];
      for (const side of ['call', 'put']) {
        pair[side].applyOptions({ visible: Boolean(history), title: history ? `${history.strike} ${side === 'call' ? 'CE' : 'PE'}` : '' });
        pair[side].setData(history ? toSeriesData(history.candles, (c) => c.time, (c) => units.convert(c[side]?.oi ?? null)) : []);
      }
      const last = history?.candles[history.candles.length - 1];
      if (last && (newest === null || last.time > newest)) newest = last.time;
    });
    this.chart.timeScale().fitContent();
    this.info(`${this.strikes.join(', ')} · calls solid, puts dashed · ${units.name}`);
    this.showAsOf(asOf ?? newest);
    this.publish({
      points: shown.reduce((n, h) => n + h.candles.length, 0),
      strikes: this.strikes.join(','),
      units: units.name,
      signature: signature(shown.flatMap((h) => h.candles.flatMap((c) => [h.strike, c.time, c.call?.oi, c.put?.oi]))),
    });
    this.setState('ready');
  }

  clear() {
    for (const pair of this.lines) {
      pair.call.setData([]);
      pair.put.setData([]);
    }
  }
}
