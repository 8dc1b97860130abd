// The ATM IV term structure as of the moment: each listed expiry's ATM IV (percent) by calendar
// days to expiry (/fo/term-structure), the 30-day constant-maturity IV marked, and per expiry the
// implied forward from put-call parity with its basis to spot and the forward pricing uses
// (/fo/implied-forward), all in the crosshair tooltip.
import { LineSeries, createSeriesMarkers } from 'lightweight-charts';
import { COLORS, attachTooltip, createStrikeChart, fitStrikes, toSeriesData } from '../charts.js';
import { formatPrice } from '../format.js';
import { Panel, signature } from './panel.js';

const percent = (v) => (v === null || v === undefined ? '–' : `${v.toFixed(2)} %`);

export class TermStructurePanel extends Panel {
  constructor(report) {
    super('termstructure', 'panel-termstructure', report);
    this.chart = createStrikeChart(this.chartEl);
    this.atm = this.chart.addSeries(LineSeries, {
      color: COLORS.accent,
      lineWidth: 2,
      lastValueVisible: false,
      priceLineVisible: false,
      priceFormat: { type: 'price', precision: 2, minMove: 0.01 },
    });
    this.markers = createSeriesMarkers(this.atm, []);
    // Lines that draw nothing (own overlay scales, no line, no marker), carrying each expiry's
    // implied forward and basis for the tooltip.
    const carrier = (scale) => ({
      priceScaleId: scale,
      lineVisible: false,
      pointMarkersVisible: false,
      crosshairMarkerVisible: false,
      lastValueVisible: false,
      priceLineVisible: false,
    });
    this.forwardSeries = this.chart.addSeries(LineSeries, carrier('forward'));
    this.basisSeries = this.chart.addSeries(LineSeries, carrier('basis'));
    this.byDays = new Map(); // days to expiry -> { expiry, forward entry }
    attachTooltip(this.chart, this.chartEl, {
      title: (days) => {
        const e = this.byDays.get(days);
        return e ? `${e.expiry} (${days} d)` : `${days} d`;
      },
      entries: () => [
        { series: this.atm, label: 'ATM IV', format: percent },
        { series: this.forwardSeries, label: 'Implied forward', format: (v) => `₹${formatPrice(v)}` },
        { series: this.basisSeries, label: 'Basis to spot', format: (v) => `₹${formatPrice(v)}` },
      ],
      onShow: (shown) => (this.report.termstructure.tooltip = shown),
    });
  }

  // `terms` a /fo/term-structure answer, `forwards` a /fo/implied-forward answer (same moment),
  // `expiry` the dashboard's chosen expiry (its forward goes in the info line).
  show(terms, forwards, expiry) {
    const points = (terms.expiries ?? []).filter((p) => p.atm_iv !== null);
    if (points.length === 0) {
      this.empty(`No ATM IV for ${terms.symbol} at this moment: no expiry has priced options yet.`);
      return;
    }
    const forwardOf = new Map((forwards.expiries ?? []).map((f) => [f.expiry, f]));
    this.byDays = new Map(points.map((p) => [p.days_to_expiry, { expiry: p.expiry, forward: forwardOf.get(p.expiry) }]));
    this.atm.setData(toSeriesData(points, (p) => p.days_to_expiry, (p) => p.atm_iv));
    this.forwardSeries.setData(toSeriesData(points, (p) => p.days_to_expiry, (p) => forwardOf.get(p.expiry)?.implied_forward ?? null));
    this.basisSeries.setData(toSeriesData(points, (p) => p.days_to_expiry, (p) => forwardOf.get(p.expiry)?.basis_spot ?? null));
    const chosen = points.find((p) => p.expiry === expiry);
    this.markers.setMarkers(chosen ? [{ time: chosen.days_to_expiry, position: 'aboveBar', shape: 'arrowDown', color: COLORS.warn, text: chosen.expiry }] : []);
    fitStrikes(this.chart, points.length);
    const cm = terms.cm30 ?? {};
    const f = forwardOf.get(expiry);
    const forwardText = f
      ? ` · ${expiry}: implied forward ₹${formatPrice(f.implied_forward)} (basis ${f.basis_spot === null ? '–' : `₹${formatPrice(f.basis_spot)}`}), priced on ${f.forward_source ?? '–'} ₹${formatPrice(f.forward)}`
      : '';
    this.info(`30-day IV ${percent(cm.iv)}${cm.extrapolated ? ' (flat from the nearest expiry)' : ''}${forwardText}`);
    this.showAsOf(terms.as_of);
    this.publish({
      points: points.length,
      cm30: cm.iv ?? null,
      atmIvs: points.map((p) => ({ expiry: p.expiry, days: p.days_to_expiry, atm_iv: p.atm_iv })),
      forward: f ? { expiry, implied_forward: f.implied_forward, basis_spot: f.basis_spot, forward: f.forward, forward_source: f.forward_source } : null,
      signature: signature(points.flatMap((p) => [p.days_to_expiry, p.atm_iv, forwardOf.get(p.expiry)?.implied_forward])),
    });
    this.setState('ready');
  }

  clear() {
    this.atm.setData([]);
    this.forwardSeries.setData([]);
    this.basisSeries.setData([]);
    this.markers.setMarkers([]);
  }
}
