#include "feed/csv_records.h"

#include <cstring>

namespace strikeline {

namespace {
// The characters that end (or, for a quote, break) an unquoted field.
bool is_delimiter(char c) {
  return c == ',' || c == '\n' || c == '"';
}
}  // namespace

void CsvRecordReader::skip_line() {
  const std::size_t nl = text_.find('\n', pos_);
  if (nl == std::string_view::npos) {
    pos_ = text_.size();
  } else {
    pos_ = nl + 1;
    ++line_;
  }
}

CsvRecordReader::Status CsvRecordReader::read_record(std::string& error) {
  const std::size_t n = text_.size();
  const char* data = text_.data();
  while (true) {
    if (pos_ < n && data[pos_] == '"') {
      // Quoted field.
      std::size_t start = ++pos_;
      bool escaped = false;
      std::size_t unescaped_offset = scratch_.size();
      while (true) {
        const void* q = std::memchr(data + pos_, '"', n - pos_);
        if (q == nullptr) {
          error = "unterminated quoted field (it runs to the end of the input)";
          for (std::size_t i = pos_; i < n; ++i) line_ += data[i] == '\n';
          pos_ = n;
          return Status::malformed;
        }
        const std::size_t qpos = static_cast<std::size_t>(static_cast<const char*>(q) - data);
        for (std::size_t i = pos_; i < qpos; ++i) line_ += data[i] == '\n';
        if (qpos + 1 < n && data[qpos + 1] == '"') {
          scratch_.append(data + start, qpos + 1 - start);  // keep one quote
          escaped = true;
          pos_ = start = qpos + 2;
          continue;
        }
        if (escaped) {
          scratch_.append(data + start, qpos - start);
          cells_.push_back({true, unescaped_offset, scratch_.size() - unescaped_offset});
        } else {
          cells_.push_back({false, start, qpos - start});
        }
        pos_ = qpos + 1;
        break;
      }
      if (pos_ >= n) return Status::record;
      const char c = data[pos_];
      if (c == ',') {
        ++pos_;
        continue;
      }
      if (c == '\n' || (c == '\r' && pos_ + 1 < n && data[pos_ + 1] == '\n') ||
          (c == '\r' && pos_ + 1 == n)) {
        skip_line();
        return Status::record;
      }
      error = "unexpected text after a closing quote";
      skip_line();
      return Status::malformed;
    }
    // Unquoted field: up to a comma or the end of the line.
    const std::size_t start = pos_;
    while (pos_ < n && !is_delimiter(data[pos_])) ++pos_;
    if (pos_ < n && data[pos_] == '"') {
      error = "a double quote inside an unquoted field (quote the whole field)";
      skip_line();
      return Status::malformed;
    }
    std::size_t end = pos_;
    if (pos_ >= n || data[pos_] == '\n') {
      if (end > start && data[end - 1] == '\r') --end;
      cells_.push_back({false, start, end - start});
      if (pos_ < n) {
        ++pos_;
        ++line_;
      }
      return Status::record;
    }
    cells_.push_back({false, start, end - start});
    ++pos_;  // the comma
  }
}

CsvRecordReader::Status CsvRecordReader::next(std::vector<std::string_view>& fields,
                                              std::string& error) {
  while (pos_ < text_.size()) {
    // Skip blank lines (empty or only spaces/tabs/CR).
    std::size_t p = pos_;
    while (p < text_.size() && (text_[p] == ' ' || text_[p] == '\t' || text_[p] == '\r')) ++p;
    if (p == text_.size()) return Status::end;
    if (text_[p] == '\n') {
      pos_ = p + 1;
      ++line_;
      continue;
    }
    record_line_ = line_;
    cells_.clear();
    scratch_.clear();
    const Status status = read_record(error);
    if (status == Status::malformed) return status;
    fields.clear();
    for (const Cell& c : cells_) {
      fields.push_back(c.unescaped ? std::string_view(scratch_).substr(c.offset, c.size)
                                   : text_.substr(c.offset, c.size));
    }
    return Status::record;
  }
  return Status::end;
}

}  // namespace strikeline
