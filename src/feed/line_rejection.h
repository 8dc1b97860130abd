// What an importer reports about its input: a line it rejected (1-based line number in the text
// and the reason), so the caller can answer {"line":K,"detail":"..."} and store everything else.
#pragma once

#include <cstddef>
#include <string>

namespace strikeline {

struct LineRejection {
  std::size_t line = 0;  // 1-based; for a CSV record spanning lines, the line it starts on
  std::string detail;
  friend bool operator==(const LineRejection&, const LineRejection&) = default;
};

}  // namespace strikeline
