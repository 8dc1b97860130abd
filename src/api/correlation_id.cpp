#include "api/correlation_id.h"

#include <random>

namespace strikeline {

namespace {

bool acceptable(std::string_view id) {
  if (id.empty() || id.size() > 128) return false;
  for (char c : id) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '.' || c == '_' || c == ':' || c == '-';
    if (!ok) return false;
  }
  return true;
}

}  // namespace

std::string correlation_id_for(std::string_view client_value) {
  if (acceptable(client_value)) return std::string(client_value);
  thread_local std::mt19937_64 rng{std::random_device{}()};
  static constexpr char kHex[] = "0123456789abcdef";
  std::string id(32, '0');
  std::uint64_t bits[2] = {rng(), rng()};
  for (std::size_t i = 0; i < 32; ++i) {
    id[i] = kHex[(bits[i / 16] >> (4 * (i % 16))) & 0xf];
  }
  return id;
}

}  // namespace strikeline
