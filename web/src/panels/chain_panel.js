// The option chain of one expiry as a table (GET /fo/option-chain, or the stream's chain channel):
// calls on the left, strikes down the middle, puts on the right (mirrored columns); the ATM row
// marked, the in-the-money side of each row shaded, OI and OI change drawn as bars inside their
// cells (one scale for both sides), Greeks columns shown on demand, quantities in lots or units.
// The table is a model (header + rows by strike) drawn into keyed rows: an update rewrites only
// the cells whose text changed, so live rows change in place without flicker. Also fills the
// headline (spot, future, ATM, PCR, max pain, days to expiry, lot size, as-of time).
import { formatCompact, formatCount, formatIndian, formatPrice, formatSigned, quantityUnits } from '../format.js';
import { formatIstDateTime } from '../time.js';
import { Panel, signature } from './panel.js';

const fixed = (digits) => (v) => (v === null || v === undefined ? '–' : v.toFixed(digits));
// One side's columns from the outside in (calls read left to right, puts right to left).
// essential: kept on a phone; greek: shown with the Greeks toggle; qty: a quantity (lots/units).
const SIDE_COLUMNS = [
  { key: 'vega', label: 'Vega', greek: true, format: fixed(2) },
  { key: 'theta', label: 'Theta', greek: true, format: fixed(2) },
  { key: 'gamma', label: 'Gamma', greek: true, format: fixed(5) },
  { key: 'delta', label: 'Delta', greek: true, format: fixed(3) },
  { key: 'iv', label: 'IV %', format: fixed(2) },
  { key: 'volume', label: 'Volume', qty: true },
  { key: 'oi_change', label: 'OI chg', qty: true, signed: true, bar: 'change', essential: true },
  { key: 'oi', label: 'OI', qty: true, bar: 'oi', essential: true },
  { key: 'change', label: 'Chg', signed: true, format: (v) => formatSigned(v, formatPrice) },
  { key: 'ltp', label: 'LTP', format: formatPrice, essential: true },
];
const CALL_COLUMNS = SIDE_COLUMNS;
const PUT_COLUMNS = [...SIDE_COLUMNS].reverse();
const $ = (id) => document.getElementById(id);

export class ChainPanel extends Panel {
  constructor(report) {
    super('chain', 'panel-chain', report);
    this.table = this.el.querySelector('table');
    this.body = this.table.querySelector('tbody');
    this.header = null;
    this.rows = new Map(); // strike -> row (API form)
    this.drawn = new Map(); // strike -> { tr, cells: Map(key -> td) }
    this.unitsMode = 'lots';
    this.changeField = 'oi_change'; // or 'oi_change_since' (OI change since a chosen time)
    // A phone writes quantities of a lakh and more compactly ("1.05 L", "1.03 Cr"), so the columns fit.
    this.narrow = window.matchMedia('(max-width: 600px)');
    this.narrow.addEventListener('change', () => this.header && this.render());
    this.buildHead();
  }

  buildHead() {
    const cell = (text, cls, title) => {
      const th = document.createElement('th');
      th.textContent = text;
      th.className = cls;
      if (title) th.title = title;
      th.scope = 'col';
      return th;
    };
    // The side names above each side's OI column; one cell per column, so a column hidden (the
    // Greeks, a phone's optional columns) hides its cell in both header rows.
    const sides = document.createElement('tr');
    for (const [side, columns] of [
      ['call', CALL_COLUMNS],
      ['put', PUT_COLUMNS],
    ]) {
      if (side === 'put') sides.append(cell('', 'strike'));
      for (const c of columns) sides.append(cell(c.key === 'oi' ? `${side.toUpperCase()}S` : '', `side ${side}-side ${this.columnClass(side, c)}`));
    }
    const names = document.createElement('tr');
    this.unitHeads = [];
    for (const [side, columns] of [
      ['call', CALL_COLUMNS],
      ['put', PUT_COLUMNS],
    ]) {
      if (side === 'put') names.append(cell('Strike', 'strike'));
      for (const c of columns) {
        const th = cell(c.label, this.columnClass(side, c));
        if (c.qty) this.unitHeads.push({ th, label: c.label });
        names.append(th);
      }
    }
    this.table.querySelector('thead').replaceChildren(sides, names);
  }

  columnClass(side, column) {
    return [side, `c-${column.key}`, column.essential ? 'essential' : 'optional', column.greek ? 'greek' : '', column.bar ? 'bar' : '']
      .filter(Boolean)
      .join(' ');
  }

  // A whole chain (an /fo/option-chain answer or a chain_snapshot): replaces the model.
  show(chain, source) {
    const { rows, status, type, ...header } = chain;
    this.header = header;
    this.rows = new Map((rows ?? []).map((r) => [r.strike, r]));
    this.source = source;
    this.render();
  }

  // A chain_update: the new header, the rows that changed, the strikes that left.
  apply(update) {
    this.header = update.header ?? this.header;
    for (const strike of update.removed ?? []) this.rows.delete(strike);
    for (const row of update.rows ?? []) this.rows.set(row.strike, row);
    this.source = 'stream';
    this.render();
  }

  setUnits(mode) {
    if (mode === this.unitsMode) return;
    this.unitsMode = mode;
    if (this.header) this.render();
  }

  // 'close': OI change against the previous close; otherwise since the answer's `since`.
  setChangeBasis(basis) {
    const field = basis === 'close' ? 'oi_change' : 'oi_change_since';
    if (field === this.changeField) return;
    this.changeField = field;
    if (this.header) this.render();
  }

  setGreeks(on) {
    this.table.classList.toggle('show-greeks', on);
  }

  get lotSize() {
    return this.header?.lot_size ?? null;
  }

  render() {
    const header = this.header;
    const units = quantityUnits(this.unitsMode, header.lot_size);
    for (const { th, label } of this.unitHeads) th.textContent = `${label} (${units.name})`;
    this.showHeadline(header, units);
    this.showAsOf(header.as_of);
    const strikes = [...this.rows.keys()].sort((a, b) => a - b);
    if (strikes.length === 0) {
      for (const { tr } of this.drawn.values()) tr.remove();
      this.drawn.clear();
      this.publish({ points: 0, signature: '', strikes: [], source: this.source });
      this.setState('empty', `No option chain for ${header.symbol} ${header.expiry ?? ''} at this moment: nothing stored yet.`);
      return;
    }
    // One scale for both sides: the largest OI (and |OI change|) of the rows on screen.
    let maxOi = 0;
    let maxChange = 0;
    for (const row of this.rows.values()) {
      for (const side of [row.call, row.put]) {
        maxOi = Math.max(maxOi, side?.oi ?? 0);
        maxChange = Math.max(maxChange, Math.abs(side?.[this.changeField] ?? 0));
      }
    }
    for (const [strike, drawn] of this.drawn) {
      if (!this.rows.has(strike)) {
        drawn.tr.remove();
        this.drawn.delete(strike);
      }
    }
    let previous = null;
    for (const strike of strikes) {
      let drawn = this.drawn.get(strike);
      if (!drawn) {
        drawn = this.makeRow(strike);
        this.drawn.set(strike, drawn);
      }
      // Keep the rows in strike order, moving only what is out of place.
      const wantedNext = previous ? previous.nextSibling : this.body.firstChild;
      if (wantedNext !== drawn.tr) this.body.insertBefore(drawn.tr, wantedNext);
      previous = drawn.tr;
      this.fillRow(drawn, this.rows.get(strike), header, units, maxOi, maxChange);
    }
    const basis = this.changeField === 'oi_change' ? 'the previous close' : `${formatIstDateTime(header.since)}`;
    this.info(`${strikes.length} strikes · OI in ${units.name}${units.lots ? ` (lot ${header.lot_size})` : ''} · OI chg since ${basis}`);
    this.publish({
      points: strikes.length,
      expiry: header.expiry,
      atmStrike: header.atm_strike,
      lotSize: header.lot_size,
      units: units.name,
      source: this.source,
      strikes,
      signature: signature(strikes.flatMap((k) => [k, this.rows.get(k).call?.oi, this.rows.get(k).put?.oi, this.rows.get(k).call?.ltp])),
    });
    this.setState('ready');
  }

  makeRow(strike) {
    const tr = document.createElement('tr');
    tr.dataset.strike = String(strike);
    const cells = new Map();
    for (const [side, columns] of [
      ['call', CALL_COLUMNS],
      ['put', PUT_COLUMNS],
    ]) {
      if (side === 'put') {
        const th = document.createElement('th');
        th.scope = 'row';
        th.className = 'strike';
        th.textContent = formatIndian(strike, Number.isInteger(strike) ? 0 : 2);
        tr.append(th);
      }
      for (const column of columns) {
        const td = document.createElement('td');
        td.className = this.columnClass(side, column);
        td.dataset.col = `${side}_${column.key}`;
        cells.set(`${side}_${column.key}`, td);
        tr.append(td);
      }
    }
    return { tr, cells };
  }

  fillRow(drawn, row, header, units, maxOi, maxChange) {
    const set = (el, attr, value) => {
      if (el[attr] !== value) el[attr] = value;
    };
    drawn.tr.classList.toggle('atm', row.strike === header.atm_strike);
    for (const [side, columns] of [
      ['call', CALL_COLUMNS],
      ['put', PUT_COLUMNS],
    ]) {
      const data = row[side] ?? {};
      const itm = typeof data.moneyness === 'string' && data.moneyness.startsWith('ITM');
      for (const column of columns) {
        const td = drawn.cells.get(`${side}_${column.key}`);
        const raw = data[column.key === 'oi_change' ? this.changeField : column.key] ?? null;
        const value = column.qty ? units.convert(raw) : raw;
        const count = this.narrow.matches ? (v) => (Math.abs(v) >= 1e5 ? formatCompact(v, 2) : formatCount(v)) : formatCount;
        const text = column.qty ? (column.signed ? formatSigned(value, count) : count(value)) : column.format(value);
        set(td, 'textContent', text);
        set(td, 'className', `${this.columnClass(side, column)}${itm ? ' itm' : ''}${column.signed && raw < 0 ? ' down' : column.signed && raw > 0 ? ' up' : ''}`);
        if (column.bar) {
          const scale = column.bar === 'oi' ? maxOi : maxChange;
          const width = scale > 0 && raw !== null ? Math.round((Math.abs(raw) / scale) * 1000) / 10 : 0;
          const w = `${width}%`;
          if (td.style.getPropertyValue('--w') !== w) td.style.setProperty('--w', w);
        }
      }
    }
  }

  // The headline in large type: what a trader reads before the table.
  showHeadline(h, units) {
    const put = (id, text) => {
      const el = $(id);
      if (el.textContent !== text) el.textContent = text;
    };
    put('h-symbol', `${h.symbol} ${h.expiry ?? ''}`);
    put('h-spot', formatPrice(h.spot));
    $('h-future-item').hidden = h.future === null || h.future === undefined;
    put('h-future', formatPrice(h.future));
    put('h-atm', formatIndian(h.atm_strike));
    put('h-pcr', h.pcr === null || h.pcr === undefined ? '–' : h.pcr.toFixed(2));
    put('h-maxpain', formatIndian(h.max_pain));
    const days = h.days_to_expiry;
    put('h-dte', days === null || days === undefined ? '–' : days === 0 ? 'expiry today' : days === 1 ? '1 day' : `${days} days`);
    put('h-lot', formatIndian(h.lot_size));
    const oi = (v) => `${formatCompact(units.convert(v), 1)}`;
    put('h-oi', `${oi(h.total_call_oi)} / ${oi(h.total_put_oi)} ${units.name}`);
    put('h-asof', formatIstDateTime(h.as_of));
    $('headline').dataset.asOf = String(h.as_of);
  }

  clear() {
    this.rows.clear();
    for (const { tr } of this.drawn.values()) tr.remove();
    this.drawn.clear();
  }
}
