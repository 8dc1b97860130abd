// Time on the dashboard: bars are keyed by UTC epoch seconds; people read Indian Standard Time.
const IST = 'Asia/Kolkata';

const clock = new Intl.DateTimeFormat('en-GB', { timeZone: IST, hour: '2-digit', minute: '2-digit', hour12: false });
const dayAndClock = new Intl.DateTimeFormat('en-GB', {
  timeZone: IST,
  day: '2-digit',
  month: 'short',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});
const day = new Intl.DateTimeFormat('en-GB', { timeZone: IST, day: '2-digit', month: 'short' });

export const formatIstClock = (seconds) => clock.format(new Date(seconds * 1000));
export const formatIstDateTime = (seconds) => `${dayAndClock.format(new Date(seconds * 1000))} IST`;
export const formatIstDay = (seconds) => day.format(new Date(seconds * 1000));

export const TIMEFRAMES = ['1min', '3min', '5min', '15min', '30min', '1hour', '1day'];
export const TIMEFRAME_SECONDS = {
  '1min': 60,
  '3min': 180,
  '5min': 300,
  '15min': 900,
  '30min': 1800,
  '1hour': 3600,
  '1day': 86400,
};

// How much history the time panels show for a timeframe (about 50-150 buckets).
export function windowSeconds(timeframe) {
  const hours = { '1min': 2, '3min': 6, '5min': 12, '15min': 36, '30min': 72, '1hour': 240, '1day': 24 * 120 };
  return (hours[timeframe] ?? 12) * 3600;
}

export const nowSeconds = () => Math.floor(Date.now() / 1000);

// The moment picker and the URL write moments as IST wall-clock text, "YYYY-MM-DDTHH:MM" (seconds
// optional), the form of <input type="datetime-local">. IST is UTC+05:30 all year (no DST).
const IST_OFFSET = 19800;
export function istInputValue(seconds) {
  const text = new Date((seconds + IST_OFFSET) * 1000).toISOString(); // 2025-11-04T11:30:00.000Z
  return seconds % 60 === 0 ? text.slice(0, 16) : text.slice(0, 19);
}
// The epoch seconds of an IST wall-clock text, or of plain epoch seconds; null when neither.
export function parseIstMoment(text) {
  if (typeof text !== 'string') return null;
  const trimmed = text.trim();
  if (/^\d{9,10}$/.test(trimmed)) return Number(trimmed);
  const m = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?$/.exec(trimmed);
  if (!m) return null;
  const [, y, mo, d, h, mi, s] = m.map(Number);
  const utc = Date.UTC(y, mo - 1, d, h, mi, s || 0) / 1000 - IST_OFFSET;
  return Number.isFinite(utc) && istInputValue(utc).startsWith(trimmed.slice(0, 16).replace(' ', 'T')) ? utc : null;
}
