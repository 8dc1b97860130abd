// NSE's daily F&O bhavcopy, read into end-of-day records (core/end_of_day.h). Two layouts, told
// apart by their header row (nse-files.md): UDiFF (from July 2024: TradDt, FinInstrmTp IDO/STO/IDF/
// STF, TckrSymb, XpryDt ISO, StrkPric, OptnTp, ..., OpnIntrst and ChngInOpnIntrst in units,
// TtlTradgVol in contracts, NewBrdLotQty, UndrlygPric) and legacy (until July 2024: INSTRUMENT
// OPTIDX/OPTSTK/FUTIDX/FUTSTK/FUTIVX, SYMBOL, EXPIRY_DT like 30-Jan-2020, STRIKE_PR, OPTION_TYP
// CE/PE (CA/PA before 2011, XX for futures), CONTRACTS, OPEN_INT and CHG_IN_OI in units,
// TIMESTAMP like 01-JAN-2020; no lot, no underlying). Columns are found by name, in any order.
// A row that breaks a rule is rejected with its line and reason and the rest is read; a text
// without the layout's header (or with no rows) is refused whole.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/end_of_day.h"
#include "feed/line_rejection.h"

namespace strikeline {

enum class BhavcopyFormat { udiff, legacy };

std::string_view bhavcopy_format_name(BhavcopyFormat format);  // "nse-udiff", "nse-legacy"

// The layout whose header the text's first line is (a UTF-8 byte-order mark is skipped).
std::optional<BhavcopyFormat> detect_bhavcopy(std::string_view text);

struct BhavcopyReadResult {
  std::vector<EndOfDayRecord> records;
  std::vector<LineRejection> rejected;  // the first kListedRejections
  std::size_t rejected_count = 0;
  std::optional<std::string> refused;  // set: the text is not this layout; no records
};

BhavcopyReadResult read_bhavcopy(std::string_view text, BhavcopyFormat format);

}  // namespace strikeline
