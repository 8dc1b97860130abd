// What a stream client may send (API.md "WebSocket /fo/stream"), one JSON text message each:
//   {"action":"subscribe","symbol":"NIFTY","expiry":"2025-11-04"?,"timeframe":"5min"?}
//   {"action":"unsubscribe","symbol":"NIFTY","expiry"?,"timeframe"?}
// symbol is normalised like the HTTP API (aliases, prefixes; required); expiry is a date
// YYYY-MM-DD, absent or "all" for every expiry of the symbol; timeframe takes the HTTP API's
// spellings and defaults to 1min (the live edge). An unsubscribe removes the client's
// subscriptions of that symbol that match the fields it names. Anything else is an error whose
// detail says what is accepted.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "core/expiry.h"
#include "core/timeframe.h"

namespace strikeline {

struct StreamSubscription {
  std::string symbol;            // canonical
  std::optional<Expiry> expiry;  // nullopt: every expiry
  Timeframe timeframe = Timeframe::m1;
  friend bool operator==(const StreamSubscription&, const StreamSubscription&) = default;
};

struct StreamUnsubscribe {
  std::string symbol;
  std::optional<Expiry> expiry;        // nullopt: any
  std::optional<Timeframe> timeframe;  // nullopt: any
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
