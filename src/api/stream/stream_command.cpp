#include "api/stream/stream_command.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include "core/symbol.h"
#include "core/text.h"
#include "feed/input_text.h"

namespace strikeline {

namespace json = boost::json;

namespace {

constexpr std::string_view kShape =
    R"(send {"action":"subscribe"|"unsubscribe","symbol":"NIFTY","expiry":"YYYY-MM-DD"?,)"
    R"("timeframe":"1min"?} or {"action":"subscribe"|"unsubscribe","channel":"chain",)"
    R"("symbol":"NIFTY","expiry":"YYYY-MM-DD"?,"strike_range":10?})";

constexpr int kMaxStrikeRange = 200;

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

// strike_range: absent or "all" (nullopt: every strike) or an integer 1..200, as a JSON number or
// a string. False with `error` for anything else.
bool strike_range_field(const json::object& o, std::optional<int>& range, std::string& error,
                        bool& present) {
  range.reset();
  present = false;
  const json::value* v = o.if_contains("strike_range");
  if (!v || v->is_null()) return true;
  present = true;
  std::optional<std::int64_t> n;
  std::string shown;
  if (v->is_int64()) {
    n = v->as_int64();
    shown = std::to_string(*n);
  } else if (v->is_uint64()) {
    shown = std::to_string(v->as_uint64());
  } else if (v->is_string()) {
    const std::string_view text = trim(std::string_view(v->as_string()));
    if (iequals(text, "all")) return true;
    n = parse_int64(text);
    shown = quoted(v->as_string());
  } else {
    shown = json::serialize(*v);
    if (shown.size() > 32) shown = shown.substr(0, 32) + "...";
  }
  if (!n || *n <= 0 || *n > kMaxStrikeRange) {
    error = "invalid strike_range " + shown +
            "; use an integer N with 0 < N <= 200 (listed strikes each side of ATM) or \"all\"";
    return false;
  }
  range = static_cast<int>(*n);
  return true;
}

}  // namespace

bool StreamUnsubscribe::matches(const StreamSubscription& s) const {
  if (channel && s.channel != *channel) return false;
  if (timeframe && (s.channel != StreamChannel::bucket || s.timeframe != *timeframe)) return false;
  if (strike_range_given && (s.channel != StreamChannel::chain || s.strike_range != strike_range)) {
    return false;
  }
  return s.symbol == symbol && (!expiry || s.expiry == expiry);
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

  std::optional<StreamChannel> channel;
  auto channel_text = string_field(o, "channel", error, present);
  if (!channel_text) return std::nullopt;
  if (present) {
    if (iequals(trim(*channel_text), "chain")) {
      channel = StreamChannel::chain;
    } else if (iequals(trim(*channel_text), "bucket")) {
      channel = StreamChannel::bucket;
    } else {
      error = "unknown channel " + quoted(*channel_text) +
              "; use \"bucket\" (fo_bucket messages, the default) or \"chain\" (the option chain)";
      return std::nullopt;
    }
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
    if (channel == StreamChannel::chain) {
      error =
          "'timeframe' is for the bucket channel; the chain channel follows the chain's state "
          "(omit timeframe, or subscribe without \"channel\":\"chain\" for fo_bucket messages)";
      return std::nullopt;
    }
    timeframe = parse_timeframe(trim(*tf_text));
    if (!timeframe) {
      error = "invalid timeframe " + quoted(*tf_text) +
              "; use 1min, 3min, 5min, 15min, 30min, 1hour or 1day";
      return std::nullopt;
    }
  }

  std::optional<int> strike_range;
  if (!strike_range_field(o, strike_range, error, present)) return std::nullopt;
  if (present && channel != StreamChannel::chain) {
    error = "'strike_range' is for the chain channel; add \"channel\":\"chain\"";
    return std::nullopt;
  }

  if (cmd.action == StreamCommand::Action::subscribe) {
    cmd.subscription.channel = channel.value_or(StreamChannel::bucket);
    cmd.subscription.symbol = *symbol;
    cmd.subscription.expiry = expiry;
    cmd.subscription.timeframe = timeframe.value_or(Timeframe::m1);
    cmd.subscription.strike_range = strike_range;
  } else {
    cmd.unsubscribe.channel = channel;
    cmd.unsubscribe.symbol = *symbol;
    cmd.unsubscribe.expiry = expiry;
    cmd.unsubscribe.timeframe = timeframe;
    cmd.unsubscribe.strike_range_given = present;
    cmd.unsubscribe.strike_range = strike_range;
  }
  return cmd;
}

}  // namespace strikeline
