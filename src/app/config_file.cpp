#include "app/config_file.h"

#include <cassert>
#include <map>

#include "core/text.h"

namespace strikeline::app {

namespace {

bool is_key_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_';
}

bool is_blank(char c) {
  return c == ' ' || c == '\t' || c == '\r';
}

// A cursor over the whole text that knows its line.
class Reader {
 public:
  explicit Reader(std::string_view text) : text_(text) {}

  bool done() const { return pos_ >= text_.size(); }
  char peek() const { return done() ? '\0' : text_[pos_]; }
  int line() const { return line_; }
  void advance() {
    assert(!done());
    if (text_[pos_] == '\n') ++line_;
    ++pos_;
  }
  void skip_blanks() {
    while (!done() && is_blank(peek())) advance();
  }
  // Blanks, newlines and comment lines (inside an array).
  void skip_space_and_comments() {
    for (;;) {
      skip_blanks();
      if (peek() == '\n') {
        advance();
      } else if (peek() == '#') {
        skip_to_line_end();
      } else {
        return;
      }
    }
  }
  void skip_to_line_end() {
    while (!done() && peek() != '\n') advance();
  }
  // The rest of the line must be blank or a comment.
  bool at_line_end() {
    skip_blanks();
    if (peek() == '#') skip_to_line_end();
    return done() || peek() == '\n';
  }
  // The text up to `close` on this line, the reader past it; nullopt (the reader at the line's
  // end) when the line has no `close`.
  std::optional<std::string> until(char close) {
    std::string out;
    while (!done() && peek() != close && peek() != '\n') {
      out += peek();
      advance();
    }
    if (peek() != close) return std::nullopt;
    advance();
    return out;
  }
  std::string_view rest_of_line() const {
    const auto end = text_.find('\n', pos_);
    return text_.substr(pos_, end == std::string_view::npos ? std::string_view::npos : end - pos_);
  }

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
  int line_ = 1;
};

std::string at_line(int line, const std::string& message) {
  return "line " + std::to_string(line) + ": " + message;
}

// "..." with escapes; the reader is on the opening quote.
std::optional<std::string> basic_string(Reader& in, std::string* error) {
  in.advance();
  std::string out;
  while (!in.done() && in.peek() != '"' && in.peek() != '\n') {
    char c = in.peek();
    in.advance();
    if (c != '\\') {
      out += c;
      continue;
    }
    const char escaped = in.peek();
    switch (escaped) {
      case '"':
        out += '"';
        break;
      case '\\':
        out += '\\';
        break;
      case 'n':
        out += '\n';
        break;
      case 't':
        out += '\t';
        break;
      case 'r':
        out += '\r';
        break;
      default:
        *error = at_line(in.line(), std::string("unknown escape \\") + escaped +
                                        " in a quoted value (\\\" \\\\ \\n \\t \\r are known)");
        return std::nullopt;
    }
    in.advance();
  }
  if (in.peek() != '"') {
    *error = at_line(in.line(), "a quoted value has no closing \"");
    return std::nullopt;
  }
  in.advance();
  return out;
}

// '...' taken literally; the reader is on the opening quote.
std::optional<std::string> literal_string(Reader& in, std::string* error) {
  in.advance();
  auto out = in.until('\'');
  if (!out) *error = at_line(in.line(), "a quoted value has no closing '");
  return out;
}

// A bare value ends at the line's end, at " #", or (in an array) at ',' or ']'.
std::string bare_value(Reader& in, bool in_array) {
  std::string out;
  char previous = ' ';
  while (!in.done() && in.peek() != '\n') {
    const char c = in.peek();
    if (c == '#' && is_blank(previous)) break;
    if (in_array && (c == ',' || c == ']')) break;
    out += c;
    previous = c;
    in.advance();
  }
  return std::string(trim(out));
}

std::optional<std::string> one_value(Reader& in, bool in_array, std::string* error) {
  if (in.peek() == '"') {
    if (in.rest_of_line().starts_with("\"\"\"")) {
      *error = at_line(in.line(), "multi-line \"\"\" strings are not supported");
      return std::nullopt;
    }
    return basic_string(in, error);
  }
  if (in.peek() == '\'') return literal_string(in, error);
  std::string value = bare_value(in, in_array);
  if (value.empty()) {
    *error = at_line(in.line(), "a value is missing (write \"\" for an empty one)");
    return std::nullopt;
  }
  return value;
}

std::optional<std::vector<std::string>> array_values(Reader& in, std::string* error) {
  const int opened = in.line();
  in.advance();  // '['
  std::vector<std::string> values;
  for (;;) {
    in.skip_space_and_comments();
    if (in.done()) {
      *error = at_line(opened, "an array has no closing ]");
      return std::nullopt;
    }
    if (in.peek() == ']') break;
    if (in.peek() == '[') {
      *error = at_line(in.line(), "arrays of arrays are not supported");
      return std::nullopt;
    }
    auto value = one_value(in, true, error);
    if (!value) return std::nullopt;
    values.push_back(std::move(*value));
    in.skip_space_and_comments();
    if (in.done()) continue;  // reported at the top of the loop
    if (in.peek() == ',') {
      in.advance();
    } else if (in.peek() != ']') {
      *error = at_line(in.line(), "array values must be separated by commas");
      return std::nullopt;
    }
  }
  in.advance();  // ']'
  return values;
}

}  // namespace

std::optional<std::vector<ConfigEntry>> parse_config_text(std::string_view text,
                                                          std::string* error) {
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);  // a UTF-8 byte order mark
  Reader in(text);
  std::vector<ConfigEntry> entries;
  std::map<std::pair<std::string, std::string>, int> seen;  // (section, key) -> line
  std::string section;
  while (!in.done()) {
    in.skip_blanks();
    const char c = in.peek();
    if (c == '\n') {
      in.advance();
      continue;
    }
    if (c == '#' || c == ';' || in.done()) {
      in.skip_to_line_end();
      continue;
    }
    const int line = in.line();
    if (c == '[') {
      in.advance();
      if (in.peek() == '[') {
        *error = at_line(line, "[[arrays of tables]] are not supported; use [command]");
        return std::nullopt;
      }
      const auto name = in.until(']');
      if (!name) {
        *error = at_line(line, "a section header has no closing ]");
        return std::nullopt;
      }
      section = std::string(trim(*name));
      if (section.size() >= 2 && section.front() == '"' && section.back() == '"')
        section = section.substr(1, section.size() - 2);
      if (section.empty()) {
        *error = at_line(line, "a section needs a name, e.g. [serve]");
        return std::nullopt;
      }
      if (!in.at_line_end()) {
        *error = at_line(line, "unexpected text after [" + section + "]");
        return std::nullopt;
      }
      continue;
    }
    ConfigEntry entry;
    entry.section = section;
    entry.line = line;
    while (!in.done() && is_key_char(in.peek())) {
      entry.key += in.peek() == '_' ? '-' : in.peek();
      in.advance();
    }
    in.skip_blanks();
    if (entry.key.empty() || in.peek() != '=') {
      *error =
          at_line(line, "expected flag = value (got '" +
                            std::string(trim(entry.key + std::string(in.rest_of_line()))) + "')");
      return std::nullopt;
    }
    in.advance();  // '='
    in.skip_blanks();
    if (in.peek() == '[') {
      auto values = array_values(in, error);
      if (!values) return std::nullopt;
      entry.values = std::move(*values);
      entry.array = true;
    } else {
      auto value = one_value(in, false, error);
      if (!value) return std::nullopt;
      entry.values.push_back(std::move(*value));
    }
    if (!in.at_line_end()) {
      *error = at_line(in.line(), "unexpected text after the value of " + entry.key + ": '" +
                                      std::string(trim(in.rest_of_line())) + "'");
      return std::nullopt;
    }
    const auto [where, inserted] = seen.try_emplace({entry.section, entry.key}, line);
    if (!inserted) {
      *error =
          at_line(line, entry.key + " is already set on line " + std::to_string(where->second) +
                            " (a repeatable flag takes an array: [a, b])");
      return std::nullopt;
    }
    entries.push_back(std::move(entry));
  }
  return entries;
}

}  // namespace strikeline::app
