#include "feed/kite/kite_text_message.h"

#include <boost/json.hpp>

namespace strikeline::kite {

namespace {

std::string string_field(const boost::json::object& o, std::string_view key) {
  if (const auto* v = o.if_contains(key); v && v->is_string()) return std::string(v->as_string());
  return {};
}

}  // namespace

std::optional<KiteTextMessage> parse_text_message(std::string_view text) {
  boost::system::error_code ec;
  boost::json::value root = boost::json::parse(text, ec);
  if (ec || !root.is_object()) return std::nullopt;
  const auto& object = root.as_object();
  const auto* type = object.if_contains("type");
  if (!type || !type->is_string()) return std::nullopt;
  KiteTextMessage m;
  m.type_name = std::string(type->as_string());
  if (m.type_name == "order") {
    m.type = KiteTextMessage::Type::order;
  } else if (m.type_name == "error") {
    m.type = KiteTextMessage::Type::error;
  } else if (m.type_name == "message") {
    m.type = KiteTextMessage::Type::message;
  }
  if (const auto* data = object.if_contains("data")) {
    if (data->is_string()) {
      m.data = std::string(data->as_string());
    } else {
      m.data = boost::json::serialize(*data);
    }
    if (data->is_object()) {
      m.order_id = string_field(data->as_object(), "order_id");
      m.order_status = string_field(data->as_object(), "status");
      m.tradingsymbol = string_field(data->as_object(), "tradingsymbol");
    }
  }
  return m;
}

}  // namespace strikeline::kite
