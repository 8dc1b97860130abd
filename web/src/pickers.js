// The pickers' DOM: filling a <select> and the wording of expiry and indicator options.

// Replaces the options of `select` with [{value, label}], keeping `selected` when it is offered.
export function fillSelect(select, options, selected) {
  select.replaceChildren(
    ...options.map(({ value, label }) => {
      const option = document.createElement('option');
      option.value = value;
      option.textContent = label;
      return option;
    }),
  );
  const values = options.map((o) => o.value);
  select.value = values.includes(selected) ? selected : (values[0] ?? '');
  return select.value;
}

// "2025-11-04 · NWeek+0 · 2 days" (+ " · monthly") from a /fo/expiries detail.
export function expiryLabel(detail) {
  const days = detail.days_to_expiry;
  const when = days === 0 ? 'today' : days === 1 ? '1 day' : days < 0 ? 'expired' : `${days} days`;
  return [detail.date, detail.label, when, detail.is_monthly ? 'monthly' : null].filter(Boolean).join(' · ');
}

// The details as seen on IST day `day` (YYYY-MM-DD; the time machine's moment): days to expiry
// from that day and NWeek+k among the expiries not expired on it (the server's details are as of
// today).
export function detailsOnDay(details, day) {
  const dayMs = Date.parse(`${day}T00:00:00Z`);
  let k = 0;
  return details.map((d) => {
    const days = Math.round((Date.parse(`${d.date}T00:00:00Z`) - dayMs) / 86_400_000);
    return { ...d, days_to_expiry: days, label: days >= 0 ? `NWeek+${k++}` : '' };
  });
}

// /fo/expiries without details: plain dates.
export const expiryDetails = (response) =>
  response.details ?? (response.expiries ?? []).map((date) => ({ date, label: '', days_to_expiry: null }));

// The moneyness indicators of /fo/indicators ("horizontal" panels), one per indicator.
export function moneynessIndicators(response) {
  const seen = new Set();
  const result = [];
  for (const entry of response.indicators ?? []) {
    if (entry.orientation !== 'horizontal' || seen.has(entry.indicator)) continue;
    seen.add(entry.indicator);
    result.push({ value: entry.indicator, label: entry.label, isDefault: entry.default });
  }
  return result;
}
