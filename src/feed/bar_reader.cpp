#include "feed/bar_reader.h"

#include <algorithm>
#include <array>

#include "core/text.h"
#include "feed/bar_row_builder.h"
#include "feed/csv_records.h"
#include "feed/input_text.h"
#include "feed/json_line.h"
#include "feed/market_bounds.h"
#include "feed/text_stream.h"

namespace strikeline {

namespace {

// The first line of a text whose format is to be detected is at most this long.
constexpr std::size_t kDetectionBytes = TextStream::kMaxUnitBytes;

}  // namespace

struct BarStreamReader::Impl {
  Impl(std::optional<BarFormat> f, BarReadOptions o) : format(f), options(std::move(o)) {
    if (format) start();
  }

  void start() {
    const bool csv = *format == BarFormat::csv;
    text.emplace(
        csv ? "CSV" : "NDJSON", csv ? TextStream::Units::csv_records : TextStream::Units::lines,
        [this](std::string_view unit, std::size_t first_line) {
          if (*format == BarFormat::csv) {
            csv_block(unit, first_line);
          } else {
            ndjson_line(unit, first_line);
          }
        },
        [this](std::size_t line, std::string detail) { reject(line, std::move(detail)); });
  }

  void reject(std::size_t line, std::string detail) {
    if (result.rejected.size() < kListedRejections) rejected_bytes += detail.size();
    note_rejection(result.rejected, result.rejected_count, line, std::move(detail));
  }

  // A built row: kept, or rejected when it breaks the bounds.
  void row(std::size_t line) {
    if (auto problem = strike_bar_problem(bar, options.latest)) {
      reject(line, std::move(*problem));
    } else {
      result.bars.push_back(bar);
    }
  }

  void csv_header(const std::vector<std::string_view>& names) {
    std::array<bool, kBarColumnCount> present{};
    for (std::string_view name : names) {
      auto column = parse_bar_column(trim(name));
      if (column) {
        if (present[static_cast<std::size_t>(*column)]) {
          text->refuse("not a bar CSV: column " + std::string(column_name(*column)) +
                       " appears twice in the header");
          return;
        }
        present[static_cast<std::size_t>(*column)] = true;
      }
      columns.push_back(column);
    }
    std::string missing;
    for (BarColumn required : kRequiredBarColumns) {
      if (!present[static_cast<std::size_t>(required)]) {
        missing += missing.empty() ? "" : ", ";
        missing += column_name(required);
      }
    }
    if (!missing.empty()) {
      text->refuse("not a bar CSV: the header row lacks the required column(s) " + missing +
                   " (a header row naming bucket_time, symbol, expiry, strike is required)");
    }
  }

  void csv_block(std::string_view block, std::size_t first_line) {
    CsvRecordReader records(block, first_line);
    std::string error;
    while (!text->refused()) {
      const auto status = records.next(fields, error);
      if (status == CsvRecordReader::Status::end) return;
      if (!have_header) {
        if (status != CsvRecordReader::Status::record) {
          text->refuse("not a bar CSV: the header row is malformed (" + error + ")");
          return;
        }
        have_header = true;
        csv_header(fields);
        continue;
      }
      any_row = true;
      if (status == CsvRecordReader::Status::malformed) {
        reject(records.record_line(), std::move(error));
        error.clear();
        continue;
      }
      if (fields.size() != columns.size()) {
        reject(records.record_line(), "expected " + std::to_string(columns.size()) +
                                          " fields as in the header, found " +
                                          std::to_string(fields.size()));
        continue;
      }
      builder.reset();
      std::optional<std::string> problem;
      for (std::size_t i = 0; i < fields.size() && !problem; ++i) {
        if (columns[i]) problem = builder.set_text(*columns[i], fields[i]);
      }
      if (!problem) problem = builder.build(bar);
      if (problem) {
        reject(records.record_line(), std::move(*problem));
      } else {
        row(records.record_line());
      }
    }
  }

  void ndjson_line(std::string_view line, std::size_t number) {
    line = trim(line);
    if (line.empty()) return;
    if (first) {
      first = false;
      if (line.front() != '{') {
        text->refuse("not NDJSON: line " + std::to_string(number) + " is not a JSON object");
        return;
      }
    }
    any_row = true;
    std::string error;
    auto object = parser.parse_object(line, error);
    std::optional<std::string> problem;
    if (!object) {
      problem = std::move(error);
    } else {
      builder.reset();
      std::array<bool, kBarColumnCount> seen{};
      for (auto field : *object) {
        auto column = parse_bar_column(field.key);
        if (!column) continue;
        if (seen[static_cast<std::size_t>(*column)]) {
          problem = std::string(field.key) + ": given twice";
          break;
        }
        seen[static_cast<std::size_t>(*column)] = true;
        if ((problem = builder.set_json(*column, field.value))) break;
      }
      if (!problem) problem = builder.build(bar);
    }
    if (problem) {
      reject(number, std::move(*problem));
    } else {
      row(number);
    }
  }

  // Format detection: the first line decides.
  void detect(bool final) {
    const std::size_t nl = pending.find('\n');
    if (nl == std::string::npos && !final && pending.size() < kDetectionBytes) return;
    format = detect_bar_format(pending);
    if (!format) {
      refusal =
          "the body is neither CSV with a header row nor NDJSON (empty, binary or "
          "unrecognised content)";
      pending.clear();
      return;
    }
    start();
    std::string text_so_far;
    text_so_far.swap(pending);
    text->feed(text_so_far);
  }

  std::optional<BarFormat> format;
  BarReadOptions options;
  std::optional<TextStream> text;
  std::string pending;  // before the format is known
  std::optional<std::string> refusal;
  BarReadResult result;
  std::size_t rejected_bytes = 0;
  // CSV
  bool have_header = false;
  std::vector<std::optional<BarColumn>> columns;
  std::vector<std::string_view> fields;
  // NDJSON
  bool first = true;
  JsonLineParser parser;
  // Both
  bool any_row = false;
  BarRowBuilder builder;
  StrikeBar bar;
};

BarStreamReader::BarStreamReader(std::optional<BarFormat> format, BarReadOptions options)
    : impl_(std::make_unique<Impl>(format, std::move(options))) {}

BarStreamReader::~BarStreamReader() = default;

void BarStreamReader::feed(std::string_view piece) {
  Impl& s = *impl_;
  if (s.refusal) return;
  if (!s.text) {
    s.pending.append(piece);
    s.detect(false);
    return;
  }
  s.text->feed(piece);
}

void BarStreamReader::finish() {
  Impl& s = *impl_;
  if (s.refusal) return;
  if (!s.text) s.detect(true);
  if (!s.text) return;
  s.text->finish();
  if (s.text->refused()) return;
  if (s.format == BarFormat::csv && !s.have_header) {
    s.refusal = "no rows: the input is empty";
  } else if (!s.any_row) {
    s.refusal = s.format == BarFormat::csv ? "no rows: the CSV has a header row but no data rows"
                                           : "no rows: the input is empty";
  }
}

bool BarStreamReader::refused() const {
  return impl_->refusal.has_value() || (impl_->text && impl_->text->refused().has_value());
}

std::size_t BarStreamReader::memory_bytes() const {
  const Impl& s = *impl_;
  return s.result.bars.capacity() * sizeof(StrikeBar) +
         s.result.rejected.capacity() * sizeof(LineRejection) + s.rejected_bytes +
         s.pending.capacity() + (s.text ? s.text->buffered() : 0);
}

BarReadResult& BarStreamReader::result() {
  Impl& s = *impl_;
  if (!s.result.refused) {
    if (s.refusal) {
      s.result.refused = s.refusal;
    } else if (s.text && s.text->refused()) {
      s.result.refused = s.text->refused();
    }
  }
  if (s.result.refused) {
    s.result.bars.clear();
    s.result.rejected.clear();
    s.result.rejected_count = 0;
  }
  return s.result;
}

std::string_view bar_format_name(BarFormat format) {
  return format == BarFormat::csv ? "csv" : "ndjson";
}

BarReadResult read_bars(std::string_view text, BarFormat format, const BarReadOptions& options) {
  BarStreamReader reader(format, options);
  reader.feed(text);
  reader.finish();
  return std::move(reader.result());
}

std::optional<BarFormat> detect_bar_format(std::string_view text) {
  if (refuse_non_text(text, "bar")) return std::nullopt;
  text = trim(strip_byte_order_mark(text));
  if (text.front() == '{') return BarFormat::ndjson;
  const std::string_view first_line = text.substr(0, text.find('\n'));
  if (first_line.find(',') != std::string_view::npos) return BarFormat::csv;
  return std::nullopt;
}

}  // namespace strikeline
