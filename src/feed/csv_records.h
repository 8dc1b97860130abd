// RFC 4180 CSV records: comma-separated fields, records ended by LF or CRLF, fields optionally
// enclosed in double quotes (which may then hold commas, line breaks and "" for a quote). Blank
// lines are skipped. A malformed record (an unterminated quote, a quote inside an unquoted field,
// text after a closing quote) is reported and skipped up to the end of its line.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace strikeline {

class CsvRecordReader {
 public:
  // `first_line`: the number of the text's first line (a block of a longer input).
  explicit CsvRecordReader(std::string_view text, std::size_t first_line = 1)
      : text_(text), line_(first_line) {}

  enum class Status { record, malformed, end };

  // The next record's fields (views into the text, or into this reader for fields that contained
  // "" escapes; valid until the next call), or why the record is malformed.
  Status next(std::vector<std::string_view>& fields, std::string& error);

  // The 1-based line on which the record last returned starts.
  std::size_t record_line() const { return record_line_; }

 private:
  struct Cell {
    bool unescaped;  // in scratch_
    std::size_t offset, size;
  };
  Status read_record(std::string& error);
  void skip_line();

  std::string_view text_;
  std::size_t pos_ = 0;
  std::size_t line_ = 1;
  std::size_t record_line_ = 0;
  std::vector<Cell> cells_;
  std::string scratch_;
};

}  // namespace strikeline
