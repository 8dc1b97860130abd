// Test helpers for the Kite tests: the captured frames in ../shared/fixtures/kite/ and the expected
// values of its README (markdown tables read at test time), and a builder of packets following the
// documented layout for what the captures lack.
#pragma once

#include <cstdint>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace strikeline::kite::test {

// Chosen by tests/CMakeLists.txt (kite_fixtures).
inline std::string fixture_dir() {
  return STRIKELINE_KITE_FIXTURES;
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

// Packets in the documented layout (big-endian).
class PacketBuilder {
 public:
  PacketBuilder& u32(std::uint32_t v) {
    for (int s = 24; s >= 0; s -= 8) bytes_.push_back(static_cast<std::uint8_t>(v >> s));
    return *this;
  }
  PacketBuilder& i32(std::int32_t v) { return u32(static_cast<std::uint32_t>(v)); }
  PacketBuilder& u16(std::uint16_t v) {
    bytes_.push_back(static_cast<std::uint8_t>(v >> 8));
    bytes_.push_back(static_cast<std::uint8_t>(v));
    return *this;
  }
  const std::vector<std::uint8_t>& bytes() const { return bytes_; }

 private:
  std::vector<std::uint8_t> bytes_;
};

inline std::vector<std::uint8_t> frame_of(const std::vector<std::vector<std::uint8_t>>& packets) {
  PacketBuilder b;
  b.u16(static_cast<std::uint16_t>(packets.size()));
  std::vector<std::uint8_t> out = b.bytes();
  for (const auto& p : packets) {
    out.push_back(static_cast<std::uint8_t>(p.size() >> 8));
    out.push_back(static_cast<std::uint8_t>(p.size()));
    out.insert(out.end(), p.begin(), p.end());
  }
  return out;
}

struct FullQuote {
  std::uint32_t token = 0;
  std::int32_t last = 0, average = 0, open = 0, high = 0, low = 0, close = 0;  // raw integers
  std::uint32_t last_quantity = 0, volume = 0, buy_quantity = 0, sell_quantity = 0;
  std::uint32_t last_trade_time = 0, oi = 0, oi_high = 0, oi_low = 0, exchange_time = 0;
  std::int32_t bid = 0, ask = 0;  // best levels; deeper levels step by 5
  std::uint32_t bid_quantity = 0, ask_quantity = 0;
};

// A 184-byte full packet (full = false: the 44-byte quote prefix).
inline std::vector<std::uint8_t> full_packet(const FullQuote& q, bool full = true) {
  PacketBuilder b;
  b.u32(q.token).i32(q.last).u32(q.last_quantity).i32(q.average).u32(q.volume);
  b.u32(q.buy_quantity).u32(q.sell_quantity).i32(q.open).i32(q.high).i32(q.low).i32(q.close);
  if (!full) return b.bytes();
  b.u32(q.last_trade_time).u32(q.oi).u32(q.oi_high).u32(q.oi_low).u32(q.exchange_time);
  for (int level = 0; level < 5; ++level) {
    b.u32(q.bid_quantity).i32(q.bid - 5 * level).u16(static_cast<std::uint16_t>(level + 1)).u16(0);
  }
  for (int level = 0; level < 5; ++level) {
    b.u32(q.ask_quantity).i32(q.ask + 5 * level).u16(static_cast<std::uint16_t>(level + 1)).u16(0);
  }
  return b.bytes();
}

}  // namespace strikeline::kite::test
