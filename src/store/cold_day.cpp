#include "store/cold_day.h"

#include <algorithm>
#include <vector>

#include "store/bar_validation.h"
#include "store/contract_day_batch.h"

namespace strikeline {

const DayChunk* ColdDay::find(std::string_view symbol, Expiry expiry) const {
  auto by_symbol = chunks.find(symbol);
  if (by_symbol == chunks.end()) return nullptr;
  auto it = by_symbol->second.find(expiry);
  return it == by_symbol->second.end() ? nullptr : it->second.get();
}

std::shared_ptr<const StateRow> ColdDay::opening(std::string_view symbol, Expiry expiry) const {
  static const auto kNothing = std::make_shared<const StateRow>();
  auto by_symbol = openings.find(symbol);
  if (by_symbol == openings.end()) return kNothing;
  auto it = by_symbol->second.find(expiry);
  return it == by_symbol->second.end() ? kNothing : it->second;
}

std::size_t ColdDay::heap_bytes() const {
  std::size_t bytes = sizeof(ColdDay);
  for (const auto& [symbol, by_expiry] : chunks) {
    for (const auto& [expiry, chunk] : by_expiry) bytes += chunk->heap_bytes();
  }
  for (const auto& [symbol, by_expiry] : openings) {
    for (const auto& [expiry, row] : by_expiry) bytes += sizeof(StateRow) + row->heap_bytes();
  }
  return bytes;
}

std::size_t ColdDay::bar_count() const {
  std::size_t bars = 0;
  for (const auto& [symbol, by_expiry] : chunks) {
    for (const auto& [expiry, chunk] : by_expiry) bars += chunk->bar_count;
  }
  return bars;
}

std::map<std::string, std::map<Expiry, std::shared_ptr<const StateRow>>, std::less<>> opening_rows(
    std::span<const ContractDayState> before) {
  std::map<std::pair<std::string, Expiry>, std::vector<ContractDayState>> by_chain;
  for (const ContractDayState& s : before) by_chain[{s.symbol, s.expiry}].push_back(s);
  std::map<std::string, std::map<Expiry, std::shared_ptr<const StateRow>>, std::less<>> out;
  for (const auto& [chain, contracts] : by_chain) {
    out[chain.first][chain.second] = std::make_shared<const StateRow>(opening_row(contracts));
  }
  return out;
}

std::shared_ptr<const ColdDay> build_cold_day(Date day, std::span<const StrikeBar> bars,
                                              std::span<const ContractDayState> before) {
  auto out = std::make_shared<ColdDay>();
  out->day = day;
  out->openings = opening_rows(before);
  std::vector<StrikeBar> kept;
  std::span<const StrikeBar> usable = bars;
  OneMinuteBarChecker checker;
  const auto storable = [&](const StrikeBar& bar) {
    return ist_date(bar.key.bucket) == day && !checker.problem(bar);
  };
  const bool all_good = std::all_of(bars.begin(), bars.end(), storable);
  if (!all_good) {
    for (const StrikeBar& bar : bars) {
      if (!storable(bar)) {
        ++out->skipped_bars;
      } else {
        kept.push_back(bar);
      }
    }
    usable = kept;
  }
  for (const ContractDayBatch& batch : group_by_contract_day(usable)) {
    out->chunks[std::string(batch.symbol)][batch.expiry] =
        edit_day_chunk(nullptr, batch.day, batch.bars);
  }
  return out;
}

}  // namespace strikeline
