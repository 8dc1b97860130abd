// CsvWriter: comma-separated text (RFC 4180 fields, records ended by "\n") appended straight to a
// caller's buffer, for the endpoints' format=csv. Numbers are written as JsonWriter writes them
// (the shortest text that reads back to the same double), so a CSV column equals its JSON field;
// an absent value (nullopt, NaN) is an empty field. Text is quoted when it holds a comma, a quote
// or a line break. Leading "# name: value" lines carry an answer's header values (pandas:
// read_csv(comment="#")).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace strikeline {

class CsvWriter {
 public:
  explicit CsvWriter(std::string& out) : out_(out) {}

  // "# name: value" (value as given: the server's own text).
  CsvWriter& comment(std::string_view name, std::string_view value);
  CsvWriter& text(std::string_view value);
  CsvWriter& number(double value);
  CsvWriter& number(std::int64_t value);
  CsvWriter& number(int value) { return number(static_cast<std::int64_t>(value)); }
  template <class T>
  CsvWriter& optional(const std::optional<T>& value) {
    return value ? number(*value) : empty();
  }
  CsvWriter& empty();
  // Ends the record (the next field starts a new line).
  CsvWriter& end_record();

 private:
  void separate();

  std::string& out_;
  bool first_ = true;
};

}  // namespace strikeline
