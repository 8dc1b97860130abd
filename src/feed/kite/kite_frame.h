// Kite Connect ticker binary messages (https://kite.trade/docs/connect/v3/websocket/).
//
// A binary WebSocket message is either a 1-byte heartbeat or a frame: int16 packet count, then per
// packet an int16 length and that many bytes; all integers big-endian. A packet is recognised by
// its length: 8 = ltp mode (token, last price); 28 = index quote, 32 = index full (adds the
// exchange timestamp); 44 = quote, 184 = full (adds last trade time, OI, OI day high/low, exchange
// timestamp and 5 bid + 5 offer depth levels of 12 bytes: int32 quantity, int32 price, int16
// orders, 2 bytes padding). The low byte of the instrument token is the exchange segment; prices
// are integers divided by 10,000,000 for the CDS currency segment, 10,000 for BCD and 100 for every
// other segment. Index packets (segment 9) are not tradable.
//
// parse_binary_message never reads outside the given bytes: an empty message, a frame whose
// packets overrun it, or bytes after the declared packets are a FrameError. A packet of a length
// the protocol does not define is skipped and counted (forward compatibility), not an error.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

namespace strikeline::kite {

// Exchange segments as the low byte of an instrument token.
enum class Segment : std::uint8_t {
  nse = 1,
  nfo = 2,
  cds = 3,
  bse = 4,
  bfo = 5,
  bcd = 6,
  mcx = 7,
  mcxsx = 8,
  indices = 9,
};

constexpr std::uint8_t segment_code(std::uint32_t instrument_token) {
  return static_cast<std::uint8_t>(instrument_token & 0xFFu);
}
// 10,000,000 for CDS (currency derivatives), 10,000 for BCD, 100 (paise) otherwise.
double price_divisor(std::uint32_t instrument_token);

enum class PacketMode : std::uint8_t { ltp, quote, full };
std::string_view mode_name(PacketMode mode);

struct DepthLevel {
  double price = 0;
  std::uint32_t quantity = 0;
  std::uint16_t orders = 0;
  friend bool operator==(const DepthLevel&, const DepthLevel&) = default;
};

// One instrument's packet, prices already divided. Fields a mode does not carry are nullopt.
struct KitePacket {
  std::uint32_t instrument_token = 0;
  PacketMode mode = PacketMode::ltp;
  bool tradable = true;  // false for index packets
  double last_price = 0;
  std::optional<std::uint32_t> last_quantity;                // quote, full
  std::optional<double> average_price;                       // quote, full
  std::optional<std::uint32_t> volume;                       // volume traded today (quote, full)
  std::optional<std::uint32_t> buy_quantity, sell_quantity;  // total pending (quote, full)
  std::optional<double> open, high, low, close;              // quote, full, index quote/full
  // (last - close) / close * 100 when close is non-zero (quote, full, index quote/full).
  std::optional<double> change_percent;
  std::optional<std::uint32_t> last_trade_time;              // epoch seconds (full)
  std::optional<std::uint32_t> oi, oi_day_high, oi_day_low;  // full
  std::optional<std::uint32_t> exchange_timestamp;           // epoch seconds (full, index full)
  bool has_depth = false;                                    // full
  std::array<DepthLevel, 5> buy{}, sell{};

  friend bool operator==(const KitePacket&, const KitePacket&) = default;
};

enum class FrameError : std::uint8_t {
  empty,             // no bytes
  truncated_header,  // a packet length that does not fit in the message
  truncated_packet,  // a packet longer than the bytes left
  trailing_bytes,    // bytes after the declared packets
};
std::string_view describe(FrameError error);

struct KiteFrame {
  bool heartbeat = false;
  std::vector<KitePacket> packets;
  std::size_t unknown_packets = 0;  // packets of an undefined length, skipped
};

struct [[nodiscard]] FrameParse {
  std::optional<FrameError> error;
  std::size_t error_offset = 0;  // byte offset where the error was found
  KiteFrame frame;
  bool ok() const { return !error.has_value(); }
};

FrameParse parse_binary_message(std::span<const std::uint8_t> bytes);
// Parses one packet of a frame (its bytes without the length prefix); nullopt for an undefined
// length.
[[nodiscard]] std::optional<KitePacket> parse_packet(std::span<const std::uint8_t> packet);

}  // namespace strikeline::kite
