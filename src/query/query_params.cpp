#include "query/query_params.h"

namespace strikeline {

std::optional<std::string_view> QueryParams::last(std::string_view key) const {
  for (auto it = entries_.rbegin(); it != entries_.rend(); ++it) {
    if (it->first == key) return std::string_view(it->second);
  }
  return std::nullopt;
}

std::vector<std::string_view> QueryParams::all(std::initializer_list<std::string_view> keys) const {
  std::vector<std::string_view> out;
  for (const auto& [key, value] : entries_) {
    for (std::string_view k : keys) {
      if (key == k) {
        out.emplace_back(value);
        break;
      }
    }
  }
  return out;
}

std::string quote_value(std::string_view raw) {
  constexpr std::size_t kMax = 64;
  std::string out = "'";
  for (std::size_t i = 0; i < raw.size() && i < kMax; ++i) {
    const unsigned char c = static_cast<unsigned char>(raw[i]);
    out += (c >= 0x20 && c < 0x7f) ? static_cast<char>(c) : '?';
  }
  if (raw.size() > kMax) out += "...";
  out += "'";
  return out;
}

}  // namespace strikeline
