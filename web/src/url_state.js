// The view in the page's URL, so it can be bookmarked and shared: symbol, expiry, timeframe,
// the moneyness indicator, the OI view, the moment (IST wall clock; absent: live), units, the
// chain's strike range, OI change basis and Greeks, the IV smile's expiries, the strikes of the
// strikes' OI panel, the calls' colour, and the panels shown. Reading is lenient (a
// value the page does not offer is dropped and the default used); writing replaces the history
// entry, so Back leaves the dashboard instead of stepping through every click.
import { istInputValue, parseIstMoment } from './time.js';

const KEYS = {
  symbol: 'symbol',
  expiry: 'expiry',
  timeframe: 'tf',
  indicator: 'indicator',
  oiView: 'oi',
  at: 'at',
  units: 'units',
  range: 'range',
  since: 'chg',
  greeks: 'greeks',
  smiles: 'smiles',
  strikes: 'strikes',
  calls: 'calls',
  panels: 'panels',
};

// The selection fields the URL names (only those present and well formed).
export function readUrl(search = location.search) {
  const q = new URLSearchParams(search);
  const out = {};
  const text = (key) => {
    const value = q.get(KEYS[key]);
    return value === null || value.trim() === '' ? null : value.trim();
  };
  if (text('symbol')) out.symbol = text('symbol').toUpperCase();
  if (text('expiry') && /^\d{4}-\d{2}-\d{2}$/.test(text('expiry'))) out.expiry = text('expiry');
  if (text('timeframe')) out.timeframe = text('timeframe');
  if (text('indicator')) out.indicator = text('indicator');
  if (['oi', 'oi_change'].includes(text('oiView'))) out.oiView = text('oiView');
  if (text('at') && text('at') !== 'live') {
    const at = parseIstMoment(text('at'));
    if (at !== null) out.at = at;
  }
  if (['lots', 'units'].includes(text('units'))) out.units = text('units');
  if (text('range') && /^(all|\d{1,3})$/.test(text('range'))) out.range = text('range');
  if (text('since')) out.since = text('since');
  if (text('greeks')) out.greeks = text('greeks') === '1';
  if (['1', '3'].includes(text('smiles'))) out.smiles = Number(text('smiles'));
  if (['red', 'green'].includes(text('calls'))) out.calls = text('calls');
  if (text('strikes')) out.strikes = text('strikes').split(',').map(Number).filter((k) => Number.isFinite(k) && k > 0).slice(0, 5);
  if (text('panels')) out.panels = text('panels').split(',').map((p) => p.trim()).filter(Boolean);
  return out;
}

export function urlOf(selection) {
  const q = new URLSearchParams();
  const put = (key, value) => {
    if (value !== null && value !== undefined && value !== '') q.set(KEYS[key], String(value));
  };
  put('symbol', selection.symbol);
  put('expiry', selection.expiry);
  put('timeframe', selection.timeframe);
  put('indicator', selection.indicator);
  put('oiView', selection.oiView);
  put('at', selection.at === null ? null : istInputValue(selection.at));
  put('units', selection.units);
  put('range', selection.range);
  put('since', selection.since);
  put('greeks', selection.greeks ? '1' : '0');
  put('smiles', selection.smiles);
  put('strikes', selection.strikes.join(','));
  put('calls', selection.calls);
  put('panels', selection.panels.join(','));
  return `${location.pathname}?${q.toString()}`;
}

export function writeUrl(selection) {
  const url = urlOf(selection);
  if (url !== `${location.pathname}${location.search}`) history.replaceState(null, '', url);
}
