// The live connection to WebSocket /fo/stream (API.md): the fo_bucket subscription of the symbol,
// expiry and timeframe on screen, and the option chain's channel ({"channel":"chain"}: a
// chain_snapshot, then chain_update messages) while the chain shows the live moment; reconnection
// with exponential backoff (1 s doubling to 30 s, with jitter). Reports its mode to onMode:
// 'connecting', 'live' (open), or 'down' (closed or never opened: the dashboard polls meanwhile);
// chain messages to onChain, the server's error messages to onError.
// A server without the chain channel reads a chain subscription as a plain one (it ignores the
// keys it does not know) and an unsubscribe of it as one of every subscription of the symbol and
// expiry: so after unsubscribing the chain the bucket subscription is sent again.
export class StreamClient {
  constructor({ onBucket, onMode, onChain = () => {}, onError = () => {} }) {
    this.onBucket = onBucket;
    this.onMode = onMode;
    this.onChain = onChain;
    this.onError = onError;
    this.socket = null;
    this.subscription = null; // what the server was told
    this.wanted = null; // what should be subscribed
    this.chainSubscription = null;
    this.chainWanted = null;
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

  // Follows the chain of { symbol, expiry, strike_range } (strike_range null: every strike), or
  // nothing (null). onChainSent() is told each time a chain subscription is sent.
  followChain(chain, onChainSent) {
    this.chainWanted = chain ? { symbol: chain.symbol, expiry: chain.expiry, strike_range: chain.strike_range ?? 'all' } : null;
    this.onChainSent = onChainSent;
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
      this.chainSubscription = null;
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
      else if (message.type === 'chain_snapshot' || message.type === 'chain_update') this.onChain(message);
      else if (message.type === 'error') this.onError(message);
    };
    socket.onclose = () => {
      if (this.socket !== socket) return;
      this.socket = null;
      this.subscription = null;
      this.chainSubscription = null;
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
    if (!socket || socket.readyState !== WebSocket.OPEN) return;
    const send = (message) => socket.send(JSON.stringify(message));
    const same = (a, b) => a === b || (a && b && JSON.stringify(a) === JSON.stringify(b));
    let resendBucket = false;
    if (!same(this.chainSubscription, this.chainWanted) && this.chainSubscription) {
      send({ action: 'unsubscribe', channel: 'chain', ...this.chainSubscription });
      this.chainSubscription = null;
      resendBucket = true;
    }
    if (this.wanted && (!same(this.subscription, this.wanted) || resendBucket)) {
      if (this.subscription && !same(this.subscription, this.wanted)) send({ action: 'unsubscribe', ...this.subscription });
      send({ action: 'subscribe', ...this.wanted });
      this.subscription = this.wanted;
    }
    if (this.chainWanted && !same(this.chainSubscription, this.chainWanted)) {
      send({ action: 'subscribe', channel: 'chain', ...this.chainWanted });
      this.chainSubscription = this.chainWanted;
      this.onChainSent?.(this.chainWanted);
    }
  }
}
