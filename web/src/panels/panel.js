// A dashboard panel: a <section> with a chart, a status line and a data-state attribute
// (loading | ready | empty | error) that says what is going on. What a panel shows is also
// published (for people reading the DOM, and for the browser test) as data-* attributes on the
// section and in window.__dashboard.panels[name]. Each panel's header says the moment it shows
// ("as of ..." in IST, the .asof label).
import { formatIstDateTime } from '../time.js';

export class Panel {
  constructor(name, id, report) {
    this.name = name;
    this.el = document.getElementById(id);
    this.chartEl = this.el.querySelector('.chart');
    this.statusEl = this.el.querySelector('.status');
    this.infoEl = this.el.querySelector('.panel-info');
    this.report = report;
    this.report[name] = { state: 'loading', points: 0, signature: '', updates: 0 };
    this.asOfEl = this.el.querySelector('.asof');
    if (!this.asOfEl) {
      this.asOfEl = document.createElement('span');
      this.asOfEl.className = 'asof';
      this.el.querySelector('header h2').after(this.asOfEl);
    }
  }

  // The moment the panel shows (epoch seconds; null: none).
  showAsOf(seconds) {
    const text = seconds === null || seconds === undefined ? '' : `as of ${formatIstDateTime(seconds)}`;
    if (this.asOfEl.textContent !== text) this.asOfEl.textContent = text;
    this.report[this.name].asOf = seconds ?? null;
    this.el.dataset.asOf = String(seconds ?? '');
  }

  setVisible(on) {
    this.el.hidden = !on;
  }

  setState(state, message) {
    this.el.dataset.state = state;
    this.report[this.name].state = state;
    if (message) this.statusEl.textContent = message;
  }

  loading(message) {
    // Keep showing the previous data while a refresh runs; only an empty panel says "loading".
    if (this.el.dataset.state !== 'ready') this.setState('loading', message);
  }

  empty(message) {
    this.clear();
    this.publish({ points: 0, signature: '' });
    this.setState('empty', message);
  }

  error(message) {
    this.setState('error', message);
  }

  info(text) {
    if (this.infoEl) this.infoEl.textContent = text;
  }

  // Records what is on screen: counts, a signature of the values, and extra fields.
  publish(fields) {
    const entry = this.report[this.name];
    Object.assign(entry, fields);
    entry.updates += 1;
    for (const [key, value] of Object.entries(fields)) {
      if (typeof value !== 'object') this.el.dataset[key] = String(value);
    }
    this.el.dataset.updates = String(entry.updates);
  }

  clear() {}
}

// A panel drawing one call series and one put series (this.calls, this.puts, set by the
// subclass), coloured by the calls-red / calls-green setting.
export class SidesPanel extends Panel {
  // The sides' colours ({ call, put }).
  setSideColors(colors) {
    this.calls.applyOptions({ color: colors.call });
    this.puts.applyOptions({ color: colors.put });
    this.report[this.name].colors = { calls: colors.call, puts: colors.put };
  }
}

// A short, order-sensitive digest of numbers, so a change of data shows as a change of signature.
export function signature(values) {
  let hash = 2166136261;
  for (const v of values) {
    const text = v === null || v === undefined ? '-' : String(v);
    for (let i = 0; i < text.length; i++) {
      hash ^= text.charCodeAt(i);
      hash = Math.imul(hash, 16777619) >>> 0;
    }
    hash = (hash ^ 44) >>> 0;
  }
  return `${values.length}:${hash.toString(16)}`;
}
