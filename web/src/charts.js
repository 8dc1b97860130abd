// Chart construction shared by the panels: lightweight-charts v5 with the dashboard's theme.
// Strike panels use the options chart (strikes on the horizontal axis); time panels a time chart
// labelled in IST. The TradingView attribution logo stays on (the library's licence).
import { createChart, createOptionsChart } from 'lightweight-charts';
import { formatIstClock, formatIstDateTime, formatIstDay } from './time.js';

// Calls red and puts green, as Indian option platforms draw open interest (NSE, Sensibull,
// Opstra: call writers' OI is resistance, put writers' OI support).
export const COLORS = {
  call: '#ef5350',
  put: '#26a69a',
  accent: '#4c8dff',
  warn: '#f5a623',
  text: '#d7dce7',
  grid: '#222a3b',
};

// Quantities (OI, volume: units) as Indian markets write them: crore (Cr) from 1,00,00,000, lakh
// (L) from 1,00,000, Indian digit grouping below.
export function formatIndianQuantity(value) {
  const magnitude = Math.abs(value);
  const sign = value < 0 ? '-' : '';
  if (magnitude >= 9_999_500) return `${sign}${(magnitude / 1e7).toFixed(2)} Cr`;
  if (magnitude >= 1e5) return `${sign}${(magnitude / 1e5).toFixed(2)} L`;
  return sign + Math.round(magnitude).toLocaleString('en-IN');
}

export const QUANTITY_FORMAT = { type: 'custom', formatter: formatIndianQuantity, minMove: 1 };

const base = {
  autoSize: true,
  layout: {
    background: { color: 'transparent' },
    textColor: COLORS.text,
    attributionLogo: true,
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
