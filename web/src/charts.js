// Chart construction shared by the panels: lightweight-charts v5 with the dashboard's theme.
// Strike panels use the options chart (strikes on the horizontal axis); time panels a time chart
// labelled in IST. The library's logo is off: its attribution (the licence's notice and link) is in
// the page's footer, where it covers no data. attachTooltip() gives a chart a crosshair tooltip.
import { createChart, createOptionsChart } from 'lightweight-charts';
import { formatCompact } from './format.js';
import { formatIstClock, formatIstDateTime, formatIstDay } from './time.js';

// Calls red and puts green, as Indian option platforms draw open interest (NSE, Sensibull,
// Opstra: call writers' OI is resistance, put writers' OI support).
// sideColors('green') swaps them (the setting for those used to calls green).
export const COLORS = {
  call: '#ef5350',
  put: '#26a69a',
  accent: '#4c8dff',
  warn: '#f5a623',
  text: '#d7dce7',
  grid: '#222a3b',
};
export const sideColors = (calls) => (calls === 'green' ? { call: COLORS.put, put: COLORS.call } : { call: COLORS.call, put: COLORS.put });

// Quantities (OI, volume: units) as Indian markets write them: crore (Cr) from 1,00,00,000, lakh
// (L) from 1,00,000, Indian digit grouping below.
export const formatIndianQuantity = (value) => formatCompact(value, 2);

export const QUANTITY_FORMAT = { type: 'custom', formatter: formatIndianQuantity, minMove: 1 };

const base = {
  autoSize: true,
  layout: {
    background: { color: 'transparent' },
    textColor: COLORS.text,
    attributionLogo: false,
    panes: { separatorColor: '#2a3247' },
  },
  grid: { vertLines: { color: COLORS.grid }, horzLines: { color: COLORS.grid } },
  rightPriceScale: { borderColor: '#2a3247' },
  leftPriceScale: { borderColor: '#2a3247' },
};

export function createStrikeChart(container) {
  return createOptionsChart(container, {
    ...base,
    localization: { precision: 0 },
    // The whole chain stays in view when the panel is resized (a phone turned, a window narrowed).
    timeScale: { borderColor: '#2a3247', lockVisibleTimeRangeOnResize: true },
  });
}

// Shows `count` strikes with a bar and a half of room either side, so the outermost strike
// labels are not cut at the chart's edges (fitContent puts the first bar against the edge).
export function fitStrikes(chart, count) {
  chart.timeScale().setVisibleLogicalRange({ from: -1.5, to: count + 0.5 });
}

// Tick marks below a day (TickMarkType.Time and TimeWithSeconds) show the IST clock; larger ones the day.
const tickMark = (time, type) => (type >= 3 ? formatIstClock(time) : formatIstDay(time));

export function createTimeChart(container, extra = {}) {
  return createChart(container, {
    ...base,
    ...extra,
    localization: { timeFormatter: (time) => formatIstDateTime(time) },
    timeScale: { borderColor: '#2a3247', timeVisible: true, secondsVisible: false, tickMarkFormatter: tickMark },
  });
}

// Series data from API points: nulls become whitespace (a gap, never a zero).
export const toSeriesData = (points, x, y) =>
  points.map((p) => {
    const value = y(p);
    return value === null || value === undefined || Number.isNaN(value) ? { time: x(p) } : { time: x(p), value };
  });

// A crosshair tooltip over `container` (the chart's element): the x value (`title(x)`) and one
// line per entry {series, label, format(value, x)} that has a value there. `onShow(lines)` is told
// what it shows (the panel publishes it). Returns the tooltip element.
export function attachTooltip(chart, container, { title, entries, onShow }) {
  const tip = document.createElement('div');
  tip.className = 'tooltip';
  tip.hidden = true;
  tip.setAttribute('role', 'tooltip');
  container.appendChild(tip);
  chart.subscribeCrosshairMove((param) => {
    if (!param.point || param.time === undefined || param.point.x < 0 || param.point.y < 0) {
      tip.hidden = true;
      return;
    }
    const lines = [];
    for (const entry of entries()) {
      const point = param.seriesData.get(entry.series);
      const value = point?.value ?? point?.close;
      if (value === undefined || value === null) continue;
      lines.push({ label: entry.label, value, text: entry.format(value, param.time) });
    }
    if (lines.length === 0) {
      tip.hidden = true;
      return;
    }
    const heading = title(param.time);
    const head = document.createElement('strong');
    head.textContent = heading;
    tip.replaceChildren(
      head,
      ...lines.map((line) => {
        const row = document.createElement('div');
        row.textContent = `${line.label}: ${line.text}`;
        return row;
      }),
    );
    tip.hidden = false;
    // Beside the crosshair, kept inside the chart.
    const width = tip.offsetWidth;
    const height = tip.offsetHeight;
    const x = param.point.x + 14 + width > container.clientWidth ? param.point.x - 14 - width : param.point.x + 14;
    const y = Math.min(Math.max(0, param.point.y - height / 2), Math.max(0, container.clientHeight - height));
    tip.style.transform = `translate(${Math.max(0, x)}px, ${y}px)`;
    onShow?.({ x: param.time, heading, lines: lines.map(({ label, value, text }) => ({ label, value, text })) });
  });
  return tip;
}

// Tooltip headings: a strike, a moment in IST.
export const strikeTitle = (strike) => `Strike ${strike}`;
export const timeTitle = (time) => formatIstDateTime(time);
