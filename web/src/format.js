// Numbers as Indian traders read them: digit grouping in lakh and crore (1,23,45,678), compact
// quantities (12.3 L, 1.2 Cr), and open interest in contracts (lots: units / lot size, as NSE's own
// option chain shows it) or in units, as the units toggle says. The API gives every quantity in units.

const grouped = new Map(); // fraction digits -> Intl.NumberFormat (en-IN groups 1,23,45,678)
function groupingFormat(digits) {
  let format = grouped.get(digits);
  if (!format) {
    format = new Intl.NumberFormat('en-IN', { minimumFractionDigits: digits, maximumFractionDigits: digits });
    grouped.set(digits, format);
  }
  return format;
}

// 12345678 -> "1,23,45,678"; digits fixes the fraction ("1,234.50" with 2). Null shows as "–".
export function formatIndian(value, digits = 0) {
  if (value === null || value === undefined || Number.isNaN(value)) return '–';
  return groupingFormat(digits).format(value);
}

// A quantity that may not be whole (lots of a quantity that is not a multiple of the lot size):
// whole numbers without a fraction, others with up to 2 digits.
export function formatCount(value) {
  if (value === null || value === undefined || Number.isNaN(value)) return '–';
  return Number.isInteger(value) ? formatIndian(value) : formatIndian(Math.round(value * 100) / 100, 2);
}

// Compact: crore (Cr) from 1,00,00,000, lakh (L) from 1,00,000, Indian grouping below;
// `digits` after the point for L and Cr (axis labels keep 2, headlines 1).
export function formatCompact(value, digits = 2) {
  if (value === null || value === undefined || Number.isNaN(value)) return '–';
  const magnitude = Math.abs(value);
  const sign = value < 0 ? '-' : '';
  const crore = 1e7 - 0.5 * 10 ** (5 - digits); // what rounds to 100.0 L is shown as 1.0 Cr
  if (magnitude >= crore) return `${sign}${(magnitude / 1e7).toFixed(digits)} Cr`;
  if (magnitude >= 1e5) return `${sign}${(magnitude / 1e5).toFixed(digits)} L`;
  return sign + formatCount(Math.round(magnitude * 100) / 100);
}

// Signed: "+1,234" / "-1,234" / "0".
export const formatSigned = (value, format = formatCount) =>
  value === null || value === undefined || Number.isNaN(value) ? '–' : value > 0 ? `+${format(value)}` : format(value);

// Prices in rupees with 2 decimals and Indian grouping: 24,350.75.
export const formatPrice = (value) => formatIndian(value, 2);

// The units a quantity is shown in. `mode` is 'lots' or 'units'; lotSize the expiry's (null when
// unknown: then units).
export function quantityUnits(mode, lotSize) {
  const lots = mode === 'lots' && Number.isFinite(lotSize) && lotSize > 0;
  return {
    lots,
    name: lots ? 'lots' : 'units',
    // A quantity in units from the API, as shown.
    convert: (value) => (value === null || value === undefined ? null : lots ? value / lotSize : value),
  };
}
