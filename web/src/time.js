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
