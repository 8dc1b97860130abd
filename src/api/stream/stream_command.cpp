#include "api/stream/stream_command.h"

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include "core/symbol.h"
#include "core/text.h"
#include "feed/input_text.h"

namespace strikeline {

namespace json = boost::json;

namespace {

constexpr std::string_view kShape =
    R"(send {"action":"subscribe"|"unsubscribe","symbol":"NIFTY","expiry":"YYYY-MM-DD"?,)"
    R"("timeframe":"1min"?})";

std::optional<std::string_view> string_field(const json::object& o, std::string_view key,
                                             std::string& error, bool& present) {
  present = false;
  const json::value* v = o.if_contains(key);
  if (!v || v->is_null()) return std::string_view{};
  present = true;
  if (!v->is_string()) {
    error = "'" + std::string(key) + "' must be a string; " + std::string(kShape);
    return std::nullopt;
  }
  return std::string_view(v->as_string());
}

}  // namespace

bool StreamUnsubscribe::matches(const StreamSubscription& s) const {
  return s.symbol == symbol && (!expiry || s.expiry == expiry) &&
         (!timeframe || s.timeframe == *timeframe);
}

std::optional<StreamCommand> parse_stream_command(std::string_view text, std::string& error) {
  boost::system::error_code ec;
  json::value doc = json::parse(json::string_view(text.data(), text.size()), ec);
  if (ec || !doc.is_object()) {
    error = "not a JSON object; " + std::string(kShape);
    return std::nullopt;
  }
  const json::object& o = doc.as_object();
  bool present = false;
  auto action = string_field(o, "action", error, present);
  if (!action) return std::nullopt;
  StreamCommand cmd;
  if (*action == "subscribe") {
    cmd.action = StreamCommand::Action::subscribe;
  } else if (*action == "unsubscribe") {
    cmd.action = StreamCommand::Action::unsubscribe;
  } else {
    error = present ? "unknown action " + quoted(*action) + "; " + std::string(kShape)
                    : "missing 'action'; " + std::string(kShape);
    return std::nullopt;
  }

  auto symbol_text = string_field(o, "symbol", error, present);
  if (!symbol_text) return std::nullopt;
  if (!present || trim(*symbol_text).empty()) {
    error = "missing 'symbol'; " + std::string(kShape);
    return std::nullopt;
  }
  auto symbol = canonical_symbol(*symbol_text);
  if (!symbol) {
    error = "not a valid symbol " + quoted(*symbol_text) +
            "; use an index such as NIFTY, BANKNIFTY, FINNIFTY, MIDCPNIFTY or SENSEX";
    return std::nullopt;
  }

  std::optional<Expiry> expiry;
  auto expiry_text = string_field(o, "expiry", error, present);
  if (!expiry_text) return std::nullopt;
  if (present && !iequals(trim(*expiry_text), "all") && !trim(*expiry_text).empty()) {
    expiry = parse_date(trim(*expiry_text));
    if (!expiry) {
      error = "invalid expiry " + quoted(*expiry_text) + "; use a date YYYY-MM-DD or omit it";
      return std::nullopt;
    }
  }

  std::optional<Timeframe> timeframe;
  auto tf_text = string_field(o, "timeframe", error, present);
  if (!tf_text) return std::nullopt;
  if (present) {
    timeframe = parse_timeframe(trim(*tf_text));
    if (!timeframe) {
      error = "invalid timeframe " + quoted(*tf_text) +
              "; use 1min, 3min, 5min, 15min, 30min, 1hour or 1day";
      return std::nullopt;
    }
  }

  if (cmd.action == StreamCommand::Action::subscribe) {
    cmd.subscription = {*symbol, expiry, timeframe.value_or(Timeframe::m1)};
  } else {
    cmd.unsubscribe = {*symbol, expiry, timeframe};
  }
  return cmd;
}

}  // namespace strikeline
