#include "feed/kite/instrument_catalogue.h"

#include <algorithm>
#include <array>
#include <fstream>
#include <sstream>

#include "core/symbol.h"
#include "core/text.h"
#include "feed/csv_records.h"
#include "feed/input_text.h"

namespace strikeline::kite {

namespace {

enum Column : std::size_t {
  token,
  tradingsymbol,
  name,
  expiry,
  strike,
  tick_size,
  lot_size,
  instrument_type,
  segment,
  exchange,
  column_count
};

constexpr std::array<std::string_view, column_count> kColumnNames{
    "instrument_token", "tradingsymbol",   "name",    "expiry",  "strike", "tick_size",
    "lot_size",         "instrument_type", "segment", "exchange"};

// Kite's index names that core/symbol's aliases do not cover.
std::optional<std::string> index_symbol(std::string_view tradingsymbol) {
  if (iequals(trim(tradingsymbol), "NIFTY MID SELECT")) return std::string("MIDCPNIFTY");
  return canonical_symbol(tradingsymbol);
}

std::optional<KiteInstrument> instrument_from(const std::array<std::string_view, column_count>& f,
                                              std::string* reason, bool* skipped) {
  KiteInstrument in;
  const std::string type = to_upper(trim(f[instrument_type]));
  const std::string seg = to_upper(trim(f[segment]));
  const bool is_index = seg == "INDICES";
  const bool is_equity =
      !is_index && type == "EQ" && seg == "NSE" && to_upper(trim(f[exchange])) == "NSE";
  if (!is_index && !is_equity && type != "CE" && type != "PE" && type != "FUT") {
    *skipped = true;
    return std::nullopt;
  }
  const auto tok = parse_int64(trim(f[token]));
  if (!tok || *tok <= 0 || *tok > 0xFFFFFFFFll) {
    *reason = "instrument_token is not a positive 32-bit integer";
    return std::nullopt;
  }
  in.token = static_cast<std::uint32_t>(*tok);
  in.tradingsymbol = std::string(trim(f[tradingsymbol]));
  in.segment = seg;
  in.exchange = to_upper(trim(f[exchange]));
  if (auto tick = parse_double(trim(f[tick_size]))) in.tick_size = *tick;
  if (auto lot = parse_int64(trim(f[lot_size])); lot && *lot >= 0 && *lot < 100'000'000) {
    in.lot_size = static_cast<int>(*lot);
  }
  if (is_index || is_equity) {  // an underlying's spot: named by its tradingsymbol
    in.kind = is_index ? KiteInstrument::Kind::index : KiteInstrument::Kind::equity;
    auto symbol = is_index ? index_symbol(in.tradingsymbol) : canonical_symbol(in.tradingsymbol);
    if (!symbol) {
      *reason =
          is_index ? "index tradingsymbol is not a symbol" : "equity tradingsymbol is not a symbol";
      return std::nullopt;
    }
    in.symbol = *symbol;
    return in;
  }
  auto symbol = canonical_symbol(f[name]);
  if (!symbol) {
    *reason = "name is not an underlying symbol";
    return std::nullopt;
  }
  in.symbol = *symbol;
  auto date = parse_date(trim(f[expiry]));
  if (!date) {
    *reason = "expiry is not YYYY-MM-DD";
    return std::nullopt;
  }
  in.expiry = *date;
  if (type == "FUT") {
    in.kind = KiteInstrument::Kind::future;
    return in;
  }
  in.kind = KiteInstrument::Kind::option;
  in.side = type == "CE" ? Side::call : Side::put;
  auto value = parse_double(trim(f[strike]));
  std::optional<Strike> k = value && *value > 0 ? Strike::from_double(*value) : std::nullopt;
  if (!k) {
    *reason = "strike is not a positive number";
    return std::nullopt;
  }
  in.strike = *k;
  return in;
}

}  // namespace

std::optional<InstrumentCatalogue> InstrumentCatalogue::parse(std::string_view csv,
                                                              std::string* error) {
  if (auto refused = refuse_non_text(csv, "an instrument dump CSV")) {
    *error = *refused;
    return std::nullopt;
  }
  CsvRecordReader reader(strip_byte_order_mark(csv));
  std::vector<std::string_view> fields;
  std::string record_error;
  std::array<std::size_t, column_count> index{};
  std::size_t width = 0;
  for (;;) {
    const auto status = reader.next(fields, record_error);
    if (status == CsvRecordReader::Status::end) {
      *error = "the instrument dump has no header row";
      return std::nullopt;
    }
    if (status == CsvRecordReader::Status::malformed) {
      *error = "the header row is not CSV: " + record_error;
      return std::nullopt;
    }
    break;
  }
  for (std::size_t c = 0; c < column_count; ++c) {
    auto it = std::find_if(fields.begin(), fields.end(),
                           [&](std::string_view f) { return iequals(trim(f), kColumnNames[c]); });
    if (it == fields.end()) {
      *error = "the instrument dump has no '" + std::string(kColumnNames[c]) + "' column";
      return std::nullopt;
    }
    index[c] = static_cast<std::size_t>(it - fields.begin());
  }
  width = fields.size();

  InstrumentCatalogue catalogue;
  for (;;) {
    const auto status = reader.next(fields, record_error);
    if (status == CsvRecordReader::Status::end) break;
    if (status == CsvRecordReader::Status::malformed) {
      catalogue.rejections_.push_back({reader.record_line(), record_error});
      continue;
    }
    if (fields.size() != width) {
      catalogue.rejections_.push_back(
          {reader.record_line(),
           "expected " + std::to_string(width) + " fields, got " + std::to_string(fields.size())});
      continue;
    }
    std::array<std::string_view, column_count> row;
    for (std::size_t c = 0; c < column_count; ++c) row[c] = fields[index[c]];
    std::string reason;
    bool skipped = false;
    if (auto instrument = instrument_from(row, &reason, &skipped)) {
      catalogue.add(std::move(*instrument));
    } else if (skipped) {
      ++catalogue.skipped_rows_;
    } else {
      catalogue.rejections_.push_back({reader.record_line(), reason});
    }
  }
  return catalogue;
}

std::optional<InstrumentCatalogue> InstrumentCatalogue::load_file(const std::string& path,
                                                                  std::string* error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    *error = "cannot read " + path;
    return std::nullopt;
  }
  std::stringstream text;
  text << in.rdbuf();
  auto catalogue = parse(text.str(), error);
  if (!catalogue) *error = path + ": " + *error;
  return catalogue;
}

void InstrumentCatalogue::add(KiteInstrument instrument) {
  const std::uint32_t key = instrument.token;
  auto& tokens = tokens_by_symbol_[instrument.symbol];
  if (std::find(tokens.begin(), tokens.end(), key) == tokens.end()) tokens.push_back(key);
  by_token_.insert_or_assign(key, std::move(instrument));
}

std::vector<const KiteInstrument*> InstrumentCatalogue::of_kind(std::string_view symbol,
                                                                KiteInstrument::Kind kind) const {
  std::vector<const KiteInstrument*> out;
  const auto it = tokens_by_symbol_.find(std::string(symbol));
  if (it == tokens_by_symbol_.end()) return out;
  for (const std::uint32_t token : it->second) {
    const KiteInstrument* in = find(token);
    if (in && in->kind == kind && in->symbol == symbol) out.push_back(in);
  }
  std::sort(out.begin(), out.end(),
            [](const KiteInstrument* a, const KiteInstrument* b) { return a->token < b->token; });
  return out;
}

const KiteInstrument* InstrumentCatalogue::find(std::uint32_t token) const {
  auto it = by_token_.find(token);
  return it == by_token_.end() ? nullptr : &it->second;
}

const KiteInstrument* InstrumentCatalogue::find_tradingsymbol(
    std::string_view tradingsymbol) const {
  for (const auto& [token, in] : by_token_) {
    if (iequals(in.tradingsymbol, trim(tradingsymbol))) return &in;
  }
  return nullptr;
}

std::vector<Expiry> InstrumentCatalogue::option_expiries(std::string_view symbol) const {
  std::vector<Expiry> out;
  for (const KiteInstrument* in : of_kind(symbol, KiteInstrument::Kind::option)) {
    out.push_back(in->expiry);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::vector<const KiteInstrument*> InstrumentCatalogue::options(std::string_view symbol,
                                                                Expiry expiry) const {
  std::vector<const KiteInstrument*> out = of_kind(symbol, KiteInstrument::Kind::option);
  std::erase_if(out, [expiry](const KiteInstrument* in) { return in->expiry != expiry; });
  std::stable_sort(out.begin(), out.end(), [](const KiteInstrument* a, const KiteInstrument* b) {
    return a->strike != b->strike ? a->strike < b->strike : a->side < b->side;
  });
  return out;
}

const KiteInstrument* InstrumentCatalogue::index_of(std::string_view symbol) const {
  const auto indices = of_kind(symbol, KiteInstrument::Kind::index);
  return indices.empty() ? nullptr : indices.front();
}

const KiteInstrument* InstrumentCatalogue::spot_of(std::string_view symbol) const {
  if (const KiteInstrument* index = index_of(symbol)) return index;
  const auto equities = of_kind(symbol, KiteInstrument::Kind::equity);
  return equities.empty() ? nullptr : equities.front();
}

const KiteInstrument* InstrumentCatalogue::future_of(std::string_view symbol, Expiry expiry) const {
  for (const KiteInstrument* in : of_kind(symbol, KiteInstrument::Kind::future)) {
    if (in->expiry == expiry) return in;
  }
  return nullptr;
}

std::vector<std::string> InstrumentCatalogue::option_underlyings() const {
  std::vector<std::string> out;
  for (const auto& [symbol, tokens] : tokens_by_symbol_) {
    if (!of_kind(symbol, KiteInstrument::Kind::option).empty()) out.push_back(symbol);
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace strikeline::kite
