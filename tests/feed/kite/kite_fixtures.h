// The real Kite captures as an extra check: the frames in ../shared/fixtures/kite/ beside the
// checkout, with the expected values of their README (markdown tables read at test time), used
// only when that folder is present (tests/CMakeLists.txt passes it, or nothing). Every test that
// must run from a clone of the repository alone builds its frames with kite_frame_encoder.h; a
// capture test calls STRIKELINE_REQUIRE_KITE_CAPTURES() first and is skipped without them.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "kite_frame_encoder.h"

namespace strikeline::kite::test {

// Chosen by tests/CMakeLists.txt: the captures' folder, or "" when there is none.
inline std::string fixture_dir() {
  return STRIKELINE_KITE_FIXTURES;
}

inline bool captures_present() {
  return !fixture_dir().empty() &&
         std::filesystem::is_regular_file(std::filesystem::path(fixture_dir()) / "README.md");
}

#define STRIKELINE_REQUIRE_KITE_CAPTURES()                                            \
  if (!::strikeline::kite::test::captures_present()) {                                \
    GTEST_SKIP() << "no Kite captures beside the checkout (../shared/fixtures/kite)"; \
  }

inline std::string read_fixture_text(const std::string& name) {
  std::ifstream in(fixture_dir() + "/" + name, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

inline std::vector<std::uint8_t> read_fixture_bytes(const std::string& name) {
  const std::string text = read_fixture_text(name);
  return {text.begin(), text.end()};
}

inline std::string trim_cell(std::string s) {
  const auto b = s.find_first_not_of(" \t");
  const auto e = s.find_last_not_of(" \t");
  return b == std::string::npos ? std::string{} : s.substr(b, e - b + 1);
}

// The rows of the first markdown table after `marker` in the README: first cell -> other cells.
inline std::map<std::string, std::vector<std::string>> readme_table(const std::string& marker) {
  const std::string text = read_fixture_text("README.md");
  std::map<std::string, std::vector<std::string>> rows;
  auto at = text.find(marker);
  if (at == std::string::npos) return rows;
  std::istringstream lines(text.substr(at));
  std::string line;
  bool in_table = false;
  while (std::getline(lines, line)) {
    if (line.empty() || line[0] != '|') {
      if (in_table) break;
      continue;
    }
    in_table = true;
    std::vector<std::string> cells;
    std::size_t start = 1;
    for (std::size_t bar = line.find('|', start); bar != std::string::npos;
         start = bar + 1, bar = line.find('|', start)) {
      cells.push_back(trim_cell(line.substr(start, bar - start)));
    }
    if (cells.empty() || cells[0].starts_with("---")) continue;
    const std::string key = cells[0];
    cells.erase(cells.begin());
    rows[key] = cells;
  }
  return rows;
}

// Numbers in a cell, in order: "(1299, 2098, 10), (1298.90, 6, 2)" -> 1299 2098 10 1298.9 6 2;
// "5617 / 0" -> 5617 0.
inline std::vector<double> numbers_in(const std::string& cell) {
  std::vector<double> out;
  std::size_t i = 0;
  while (i < cell.size()) {
    if ((cell[i] >= '0' && cell[i] <= '9') ||
        (cell[i] == '-' && i + 1 < cell.size() && cell[i + 1] >= '0' && cell[i + 1] <= '9')) {
      std::size_t used = 0;
      out.push_back(std::stod(cell.substr(i), &used));
      i += used;
    } else {
      ++i;
    }
  }
  return out;
}

}  // namespace strikeline::kite::test
