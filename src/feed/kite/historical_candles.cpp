#include "feed/kite/historical_candles.h"

#include <cmath>

#include "core/text.h"
#include "feed/csv_records.h"
#include "feed/json_line.h"

namespace strikeline::kite {

namespace {

constexpr std::string_view kCsvHeader = "date,open,high,low,close,volume";

// The candle's values after the time, in order: open, high, low, close, volume, oi (optional).
std::optional<std::string> fill(HistoricalCandle& c, const double (&v)[6], bool has_oi) {
  if (!(v[0] > 0 && v[1] > 0 && v[2] > 0 && v[3] > 0))
    return std::string("open, high, low and close must be prices above 0");
  if (v[1] < std::max({v[0], v[2], v[3]}) || v[2] > std::min({v[0], v[1], v[3]}))
    return std::string("high must be the highest price and low the lowest");
  for (int i : {4, 5}) {
    if (i == 5 && !has_oi) break;
    if (v[i] < 0 || v[i] != std::floor(v[i]) || v[i] > 9e15)
      return std::string(i == 4 ? "volume" : "oi") + " must be a whole number of units, 0 or more";
  }
  c.open = v[0];
  c.high = v[1];
  c.low = v[2];
  c.close = v[3];
  c.volume = static_cast<std::int64_t>(v[4]);
  c.oi = has_oi ? std::optional<std::int64_t>(static_cast<std::int64_t>(v[5])) : std::nullopt;
  return std::nullopt;
}

CandleReadResult read_json(std::string_view text) {
  CandleReadResult out;
  JsonLineParser parser;
  std::string error;
  auto doc = parser.parse_object(text, error);
  simdjson::dom::array candles;
  if (!doc || (*doc)["data"]["candles"].get(candles)) {
    out.refused =
        "not a Kite historical answer: " + (doc ? std::string("no data.candles array") : error);
    return out;
  }
  std::size_t position = 0;
  for (simdjson::dom::element e : candles) {
    ++position;
    simdjson::dom::array row;
    std::string_view when;
    if (e.get_array().get(row) || row.size() < 6 || row.size() > 7 || row.at(0).get(when)) {
      note_rejection(out.rejected, out.rejected_count, position,
                     "expected [time, open, high, low, close, volume, oi]");
      continue;
    }
    HistoricalCandle c;
    auto start = parse_ist_timestamp_text(when);
    if (!start) {
      note_rejection(
          out.rejected, out.rejected_count, position,
          "time '" + std::string(when.substr(0, 40)) + "': expected 2025-01-03T09:15:00+0530");
      continue;
    }
    c.start = *start;
    double v[6] = {0, 0, 0, 0, 0, 0};
    bool numbers = true;
    for (std::size_t i = 1; i < row.size(); ++i) {
      if (row.at(i).get_double().get(v[i - 1])) numbers = false;
    }
    std::optional<std::string> why =
        numbers ? fill(c, v, row.size() == 7) : std::optional<std::string>("expected numbers");
    if (why) {
      note_rejection(out.rejected, out.rejected_count, position, *why);
      continue;
    }
    out.candles.push_back(c);
  }
  return out;
}

CandleReadResult read_csv(std::string_view text) {
  CandleReadResult out;
  CsvRecordReader reader(text);
  std::vector<std::string_view> fields;
  std::string error;
  if (reader.next(fields, error) != CsvRecordReader::Status::record || fields.size() < 6) {
    out.refused = "not Kite candles: expected the header date,open,high,low,close,volume[,oi]";
    return out;
  }
  const bool has_oi = fields.size() >= 7 && iequals(trim(fields[6]), "oi");
  for (;;) {
    const auto status = reader.next(fields, error);
    if (status == CsvRecordReader::Status::end) break;
    const std::size_t line = reader.record_line();
    if (status == CsvRecordReader::Status::malformed) {
      note_rejection(out.rejected, out.rejected_count, line, error);
      continue;
    }
    HistoricalCandle c;
    auto start = fields.empty() ? std::nullopt : parse_ist_timestamp_text(trim(fields[0]));
    if (!start || fields.size() < (has_oi ? 7u : 6u)) {
      note_rejection(
          out.rejected, out.rejected_count, line,
          !start ? "date: expected 2025-01-03 09:15:00 (IST) or with an offset"
                 : "expected date,open,high,low,close,volume" + std::string(has_oi ? ",oi" : ""));
      continue;
    }
    c.start = *start;
    double v[6] = {0, 0, 0, 0, 0, 0};
    bool numbers = true;
    for (std::size_t i = 1; i < (has_oi ? 7u : 6u); ++i) {
      auto parsed = parse_double(trim(fields[i]));
      if (!parsed) numbers = false;
      v[i - 1] = parsed.value_or(0);
    }
    std::optional<std::string> why =
        numbers ? fill(c, v, has_oi) : std::optional<std::string>("expected numbers");
    if (why) {
      note_rejection(out.rejected, out.rejected_count, line, *why);
      continue;
    }
    out.candles.push_back(c);
  }
  return out;
}

}  // namespace

bool looks_like_kite_candles(std::string_view text) {
  const std::string_view head = trim(text.substr(0, 512));
  if (head.starts_with('{')) return head.find("\"candles\"") != std::string_view::npos;
  return to_upper(head.substr(0, kCsvHeader.size())) == to_upper(kCsvHeader);
}

CandleReadResult read_kite_candles(std::string_view text) {
  if (trim(text.substr(0, 64)).starts_with('{')) return read_json(text);
  return read_csv(text);
}

}  // namespace strikeline::kite
