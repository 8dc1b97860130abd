// Unit tests (node --test, no browser) of the dashboard's market conventions: Indian digit
// grouping and lakh/crore, lots, IST moments as the picker and the URL write them, the URL's
// reading of a view, and expiry labels as of a past day. Oracles are literal values worked out by
// hand. Run by ctest as dashboard_conventions (label unit).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatCompact, formatCount, formatIndian, formatSigned, quantityUnits } from '../src/format.js';
import { detailsOnDay } from '../src/pickers.js';
import { formatIstDateTime, istInputValue, parseIstMoment } from '../src/time.js';
import { readUrl } from '../src/url_state.js';

test('Indian digit grouping', () => {
  assert.equal(formatIndian(12345678), '1,23,45,678');
  assert.equal(formatIndian(999), '999');
  assert.equal(formatIndian(100000), '1,00,000');
  assert.equal(formatIndian(-1234567), '-12,34,567');
  assert.equal(formatIndian(24350.75, 2), '24,350.75');
  assert.equal(formatIndian(null), '–');
  assert.equal(formatCount(1234), '1,234');
  assert.equal(formatCount(1234.5), '1,234.50');
  assert.equal(formatSigned(1234), '+1,234');
  assert.equal(formatSigned(-1234), '-1,234');
  assert.equal(formatSigned(0), '0');
});

test('lakh and crore', () => {
  assert.equal(formatCompact(1230000, 1), '12.3 L');
  assert.equal(formatCompact(12000000, 1), '1.2 Cr');
  assert.equal(formatCompact(99999, 2), '99,999');
  assert.equal(formatCompact(100000, 2), '1.00 L');
  // 99.995 L rounds to 100.00 L: written 1.00 Cr instead; 99.994 L stays in lakh.
  assert.equal(formatCompact(9999500, 2), '1.00 Cr');
  assert.equal(formatCompact(9999400, 2), '99.99 L');
  assert.equal(formatCompact(9995000, 1), '1.0 Cr');
  assert.equal(formatCompact(-2500000, 2), '-25.00 L');
});

test('lots: units divided by the lot size, units otherwise', () => {
  const lots = quantityUnits('lots', 65);
  assert.equal(lots.name, 'lots');
  assert.equal(lots.convert(1300), 20);
  assert.equal(lots.convert(null), null);
  assert.equal(quantityUnits('units', 65).convert(1300), 1300);
  assert.equal(quantityUnits('lots', null).name, 'units', 'no lot size: units');
});

test('IST moments', () => {
  // 2026-12-06 15:30 IST is 10:00 UTC.
  const t = Date.UTC(2026, 11, 6, 10, 0, 0) / 1000;
  assert.equal(istInputValue(t), '2026-12-06T15:30');
  assert.equal(istInputValue(t + 5), '2026-12-06T15:30:05');
  assert.equal(parseIstMoment('2026-12-06T15:30'), t);
  assert.equal(parseIstMoment('2026-12-06 15:30:05'), t + 5);
  assert.equal(parseIstMoment(String(t)), t);
  assert.equal(parseIstMoment('2026-02-30T10:00'), null, 'no 30 February');
  assert.equal(parseIstMoment('yesterday'), null);
  // 23:45 IST on 5 December is 18:15 UTC the same day; 00:15 IST on 6 December is 18:45 UTC on the 5th.
  assert.equal(istInputValue(Date.UTC(2026, 11, 5, 18, 45) / 1000), '2026-12-06T00:15');
  assert.equal(formatIstDateTime(t), '06 Dec, 15:30 IST');
});

test('the URL names a view', () => {
  const t = Date.UTC(2026, 11, 4, 6, 0) / 1000; // 11:30 IST
  const view = readUrl('?symbol=banknifty&expiry=2026-12-08&tf=15min&at=2026-12-04T11:30&units=units&range=5&chg=1h&greeks=1&smiles=3&strikes=24300,24400&calls=green&panels=chain,oi');
  assert.deepEqual(view, {
    symbol: 'BANKNIFTY',
    expiry: '2026-12-08',
    timeframe: '15min',
    at: t,
    units: 'units',
    range: '5',
    since: '1h',
    greeks: true,
    smiles: 3,
    strikes: [24300, 24400],
    calls: 'green',
    panels: ['chain', 'oi'],
  });
  // Values the page does not offer are dropped (the defaults stay).
  assert.deepEqual(readUrl('?expiry=next&at=soon&units=shares&range=-3&calls=blue&smiles=7'), {});
  assert.deepEqual(readUrl('?at=live'), {});
});

test('expiry labels as of a past day', () => {
  const details = [
    { date: '2026-11-24', label: '', days_to_expiry: -12, is_monthly: true },
    { date: '2026-12-01', label: '', days_to_expiry: -5 },
    { date: '2026-12-08', label: 'NWeek+0', days_to_expiry: 2 },
  ];
  const seen = detailsOnDay(details, '2026-12-01');
  assert.deepEqual(
    seen.map((d) => [d.date, d.label, d.days_to_expiry]),
    [
      ['2026-11-24', '', -7],
      ['2026-12-01', 'NWeek+0', 0],
      ['2026-12-08', 'NWeek+1', 7],
    ],
  );
  assert.equal(seen[0].is_monthly, true);
});
