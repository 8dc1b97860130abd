// Kite Connect ticker text messages: JSON objects {"type": "order" | "error" | "message", "data":
// ...}. An order update carries the order (as Postbacks do), an error or message a string. Anything
// else (not JSON, not an object, no string "type") is not a ticker message: nullopt.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace strikeline::kite {

struct KiteTextMessage {
  enum class Type { order, error, message, other };
  Type type = Type::other;
  std::string type_name;  // as sent
  // The data: the string itself for error/message, else compact JSON of the value.
  std::string data;
  // Order updates: a few fields for the log.
  std::string order_id, order_status, tradingsymbol;
};

[[nodiscard]] std::optional<KiteTextMessage> parse_text_message(std::string_view text);

}  // namespace strikeline::kite
