#include "feed/nse/bhavcopy_reader.h"

#include <array>
#include <cmath>

#include "core/text.h"
#include "core/timestamp.h"
#include "feed/csv_records.h"

namespace strikeline {

namespace {

// The columns a reader needs, in one order for both layouts.
enum Column : std::size_t {
  kDay,
  kInstrument,
  kSymbol,
  kExpiry,
  kStrike,
  kOptionType,
  kOpen,
  kHigh,
  kLow,
  kClose,
  kSettle,
  kOi,
  kOiChange,
  kVolume,
  kLot,         // UDiFF only
  kUnderlying,  // UDiFF only
  kColumns
};

constexpr std::array<std::string_view, kColumns> kUdiffNames{
    "TradDt",          "FinInstrmTp", "TckrSymb",     "XpryDt",     "StrkPric",  "OptnTp",
    "OpnPric",         "HghPric",     "LwPric",       "ClsPric",    "SttlmPric", "OpnIntrst",
    "ChngInOpnIntrst", "TtlTradgVol", "NewBrdLotQty", "UndrlygPric"};
constexpr std::array<std::string_view, kColumns> kLegacyNames{
    "TIMESTAMP", "INSTRUMENT", "SYMBOL",    "EXPIRY_DT", "STRIKE_PR", "OPTION_TYP", "OPEN", "HIGH",
    "LOW",       "CLOSE",      "SETTLE_PR", "OPEN_INT",  "CHG_IN_OI", "CONTRACTS",  "",     ""};

std::string_view strip_bom(std::string_view text) {
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  return text;
}

const std::array<std::string_view, kColumns>& names_of(BhavcopyFormat f) {
  return f == BhavcopyFormat::udiff ? kUdiffNames : kLegacyNames;
}

// Column positions of the layout in a header record; nullopt when a needed column is missing.
std::optional<std::array<std::size_t, kColumns>> positions(
    const std::vector<std::string_view>& header, BhavcopyFormat f, std::string* missing) {
  std::array<std::size_t, kColumns> at{};
  const auto& names = names_of(f);
  for (std::size_t c = 0; c < kColumns; ++c) {
    at[c] = static_cast<std::size_t>(-1);
    if (names[c].empty()) continue;
    for (std::size_t i = 0; i < header.size(); ++i) {
      if (trim(header[i]) == names[c]) at[c] = i;
    }
    if (at[c] == static_cast<std::size_t>(-1) && c != kUnderlying) {
      if (missing) *missing = std::string(names[c]);
      return std::nullopt;
    }
  }
  return at;
}

struct Row {
  const std::vector<std::string_view>& fields;
  const std::array<std::size_t, kColumns>& at;
  std::string_view operator[](Column c) const {
    const std::size_t i = at[c];
    return i < fields.size() ? trim(fields[i]) : std::string_view{};
  }
};

// A price: empty or a finite number >= 0.
bool price(std::string_view text, double& out) {
  if (text.empty()) {
    out = 0;
    return true;
  }
  auto v = parse_double(text);
  if (!v || *v < 0) return false;
  out = *v;
  return true;
}

// A whole quantity written as an integer or with decimals (rounded to the nearest whole).
std::optional<std::int64_t> quantity(std::string_view text, bool allow_negative) {
  auto v = parse_double(text);
  if (!v || std::fabs(*v) > 9e15 || (!allow_negative && *v < 0)) return std::nullopt;
  return static_cast<std::int64_t>(std::llround(*v));
}

std::string quoted(std::string_view column, std::string_view value) {
  return std::string(column) + " '" + std::string(value.substr(0, 40)) + "'";
}

// One data row into `r`; the reason when it breaks a rule.
std::optional<std::string> read_row(const Row& row, BhavcopyFormat f, EndOfDayRecord& r) {
  const auto& names = names_of(f);
  const bool udiff = f == BhavcopyFormat::udiff;
  const auto bad = [&](Column c, std::string_view accepted) {
    return "invalid " + quoted(names[c], row[c]) + ": " + std::string(accepted);
  };
  const std::optional<Date> day = udiff ? parse_date(row[kDay]) : parse_nse_date(row[kDay]);
  if (!day) return bad(kDay, udiff ? "a date YYYY-MM-DD" : "a date like 03-JAN-2022");
  r.day = *day;
  const std::string_view instrument = row[kInstrument];
  bool index = false;
  if (udiff) {
    if (instrument == "IDO" || instrument == "IDF") {
      index = true;
    } else if (instrument != "STO" && instrument != "STF") {
      return bad(kInstrument, "IDO, STO (options), IDF, STF (futures)");
    }
    r.future = instrument == "IDF" || instrument == "STF";
  } else {
    if (instrument == "OPTIDX" || instrument == "FUTIDX" || instrument == "FUTIVX") {
      index = true;
    } else if (instrument != "OPTSTK" && instrument != "FUTSTK") {
      return bad(kInstrument, "OPTIDX, OPTSTK, FUTIDX, FUTSTK, FUTIVX");
    }
    r.future = instrument.starts_with("FUT");
  }
  r.kind = index ? UnderlyingKind::index : UnderlyingKind::stock;
  auto symbol = canonical_symbol(row[kSymbol]);
  if (!symbol) return bad(kSymbol, "an underlying's name (letters, digits, '&', '-', '_')");
  r.symbol = std::move(*symbol);
  const std::optional<Date> expiry =
      udiff ? parse_date(row[kExpiry]) : parse_nse_date(row[kExpiry]);
  if (!expiry) return bad(kExpiry, udiff ? "a date YYYY-MM-DD" : "a date like 30-Jan-2020");
  if (*expiry < r.day) return bad(kExpiry, "an expiry on or after the trading day");
  r.expiry = *expiry;
  if (!r.future) {
    const std::string_view type = row[kOptionType];
    if (type == "CE" || type == "CA") {
      r.side = Side::call;
    } else if (type == "PE" || type == "PA") {
      r.side = Side::put;
    } else {
      return bad(kOptionType, "CE or PE (CA or PA)");
    }
    auto strike_value = parse_double(row[kStrike]);
    std::optional<Strike> strike;
    if (strike_value && *strike_value > 0) strike = Strike::from_double(*strike_value);
    if (!strike) return bad(kStrike, "a strike price above 0");
    r.strike = *strike;
  }
  for (auto [c, out] : {std::pair{kOpen, &r.open}, std::pair{kHigh, &r.high},
                        std::pair{kLow, &r.low}, std::pair{kClose, &r.close}}) {
    if (!price(row[c], *out)) return bad(c, "a price (a number, 0 or more)");
  }
  double settle = 0;
  if (!price(row[kSettle], settle)) return bad(kSettle, "a price (a number, 0 or more)");
  r.settle = settle > 0 ? std::optional(settle) : std::nullopt;
  auto oi = quantity(row[kOi], false);
  if (!oi) return bad(kOi, "open interest in units, a whole number 0 or more");
  r.oi = *oi;
  r.oi_change.reset();
  if (!row[kOiChange].empty()) {
    auto change = quantity(row[kOiChange], true);
    if (!change) return bad(kOiChange, "a change of open interest in units");
    r.oi_change = *change;
  }
  auto volume = quantity(row[kVolume], false);
  if (!volume) return bad(kVolume, "traded contracts, a whole number 0 or more");
  r.volume_contracts = *volume;
  r.lot.reset();
  r.underlying.reset();
  if (udiff) {
    auto lot = quantity(row[kLot], false);
    if (!lot || *lot <= 0) return bad(kLot, "the lot size, a whole number above 0");
    r.lot = *lot;
    if (!row[kUnderlying].empty()) {
      double underlying = 0;
      if (!price(row[kUnderlying], underlying)) return bad(kUnderlying, "a price above 0");
      if (underlying > 0) r.underlying = underlying;
    }
  }
  return std::nullopt;
}

}  // namespace

std::string_view bhavcopy_format_name(BhavcopyFormat format) {
  return format == BhavcopyFormat::udiff ? "nse-udiff" : "nse-legacy";
}

std::optional<BhavcopyFormat> detect_bhavcopy(std::string_view text) {
  text = strip_bom(text);
  const std::string_view first = text.substr(0, text.find('\n'));
  CsvRecordReader reader(first);
  std::vector<std::string_view> header;
  std::string error;
  if (reader.next(header, error) != CsvRecordReader::Status::record) return std::nullopt;
  for (BhavcopyFormat f : {BhavcopyFormat::udiff, BhavcopyFormat::legacy}) {
    if (positions(header, f, nullptr)) return f;
  }
  return std::nullopt;
}

BhavcopyReadResult read_bhavcopy(std::string_view text, BhavcopyFormat format) {
  BhavcopyReadResult out;
  CsvRecordReader reader(strip_bom(text));
  std::vector<std::string_view> fields;
  std::string error;
  if (reader.next(fields, error) != CsvRecordReader::Status::record) {
    out.refused = "no header row";
    return out;
  }
  std::string missing;
  const auto at = positions(fields, format, &missing);
  if (!at) {
    out.refused = "not an NSE " +
                  std::string(format == BhavcopyFormat::udiff ? "UDiFF" : "legacy") +
                  " F&O bhavcopy: its header has no column " + missing;
    return out;
  }
  out.records.reserve(text.size() / 160);
  EndOfDayRecord record;
  for (;;) {
    const CsvRecordReader::Status status = reader.next(fields, error);
    if (status == CsvRecordReader::Status::end) break;
    if (status == CsvRecordReader::Status::malformed) {
      note_rejection(out.rejected, out.rejected_count, reader.record_line(), error);
      continue;
    }
    if (auto why = read_row(Row{fields, *at}, format, record)) {
      note_rejection(out.rejected, out.rejected_count, reader.record_line(), std::move(*why));
      continue;
    }
    out.records.push_back(record);
  }
  if (out.records.empty() && out.rejected_count == 0) out.refused = "no rows after the header";
  return out;
}

}  // namespace strikeline
