// The invariants every line reader (ticks, bars) keeps on any input, checked by the fuzz targets:
// a refused input yields no records and no rejections and says why; otherwise rejected line
// numbers are ascending, 1-based and within the input's lines, each with a reason, and records
// plus rejections never exceed the lines. A broken invariant aborts (libFuzzer reports it).
#pragma once

#include <cstddef>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "feed/line_rejection.h"

namespace strikeline::fuzz {

inline void check_line_results(std::string_view text, const std::optional<std::string>& refused,
                               std::size_t records, const std::vector<LineRejection>& rejected) {
  if (refused) {
    if (records != 0 || !rejected.empty() || refused->empty()) std::abort();
    return;
  }
  std::size_t lines = 1;
  for (char c : text) lines += c == '\n' ? 1 : 0;
  std::size_t previous = 0;
  for (const LineRejection& rejection : rejected) {
    if (rejection.line == 0 || rejection.line > lines || rejection.line <= previous) std::abort();
    if (rejection.detail.empty()) std::abort();
    previous = rejection.line;
  }
  if (records + rejected.size() > lines) std::abort();
}

}  // namespace strikeline::fuzz
