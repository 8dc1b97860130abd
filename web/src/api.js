// The strikeline HTTP API (API.md) as the dashboard reads it: one function per endpoint, each
// resolving to the parsed JSON body or rejecting with an ApiError carrying the server's "detail".
export class ApiError extends Error {
  constructor(status, detail) {
    super(detail);
    this.status = status;
    this.detail = detail;
  }
}

// GET path?params (values that are undefined, null or '' are left out).
async function getJson(path, params = {}, { acceptStatus = [] } = {}) {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') query.append(key, String(value));
  }
  const text = query.toString();
  let response;
  try {
    response = await fetch(text ? `${path}?${text}` : path, { headers: { Accept: 'application/json' } });
  } catch {
    throw new ApiError(0, 'the server cannot be reached');
  }
  let body = null;
  try {
    body = await response.json();
  } catch {
    body = null;
  }
  if (!response.ok && !acceptStatus.includes(response.status)) {
    throw new ApiError(response.status, body?.detail ?? `HTTP ${response.status}`);
  }
  if (body === null) throw new ApiError(response.status, 'the server answered with no JSON body');
  return body;
}

// /health answers 503 with a body naming the failing part; the dashboard shows it either way.
export const fetchHealth = () => getJson('/health', {}, { acceptStatus: [503] });
export const fetchIndicators = () => getJson('/fo/indicators');
export const fetchExpiries = (symbol) => getJson('/fo/expiries', { symbol });

// { symbol, timeframe, expiry, indicator, bucket_time?, strike_range? }
export const fetchStrikeDistribution = (params) => getJson('/fo/strike-distribution', params);
// { symbol, timeframe, expiry, indicator, from, to }
export const fetchMoneynessSeries = (params) => getJson('/fo/moneyness-series', params);
// { symbol, timeframe, expiry, from, to }
export const fetchExpiryMetrics = (params) => getJson('/fo/expiry-metrics', params);
// { symbol, expiry, at?, strike_range? ('all' or N) }: the header's members and "rows".
export const fetchOptionChain = (params) => getJson('/fo/option-chain', params);
// { symbol, expiry, strike, timeframe, from, to }: one strike's candles (both sides).
export const fetchStrikeHistory = (params) => getJson('/fo/strike-history', params);
// The implied forward and the volatility regime. { symbol, at? }: every expiry unexpired then.
export const fetchImpliedForward = (params) => getJson('/fo/implied-forward', params);
export const fetchTermStructure = (params) => getJson('/fo/term-structure', params);
// { symbol, expiry, timeframe, from, to }
export const fetchSkewSeries = (params) => getJson('/fo/skew-series', params);
// { symbol, at? }
export const fetchIvRank = (params) => getJson('/fo/iv-rank', params);
// { symbol, expiry, timeframe, at?, since?, strike_range? }: OI build-up classes, counts, movers, rows.
export const fetchBuildup = (params) => getJson('/fo/buildup', params);
// { symbol, expiry, at?, strike_range? }: GEX/DEX/VEX by strike and in total, the zero-gamma level.
export const fetchExposures = (params) => getJson('/fo/exposures', params);
// { symbol, timeframe, from, to, expiry? }: per future expiry its points, and the rollover.
export const fetchFutures = (params) => getJson('/fo/futures', params);
