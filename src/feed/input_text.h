// Checks every text importer runs before looking at its content: the input must be UTF-8 text
// (no NUL bytes, no control characters other than tab, CR and LF) and not empty. A leading UTF-8
// byte order mark is skipped. And line splitters that keep 1-based line numbers.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace strikeline {

// Why the text is not an importable text file (binary data, invalid UTF-8, nothing but
// whitespace), or nullopt when it is. `what` names the declared format in the message.
[[nodiscard]] std::optional<std::string> refuse_non_text(std::string_view text,
                                                         std::string_view what);
// The binary-data part of that check for a piece of a longer input that starts at `offset`.
std::optional<std::string> refuse_binary(std::string_view text, std::string_view what,
                                         std::size_t offset);
// The UTF-8 part of that check.
bool is_valid_utf8(std::string_view text);

// The text without a leading UTF-8 byte order mark.
std::string_view strip_byte_order_mark(std::string_view text);

// A short quotable excerpt of user input for error messages: at most max_bytes, cut at a UTF-8
// character boundary, control characters replaced by '?', "..." appended when cut.
std::string excerpt(std::string_view text, std::size_t max_bytes = 40);
// The excerpt in single quotes: 'NIFTY?'.
std::string quoted(std::string_view text);

// Walks the lines of a text: LF or CRLF terminated, the last one possibly unterminated.
class LineCursor {
 public:
  explicit LineCursor(std::string_view text) : rest_(text) {}
  // The next line without its terminator; false at the end.
  bool next(std::string_view& line);
  std::size_t line_number() const { return line_number_; }  // of the line last returned

 private:
  std::string_view rest_;
  std::size_t line_number_ = 0;
};

// Walks the non-blank lines of NDJSON, trimmed, with their 1-based line numbers. The first
// non-blank line must start a JSON object: when it does not, next() returns false and refused()
// says why (a body that is not NDJSON at all, rather than a bad line).
class NdjsonLines {
 public:
  explicit NdjsonLines(std::string_view text) : lines_(text) {}
  bool next(std::string_view& line);
  std::size_t line_number() const { return lines_.line_number(); }
  std::optional<std::string>& refused() { return refused_; }

 private:
  LineCursor lines_;
  bool first_ = true;
  std::optional<std::string> refused_;
};

}  // namespace strikeline
