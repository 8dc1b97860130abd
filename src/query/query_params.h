// QueryParams: the decoded key/value pairs of a request, in arrival order, as the query stage sees
// them (no HTTP knowledge). ParamError/ParamResult: the outcome of normalising a parameter, either
// the value or a client-facing detail naming what was wrong and what is accepted.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace strikeline {

class QueryParams {
 public:
  QueryParams() = default;
  QueryParams(std::initializer_list<std::pair<std::string, std::string>> entries)
      : entries_(entries) {}

  void add(std::string key, std::string value) {
    entries_.emplace_back(std::move(key), std::move(value));
  }
  // The last value given for a key (a repeated scalar parameter: the last one wins).
  std::optional<std::string_view> last(std::string_view key) const;
  // Every value given for any of the keys, in arrival order.
  std::vector<std::string_view> all(std::initializer_list<std::string_view> keys) const;
  const std::vector<std::pair<std::string, std::string>>& entries() const { return entries_; }
  void clear() { entries_.clear(); }

 private:
  std::vector<std::pair<std::string, std::string>> entries_;
};

struct ParamError {
  std::string detail;
};

template <class T>
class [[nodiscard]] ParamResult {
 public:
  ParamResult(T value) : v_(std::in_place_index<0>, std::move(value)) {}  // NOLINT: implicit
  ParamResult(ParamError error) : v_(std::in_place_index<1>, std::move(error)) {}  // NOLINT

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }
  const T& value() const& { return std::get<0>(v_); }
  T& value() & { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  const ParamError& error() const { return std::get<1>(v_); }

 private:
  std::variant<T, ParamError> v_;
};

// A client-supplied value quoted in an error detail: at most 64 characters, control bytes and
// non-ASCII replaced by '?', so a detail never carries arbitrary bytes back.
std::string quote_value(std::string_view raw);

}  // namespace strikeline
