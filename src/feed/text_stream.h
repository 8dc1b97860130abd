// TextStream: the text of an import as it arrives in pieces (an HTTP body read chunk by chunk),
// cut into the units a line reader parses, with bounded memory: it holds at most one unit that is
// still incomplete (a line, or for CSV a record whose quoted field spans lines). It runs the checks
// every text importer runs (feed/input_text.h): binary data or invalid UTF-8 refuse the whole
// input, an input of nothing but whitespace is refused as empty, a leading UTF-8 byte order mark is
// skipped. A unit longer than `max_unit` bytes is rejected as a line ("longer than ... bytes") and
// skipped up to its end, so one endless line cannot grow the buffer.
//
// Units: `lines` hands over one line at a time (LF or CRLF ended, without the terminator) with its
// 1-based number; `csv_records` hands over blocks of whole CSV records (each block ends at a line
// break outside quotes, or at the end of the input) with the number of the block's first line.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace strikeline {

class TextStream {
 public:
  enum class Units { lines, csv_records };
  using UnitSink = std::function<void(std::string_view unit, std::size_t first_line)>;
  using RejectSink = std::function<void(std::size_t line, std::string detail)>;

  static constexpr std::size_t kMaxUnitBytes = 64 * 1024;

  // `what` names the declared format in refusals ("NDJSON", "CSV").
  TextStream(std::string what, Units units, UnitSink on_unit, RejectSink on_reject,
             std::size_t max_unit = kMaxUnitBytes);

  // The next piece of the input (split anywhere). Ignored once the input is refused.
  void feed(std::string_view piece);
  // The end of the input: hands over the last, unterminated unit.
  void finish();

  // Why the whole input is refused (binary, not UTF-8, empty), once known.
  const std::optional<std::string>& refused() const { return refused_; }
  void refuse(std::string why);  // a unit's reader refuses the input (e.g. a bad CSV header)
  // Bytes held for an incomplete unit.
  std::size_t buffered() const { return carry_.capacity(); }

 private:
  std::size_t consume(std::string_view data, bool final);
  std::size_t consume_lines(std::string_view data, bool final);
  std::size_t consume_records(std::string_view data, bool final);
  void emit(std::string_view unit);
  void reject_long_unit();

  std::string what_;
  Units units_;
  UnitSink on_unit_;
  RejectSink on_reject_;
  std::size_t max_unit_;
  std::string carry_;        // the incomplete unit at the end of what was fed
  std::size_t offset_ = 0;   // bytes fed so far (for messages)
  std::size_t line_ = 0;     // lines wholly handed over or skipped
  std::size_t scanned_ = 0;  // csv_records: bytes of carry_ already scanned for quotes
  bool in_quotes_ = false;   // csv_records: the quote state at scanned_
  bool skipping_ = false;    // discarding the rest of an over-long unit
  bool started_ = false;     // the byte order mark question is settled
  bool saw_text_ = false;    // a unit had something besides whitespace
  std::optional<std::string> refused_;
};

}  // namespace strikeline
