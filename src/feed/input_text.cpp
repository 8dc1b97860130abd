#include "feed/input_text.h"

#include <simdjson.h>

#include "core/text.h"

namespace strikeline {

std::string_view strip_byte_order_mark(std::string_view text) {
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  return text;
}

namespace {

bool is_binary_byte(unsigned char c) {
  return c < 0x20 && c != '\t' && c != '\n' && c != '\r';
}

// Offset of the first byte that text never contains, or npos. Scans in blocks without an early
// exit inside a block, so the compiler vectorises the common all-clean case.
std::size_t find_binary_byte(std::string_view text) {
  constexpr std::size_t kBlock = 64;
  const auto* data = reinterpret_cast<const unsigned char*>(text.data());
  std::size_t i = 0;
  for (; i + kBlock <= text.size(); i += kBlock) {
    unsigned bad = 0;
    for (std::size_t j = 0; j < kBlock; ++j) {
      const unsigned c = data[i + j];
      bad |= static_cast<unsigned>(c < 0x20) & static_cast<unsigned>(c != '\t') &
             static_cast<unsigned>(c != '\n') & static_cast<unsigned>(c != '\r');
    }
    if (bad != 0) break;
  }
  for (; i < text.size(); ++i) {
    if (is_binary_byte(data[i])) return i;
  }
  return std::string_view::npos;
}

}  // namespace

std::optional<std::string> refuse_binary(std::string_view text, std::string_view what,
                                         std::size_t offset) {
  if (const std::size_t i = find_binary_byte(text); i != std::string_view::npos) {
    const auto c = static_cast<unsigned char>(text[i]);
    return "not a " + std::string(what) + " file: binary data (" +
           (c == 0 ? std::string("NUL byte") : "control byte " + std::to_string(c)) +
           " at offset " + std::to_string(offset + i) + ")";
  }
  return std::nullopt;
}

bool is_valid_utf8(std::string_view text) {
  return simdjson::validate_utf8(text.data(), text.size());
}

std::optional<std::string> refuse_non_text(std::string_view text, std::string_view what) {
  if (auto why = refuse_binary(text, what, 0)) return why;
  if (!is_valid_utf8(text)) {
    return "not a " + std::string(what) + " file: the text is not valid UTF-8";
  }
  if (trim(strip_byte_order_mark(text)).empty()) return "no rows: the input is empty";
  return std::nullopt;
}

std::string excerpt(std::string_view text, std::size_t max_bytes) {
  std::size_t end = text.size();
  bool cut = false;
  if (end > max_bytes) {
    end = max_bytes;
    // Back up over UTF-8 continuation bytes so a character is never split.
    while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
    cut = true;
  }
  std::string out(text.substr(0, end));
  for (char& c : out) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) c = '?';
  }
  if (cut) out += "...";
  return out;
}

std::string quoted(std::string_view text) {
  std::string out;
  out += '\'';
  out += excerpt(text);
  out += '\'';
  return out;
}

bool LineCursor::next(std::string_view& line) {
  if (rest_.empty()) return false;
  const std::size_t nl = rest_.find('\n');
  if (nl == std::string_view::npos) {
    line = rest_;
    rest_ = {};
  } else {
    line = rest_.substr(0, nl);
    rest_.remove_prefix(nl + 1);
  }
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  ++line_number_;
  return true;
}

bool NdjsonLines::next(std::string_view& line) {
  while (lines_.next(line)) {
    line = trim(line);
    if (line.empty()) continue;
    if (first_) {
      first_ = false;
      if (line.front() != '{') {
        refused_ =
            "not NDJSON: line " + std::to_string(lines_.line_number()) + " is not a JSON object";
        return false;
      }
    }
    return true;
  }
  return false;
}

}  // namespace strikeline
