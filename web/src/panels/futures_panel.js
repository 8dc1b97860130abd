// The near-month future of the symbol over time (GET /fo/futures): its price (rupees, right scale)
// and open interest (left scale, in the chosen units), with the rollover Indian brokers quote,
// (next + far) / (near + next + far) futures OI, and the basis to spot in the panel's line (as of
// the window's end). The crosshair tooltip gives the price and OI at a moment. The near month is
// the first future unexpired at the window's end.
import { LineSeries } from 'lightweight-charts';
import { COLORS, QUANTITY_FORMAT, attachTooltip, createTimeChart, timeTitle, toSeriesData } from '../charts.js';
import { formatCompact, formatPrice } from '../format.js';
import { Panel, signature } from './panel.js';

export class FuturesPanel extends Panel {
  constructor(report) {
    super('futures', 'panel-futures', report);
    this.chart = createTimeChart(this.chartEl, { leftPriceScale: { visible: true, borderColor: '#2a3247' } });
    this.price = this.chart.addSeries(LineSeries, {
      color: COLORS.accent,
      lineWidth: 2,
      title: 'future ₹',
      priceFormat: { type: 'price', precision: 2, minMove: 0.05 },
    });
    this.oi = this.chart.addSeries(LineSeries, {
      color: COLORS.warn,
      lineWidth: 2,
      priceScaleId: 'left',
      title: 'OI',
      priceFormat: QUANTITY_FORMAT,
    });
    this.unitName = 'units';
    attachTooltip(this.chart, this.chartEl, {
      title: timeTitle,
      entries: () => [
        { series: this.price, label: 'Future', format: (v) => `₹${formatPrice(v)}` },
        { series: this.oi, label: 'Future OI', format: (v) => `${formatCompact(v, 2)} ${this.unitName}` },
      ],
      onShow: (shown) => (this.report.futures.tooltip = shown),
    });
  }

  // `response` an /fo/futures answer; `units` format.js's quantityUnits (lots of the chosen
  // expiry, or units); `asOf` the moment the window ends.
  show(response, units, asOf) {
    const rollover = response.rollover ?? [];
    const near = rollover.length > 0 ? rollover[rollover.length - 1].near_expiry : null;
    const series = (response.series ?? []).find((s) => s.expiry === near) ?? (response.series ?? [])[0];
    const points = (series?.points ?? []).filter((p) => p.price !== null);
    if (!series || points.length === 0) {
      this.empty(`No futures of ${response.symbol} in this window.`);
      return;
    }
    const convert = units?.convert ?? ((v) => v);
    this.unitName = units?.name ?? 'units';
    const rollByTime = new Map(rollover.map((r) => [r.time, r]));
    this.price.setData(toSeriesData(points, (p) => p.time, (p) => p.price));
    this.oi.setData(toSeriesData(points, (p) => p.time, (p) => convert(p.oi)));
    this.chart.timeScale().fitContent();
    const last = points[points.length - 1];
    const roll = rollByTime.get(last.time) ?? null;
    const describe = (p) =>
      `${series.expiry} ₹${formatPrice(p.price)} · basis ${p.basis === null ? '–' : formatPrice(p.basis)}` +
      `${p.basis_annualised_pct === null ? '' : ` (${p.basis_annualised_pct.toFixed(2)} % a.)`}` +
      ` · OI ${p.oi === null ? '–' : formatCompact(convert(p.oi), 2)} ${this.unitName}` +
      ` · rollover ${p.roll?.rollover_pct ?? '–'} %` +
      `${p.roll?.days_to_near_expiry === null || p.roll?.days_to_near_expiry === undefined ? '' : ` (${p.roll.days_to_near_expiry} days to expiry)`}`;
    this.info(describe({ ...last, roll }));
    this.showAsOf(asOf);
    this.publish({
      points: points.length,
      expiry: series.expiry,
      lastTime: last.time,
      last: last.price,
      basis: last.basis,
      oi: last.oi,
      rollover: roll?.rollover_pct ?? null,
      signature: signature(points.flatMap((p) => [p.time, p.price, p.oi])),
    });
    this.setState('ready');
  }

  clear() {
    this.price.setData([]);
    this.oi.setData([]);
  }
}
