// What a stream client may send (API.md "WebSocket /fo/stream"), one JSON text message each:
//   {"action":"subscribe","symbol":"NIFTY","expiry":"2025-11-04"?,"timeframe":"5min"?}
//   {"action":"subscribe","channel":"chain","symbol":"NIFTY","expiry"?,"strike_range"?}
//   {"action":"unsubscribe","channel"?,"symbol":"NIFTY","expiry"?,"timeframe"?,"strike_range"?}
// channel is "bucket" (the default: fo_bucket messages) or "chain" (the option chain: a
// chain_snapshot, then chain_update messages). symbol is normalised like the HTTP API (aliases,
// prefixes; required); expiry is a date YYYY-MM-DD, absent or "all" for every expiry of the
// symbol (the chain channel: absent for the nearest unexpired one, resolved when subscribing);
// timeframe takes the HTTP API's spellings and defaults to 1min (the live edge; bucket channel
// only); strike_range is the chain's listed strikes each side of ATM, an integer 1..200 or "all"
// (the default; chain channel only). An unsubscribe removes the client's subscriptions of that
// symbol that match the fields it names. Anything else is an error whose detail says what is
// accepted.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "core/expiry.h"
#include "core/timeframe.h"

namespace strikeline {

enum class StreamChannel { bucket, chain };

struct StreamSubscription {
  StreamChannel channel = StreamChannel::bucket;
  std::string symbol;                   // canonical
  std::optional<Expiry> expiry;         // nullopt: every expiry (bucket); the nearest (chain)
  Timeframe timeframe = Timeframe::m1;  // bucket channel
  std::optional<int> strike_range;      // chain channel; nullopt: every listed strike
  friend bool operator==(const StreamSubscription&, const StreamSubscription&) = default;
};

struct StreamUnsubscribe {
  std::optional<StreamChannel> channel;  // nullopt: any
  std::string symbol;
  std::optional<Expiry> expiry;        // nullopt: any
  std::optional<Timeframe> timeframe;  // nullopt: any (names the bucket channel)
  // Whether strike_range names the chain channel's range to match (nullopt then: every strike).
  bool strike_range_given = false;
  std::optional<int> strike_range;
  bool matches(const StreamSubscription& s) const;
};

struct StreamCommand {
  enum class Action { subscribe, unsubscribe } action = Action::subscribe;
  StreamSubscription subscription;  // subscribe
  StreamUnsubscribe unsubscribe;    // unsubscribe
};

// The command, or the detail of what was wrong in `error`.
std::optional<StreamCommand> parse_stream_command(std::string_view text, std::string& error);

}  // namespace strikeline
