// JsonWriter: a streaming JSON writer that appends straight to a caller's buffer (the response
// body), with no intermediate document. Commas are placed automatically; the caller is responsible
// for well-formed nesting (key before each object member, matching begin/end). Numbers use the
// shortest text that reads back to the same double (std::to_chars); NaN and infinities are written
// as null, never as invalid JSON. Strings are escaped (quotes, backslash, control characters) and
// must be UTF-8.
#pragma once

#include <charconv>
#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace strikeline {

class JsonWriter {
 public:
  explicit JsonWriter(std::string& out) : out_(out) {}

  JsonWriter& begin_object() {
    separate();
    out_ += '{';
    need_comma_ = false;
    return *this;
  }
  JsonWriter& end_object() {
    out_ += '}';
    need_comma_ = true;
    return *this;
  }
  JsonWriter& begin_array() {
    separate();
    out_ += '[';
    need_comma_ = false;
    return *this;
  }
  JsonWriter& end_array() {
    out_ += ']';
    need_comma_ = true;
    return *this;
  }
  // Member names are the server's own literals: written as given, not escaped (they must not
  // contain quotes, backslashes or control characters).
  JsonWriter& key(std::string_view name) {
    separate();
    out_ += '"';
    out_ += name;
    out_ += "\":";
    need_comma_ = false;
    return *this;
  }

  JsonWriter& string(std::string_view text) {
    separate();
    write_quoted(text);
    need_comma_ = true;
    return *this;
  }
  JsonWriter& number(double value);
  JsonWriter& number(std::int64_t value);
  JsonWriter& number(int value) { return number(static_cast<std::int64_t>(value)); }
  JsonWriter& boolean(bool value) { return raw(value ? "true" : "false"); }
  JsonWriter& null() { return raw("null"); }
  template <class T>
  JsonWriter& optional(const std::optional<T>& value) {
    return value ? number(*value) : null();
  }

  // key + value in one call.
  JsonWriter& field(std::string_view name, std::string_view text) { return key(name).string(text); }
  JsonWriter& field(std::string_view name, const char* text) { return key(name).string(text); }
  JsonWriter& field(std::string_view name, double value) { return key(name).number(value); }
  JsonWriter& field(std::string_view name, std::int64_t value) { return key(name).number(value); }
  JsonWriter& field(std::string_view name, int value) { return key(name).number(value); }
  JsonWriter& field(std::string_view name, bool value) { return key(name).boolean(value); }
  template <class T>
  JsonWriter& field(std::string_view name, const std::optional<T>& value) {
    return key(name).optional(value);
  }

  // Pre-encoded JSON (for cached documents).
  JsonWriter& raw(std::string_view json) {
    separate();
    out_ += json;
    need_comma_ = true;
    return *this;
  }

 private:
  void separate() {
    if (need_comma_) out_ += ',';
  }
  void write_quoted(std::string_view text);

  std::string& out_;
  bool need_comma_ = false;
};

}  // namespace strikeline
