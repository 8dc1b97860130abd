#include "feed/bar_reader.h"

#include <algorithm>

#include "core/text.h"
#include "feed/bar_row_builder.h"
#include "feed/csv_records.h"
#include "feed/input_text.h"
#include "feed/json_line.h"

namespace strikeline {

namespace {

void read_csv(std::string_view text, BarReadResult& result) {
  CsvRecordReader records(text);
  std::vector<std::string_view> fields;
  std::string error;

  // Header.
  const auto header_status = records.next(fields, error);
  if (header_status != CsvRecordReader::Status::record) {
    result.refused = header_status == CsvRecordReader::Status::end
                         ? "no rows: the input is empty"
                         : "not a bar CSV: the header row is malformed (" + error + ")";
    return;
  }
  std::vector<std::optional<BarColumn>> columns;
  std::array<bool, kBarColumnCount> present{};
  for (std::string_view name : fields) {
    auto column = parse_bar_column(trim(name));
    if (column) {
      if (present[static_cast<std::size_t>(*column)]) {
        result.refused = "not a bar CSV: column " + std::string(column_name(*column)) +
                         " appears twice in the header";
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
    result.refused = "not a bar CSV: the header row lacks the required column(s) " + missing +
                     " (a header row naming bucket_time, symbol, expiry, strike is required)";
    return;
  }

  BarRowBuilder builder;
  StrikeBar bar;
  bool any_row = false;
  result.bars.reserve(text.size() / 256);  // a full row is about 300 bytes
  while (true) {
    const auto status = records.next(fields, error);
    if (status == CsvRecordReader::Status::end) break;
    any_row = true;
    if (status == CsvRecordReader::Status::malformed) {
      result.rejected.push_back({records.record_line(), std::move(error)});
      error.clear();
      continue;
    }
    if (fields.size() != columns.size()) {
      result.rejected.push_back({records.record_line(), "expected " +
                                                            std::to_string(columns.size()) +
                                                            " fields as in the header, found " +
                                                            std::to_string(fields.size())});
      continue;
    }
    builder.reset();
    std::optional<std::string> problem;
    for (std::size_t i = 0; i < fields.size() && !problem; ++i) {
      if (columns[i]) problem = builder.set_text(*columns[i], fields[i]);
    }
    if (!problem) problem = builder.build(bar);
    if (problem) {
      result.rejected.push_back({records.record_line(), std::move(*problem)});
    } else {
      result.bars.push_back(bar);
    }
  }
  if (!any_row) result.refused = "no rows: the CSV has a header row but no data rows";
}

void read_ndjson(std::string_view text, BarReadResult& result) {
  JsonLineParser parser;
  BarRowBuilder builder;
  StrikeBar bar;
  NdjsonLines lines(text);
  std::string_view line;
  std::string error;
  while (lines.next(line)) {
    auto object = parser.parse_object(line, error);
    std::optional<std::string> problem;
    if (!object) {
      problem = std::move(error);
      error.clear();
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
      result.rejected.push_back({lines.line_number(), std::move(*problem)});
    } else {
      result.bars.push_back(bar);
    }
  }
  if (lines.refused()) result.refused = std::move(lines.refused());
}

}  // namespace

std::string_view bar_format_name(BarFormat format) {
  return format == BarFormat::csv ? "csv" : "ndjson";
}

BarReadResult read_bars(std::string_view text, BarFormat format) {
  BarReadResult result;
  if (auto why = refuse_non_text(text, format == BarFormat::csv ? "CSV" : "NDJSON")) {
    result.refused = std::move(why);
    return result;
  }
  text = strip_byte_order_mark(text);
  if (format == BarFormat::csv) {
    read_csv(text, result);
  } else {
    read_ndjson(text, result);
  }
  if (result.refused) {
    result.bars.clear();
    result.rejected.clear();
  }
  return result;
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
