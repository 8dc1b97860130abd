// OI build-up of one expiry over an interval (GET /fo/buildup): the change in OI by strike, call
// bars in the top pane and put bars hanging from the top of the bottom pane (as the OI panel),
// each bar marked with its class (LB long build-up, SB short build-up, SC short covering, LU long
// unwinding; neutral unmarked), in lots or units; below, per class the count of calls and puts
// and the biggest mover of each; then the expiry's future's class over the same interval ("Future:
// long build-up, OI +12 lots, price +40.50"). A crosshair tooltip gives both sides' class, OI change and price
// change at a strike. The interval is the panel's choice: the timeframe's bucket ending at the
// moment shown, or the last 30 minutes, hour, or since the open.
import { HistogramSeries, createSeriesMarkers } from 'lightweight-charts';
import { COLORS, QUANTITY_FORMAT, attachTooltip, createStrikeChart, fitStrikes, strikeTitle, timeTitle, toSeriesData } from '../charts.js';
import { formatPrice, formatSigned } from '../format.js';
import { SidesPanel, signature } from './panel.js';

export const BUILDUP_CLASSES = [
  ['long_buildup', 'Long build-up', 'LB', 'price up, OI up'],
  ['short_buildup', 'Short build-up', 'SB', 'price down, OI up'],
  ['short_covering', 'Short covering', 'SC', 'price up, OI down'],
  ['long_unwinding', 'Long unwinding', 'LU', 'price down, OI down'],
  ['neutral', 'Neutral', '', 'OI change below the threshold, or price unchanged'],
];
const CLASS_NAME = Object.fromEntries(BUILDUP_CLASSES.map(([id, name]) => [id, name]));
const CLASS_CODE = Object.fromEntries(BUILDUP_CLASSES.map(([id, , code]) => [id, code]));
// The panel's interval choices: the `since` parameter each sends (undefined: the bucket).
export const BUILDUP_SINCE = { bucket: undefined, '30m': '30m', '1h': '1h', open: '09:15' };

export class BuildupPanel extends SidesPanel {
  constructor(report) {
    super('buildup', 'panel-buildup', report);
    this.chart = createStrikeChart(this.chartEl);
    this.range = { minValue: -1, maxValue: 1 };
    const autoscaleInfoProvider = () => ({ priceRange: { ...this.range } });
    const common = { priceFormat: QUANTITY_FORMAT, autoscaleInfoProvider, lastValueVisible: false, priceLineVisible: false };
    this.calls = this.chart.addSeries(HistogramSeries, { ...common, color: COLORS.call }, 0);
    this.puts = this.chart.addSeries(HistogramSeries, { ...common, color: COLORS.put }, 1);
    this.puts.priceScale().applyOptions({ invertScale: true }); // put bars hang down: a mirror of the calls
    for (const pane of this.chart.panes()) pane.setStretchFactor(1);
    this.callMarkers = createSeriesMarkers(this.calls, []);
    this.putMarkers = createSeriesMarkers(this.puts, []);
    this.tableEl = this.el.querySelector('.buildup-table');
    this.futureEl = this.el.querySelector('.buildup-future');
    this.rows = new Map(); // strike -> the API's row
    this.units = null;
    attachTooltip(this.chart, this.chartEl, {
      title: strikeTitle,
      entries: () => [
        { series: this.calls, label: 'Calls', format: (v, x) => this.describe(x, 'call', v) },
        { series: this.puts, label: 'Puts', format: (v, x) => this.describe(x, 'put', v) },
      ],
      onShow: (shown) => (this.report.buildup.tooltip = shown),
    });
  }

  // "Long build-up, OI chg +1,234 lots, price +2.50" for one side at `strike`.
  describe(strike, side, value) {
    const s = this.rows.get(strike)?.[side];
    const unit = this.units?.name ?? 'units';
    const what = s?.class ? CLASS_NAME[s.class] : 'unknown';
    const price = s?.price_change === null || s?.price_change === undefined ? '' : `, price ${formatSigned(s.price_change, formatPrice)}`;
    return `${what}, OI chg ${formatSigned(value)} ${unit}${price}`;
  }

  // The future's line from the answer's `future` (null: no future of the expiry known then).
  describeFuture(future, units) {
    if (!future) return 'Future: none known for this expiry';
    if (!future.class) return 'Future: unknown (no price or OI at an end of the interval)';
    const name = CLASS_NAME[future.class].toLowerCase();
    return `Future: ${name}, OI ${formatSigned(units.convert(future.oi_change))} ${units.name}, price ${formatSigned(future.price_change, formatPrice)}`;
  }

  // `response` a /fo/buildup answer (one moment); `units` from format.js quantityUnits().
  show(response, units) {
    const rows = response.rows ?? [];
    this.units = units;
    if (rows.length === 0) {
      this.empty(`No OI build-up for ${response.symbol} ${response.expiry ?? ''}: nothing stored for this expiry at this moment.`);
      return;
    }
    this.rows = new Map(rows.map((r) => [r.strike, r]));
    const change = (side) => (r) => units.convert(r[side].oi_change);
    const all = rows.flatMap((r) => [change('call')(r), change('put')(r)]).filter((v) => v !== null);
    const lo = Math.min(0, ...all);
    const hi = Math.max(0, ...all);
    this.range = { minValue: lo, maxValue: hi > lo ? hi : lo + 1 };
    this.calls.setData(toSeriesData(rows, (r) => r.strike, change('call')));
    this.puts.setData(toSeriesData(rows, (r) => r.strike, change('put')));
    const markers = (side) =>
      rows
        .filter((r) => CLASS_CODE[r[side].class])
        .map((r) => ({ time: r.strike, position: (r[side].oi_change ?? 0) >= 0 ? 'aboveBar' : 'belowBar', shape: 'circle', size: 0.5, color: COLORS.text, text: CLASS_CODE[r[side].class] }));
    this.callMarkers.setMarkers(markers('call'));
    this.putMarkers.setMarkers(markers('put'));
    fitStrikes(this.chart, rows.length);
    this.showTable(response, units);
    this.futureEl.textContent = this.describeFuture(response.future, units);
    this.info(`${response.expiry} · ${timeTitle(response.since)} → ${timeTitle(response.as_of)} · neutral below ${response.neutral_oi_pct} % of OI · ${units.name}`);
    this.showAsOf(response.as_of);
    const counts = (side) => Object.fromEntries([...BUILDUP_CLASSES.map(([id]) => [id, side.counts[id]]), ['unknown', side.counts.unknown]]);
    this.publish({
      points: rows.length,
      expiry: response.expiry,
      since: response.since,
      units: units.name,
      counts: { calls: counts(response.calls), puts: counts(response.puts) },
      future: response.future ? { class: response.future.class, oi_change: response.future.oi_change, price_change: response.future.price_change } : null,
      signature: signature(rows.flatMap((r) => [r.strike, r.call.class, r.call.oi_change, r.put.class, r.put.oi_change])),
    });
    this.setState('ready');
  }

  // Per class: the count of calls and puts and the biggest mover of each (strike and OI change).
  showTable(response, units) {
    const mover = (side, id) => {
      const top = side.movers?.[id]?.[0];
      return top ? `${top.strike} (${formatSigned(units.convert(top.oi_change))})` : '–';
    };
    const head = document.createElement('tr');
    for (const [text, cls] of [['Class', ''], ['Calls', 'count call'], ['Top call', 'mover call'], ['Puts', 'count put'], ['Top put', 'mover put']]) {
      const th = document.createElement('th');
      th.textContent = text;
      if (cls) th.className = cls;
      head.append(th);
    }
    const body = BUILDUP_CLASSES.map(([id, name, code, meaning]) => {
      const tr = document.createElement('tr');
      tr.dataset.class = id;
      const cells = [
        [code ? `${name} (${code})` : name, 'name'],
        [String(response.calls.counts[id]), 'count call'],
        [id === 'neutral' ? '' : mover(response.calls, id), 'mover call'],
        [String(response.puts.counts[id]), 'count put'],
        [id === 'neutral' ? '' : mover(response.puts, id), 'mover put'],
      ];
      for (const [text, cls] of cells) {
        const td = document.createElement('td');
        td.textContent = text;
        td.className = cls;
        tr.append(td);
      }
      tr.title = meaning;
      return tr;
    });
    const thead = document.createElement('thead');
    thead.append(head);
    const tbody = document.createElement('tbody');
    tbody.append(...body);
    this.tableEl.replaceChildren(thead, tbody);
  }

  clear() {
    this.calls.setData([]);
    this.puts.setData([]);
    this.callMarkers.setMarkers([]);
    this.putMarkers.setMarkers([]);
    this.tableEl.replaceChildren();
    this.futureEl.textContent = '';
    this.rows = new Map();
  }
}
