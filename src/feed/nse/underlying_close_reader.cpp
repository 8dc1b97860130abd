#include "feed/nse/underlying_close_reader.h"

#include <array>

#include "core/symbol.h"
#include "core/text.h"
#include "feed/csv_records.h"

namespace strikeline {

namespace {

struct IndexName {
  std::string_view nse;
  std::string_view symbol;
};

constexpr std::array kIndexNames{
    IndexName{"NIFTY 50", "NIFTY"},
    IndexName{"NIFTY BANK", "BANKNIFTY"},
    IndexName{"NIFTY FINANCIAL SERVICES", "FINNIFTY"},
    IndexName{"NIFTY FIN SERVICE", "FINNIFTY"},
    IndexName{"NIFTY MIDCAP SELECT", "MIDCPNIFTY"},
    IndexName{"NIFTY NEXT 50", "NIFTYNXT50"},
    IndexName{"NIFTY IT", "NIFTYIT"},
    IndexName{"INDIA VIX", "INDIAVIX"},
};

// "03-01-2025" (DD-MM-YYYY).
std::optional<Date> dd_mm_yyyy(std::string_view text) {
  if (text.size() != 10 || text[2] != '-' || text[5] != '-') return std::nullopt;
  return parse_date(std::string(text.substr(6, 4)) + "-" + std::string(text.substr(3, 2)) + "-" +
                    std::string(text.substr(0, 2)));
}

std::optional<std::size_t> column(const std::vector<std::string_view>& header,
                                  std::string_view name) {
  for (std::size_t i = 0; i < header.size(); ++i) {
    if (iequals(trim(header[i]), name)) return i;
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> index_symbol(std::string_view nse_index_name) {
  const std::string upper = to_upper(trim(nse_index_name));
  for (const IndexName& n : kIndexNames) {
    if (upper == n.nse) return std::string(n.symbol);
  }
  return std::nullopt;
}

UnderlyingCloseResult read_underlying_closes(std::string_view text) {
  UnderlyingCloseResult out;
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  CsvRecordReader reader(text);
  std::vector<std::string_view> fields;
  std::string error;
  if (reader.next(fields, error) != CsvRecordReader::Status::record) {
    out.refused = "no header row";
    return out;
  }
  const auto index_name = column(fields, "Index Name"), index_date = column(fields, "Index Date"),
             index_close = column(fields, "Closing Index Value");
  const auto symbol_col = column(fields, "symbol"), date_col = column(fields, "date"),
             close_col = column(fields, "close");
  const bool index_file = index_name && index_date && index_close;
  if (!index_file && !(symbol_col && date_col && close_col)) {
    out.refused =
        "not an underlying close file: expected NSE's index close file (Index Name, Index Date, "
        "Closing Index Value) or the columns symbol,date,close";
    return out;
  }
  const std::size_t name_at = index_file ? *index_name : *symbol_col;
  const std::size_t date_at = index_file ? *index_date : *date_col;
  const std::size_t close_at = index_file ? *index_close : *close_col;
  for (;;) {
    const auto status = reader.next(fields, error);
    if (status == CsvRecordReader::Status::end) break;
    const std::size_t line = reader.record_line();
    if (status == CsvRecordReader::Status::malformed) {
      note_rejection(out.rejected, out.rejected_count, line, error);
      continue;
    }
    const auto field = [&](std::size_t i) {
      return i < fields.size() ? trim(fields[i]) : std::string_view{};
    };
    std::optional<std::string> symbol;
    if (index_file) {
      symbol = index_symbol(field(name_at));
      if (!symbol) {
        ++out.skipped;
        continue;
      }
    } else {
      symbol = canonical_symbol(field(name_at));
      if (!symbol) {
        note_rejection(out.rejected, out.rejected_count, line,
                       "invalid symbol '" + std::string(field(name_at)) + "'");
        continue;
      }
    }
    const std::optional<Date> day =
        index_file ? dd_mm_yyyy(field(date_at)) : parse_date_text(field(date_at));
    if (!day) {
      note_rejection(out.rejected, out.rejected_count, line,
                     "invalid date '" + std::string(field(date_at)) + "': accepted " +
                         (index_file ? "DD-MM-YYYY" : "YYYY-MM-DD or DD-Mon-YYYY"));
      continue;
    }
    const auto close = parse_double(field(close_at));
    if (!close || *close <= 0) {
      note_rejection(out.rejected, out.rejected_count, line,
                     "invalid close '" + std::string(field(close_at)) + "': a price above 0");
      continue;
    }
    out.closes.push_back({std::move(*symbol), *day, *close});
  }
  return out;
}

}  // namespace strikeline
