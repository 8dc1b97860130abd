// The live connection to WebSocket /fo/stream (API.md): one subscription at a time (the symbol,
// expiry and timeframe on screen), reconnection with exponential backoff (1 s doubling to 30 s,
// with jitter). Reports its mode to onMode: 'connecting', 'live' (open), or 'down' (closed or
// never opened: the dashboard polls meanwhile).
export class StreamClient {
  constructor({ onBucket, onMode }) {
    this.onBucket = onBucket;
    this.onMode = onMode;
    this.socket = null;
    this.subscription = null; // what the server was told
    this.wanted = null; // what should be subscribed
    this.failures = 0;
    this.retryTimer = null;
    this.retryAt = null;
    this.messages = 0;
  }

  start() {
    this.connect();
  }

  // Subscribes to { symbol, expiry, timeframe }, replacing the previous subscription.
  follow(selection) {
    // Without an expiry (none stored yet) the subscription covers the symbol's expiries.
    this.wanted = { symbol: selection.symbol, timeframe: selection.timeframe };
    if (selection.expiry) this.wanted.expiry = selection.expiry;
    this.sync();
  }

  connect() {
    this.retryTimer = null;
    this.retryAt = null;
    this.onMode('connecting');
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    let socket;
    try {
      socket = new WebSocket(`${scheme}://${location.host}/fo/stream`);
    } catch {
      this.scheduleRetry();
      return;
    }
    this.socket = socket;
    socket.onopen = () => {
      this.failures = 0;
      this.subscription = null;
      this.onMode('live');
      this.sync();
    };
    socket.onmessage = (event) => {
      let message;
      try {
        message = JSON.parse(event.data);
      } catch {
        return; // not JSON: nothing the dashboard can use
      }
      this.messages += 1;
      if (message.type === 'fo_bucket') this.onBucket(message);
    };
    socket.onclose = () => {
      if (this.socket !== socket) return;
      this.socket = null;
      this.subscription = null;
      this.failures += 1;
      this.scheduleRetry();
    };
  }

  scheduleRetry() {
    const base = Math.min(30_000, 1000 * 2 ** Math.min(this.failures, 5));
    const delay = base * (0.8 + 0.4 * Math.random());
    this.retryAt = Date.now() + delay;
    this.onMode('down');
    this.retryTimer = setTimeout(() => this.connect(), delay);
  }

  sync() {
    const socket = this.socket;
    if (!socket || socket.readyState !== WebSocket.OPEN || !this.wanted) return;
    const same = (a, b) => a && b && a.symbol === b.symbol && a.expiry === b.expiry && a.timeframe === b.timeframe;
    if (same(this.subscription, this.wanted)) return;
    if (this.subscription) socket.send(JSON.stringify({ action: 'unsubscribe', ...this.subscription }));
    socket.send(JSON.stringify({ action: 'subscribe', ...this.wanted }));
    this.subscription = this.wanted;
  }
}
