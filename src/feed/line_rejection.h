// What an importer reports about its input: a line it rejected (1-based line number in the text
// and the reason), so the caller can answer {"line":K,"detail":"..."} and store everything else.
// A reader lists the reasons of the first kListedRejections lines and only counts the others, so
// a body of millions of bad lines costs a counter, not a string per line.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace strikeline {

struct LineRejection {
  std::size_t line = 0;  // 1-based; for a CSV record spanning lines, the line it starts on
  std::string detail;
  friend bool operator==(const LineRejection&, const LineRejection&) = default;
};

inline constexpr std::size_t kListedRejections = 1000;

// Counts a rejected line and lists it while fewer than kListedRejections are listed.
inline void note_rejection(std::vector<LineRejection>& listed, std::size_t& count, std::size_t line,
                           std::string detail) {
  ++count;
  if (listed.size() < kListedRejections) listed.push_back({line, std::move(detail)});
}

}  // namespace strikeline
