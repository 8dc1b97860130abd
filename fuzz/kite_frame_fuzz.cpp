// libFuzzer target for the Kite ticker frame parser (and the text message parser on the same
// bytes): any input is a frame, a heartbeat or a typed FrameError, never a crash or a read outside
// the input; a parsed frame's packets fit in it and carry finite prices.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>
#include <string_view>

#include "feed/kite/kite_frame.h"
#include "feed/kite/kite_text_message.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace strikeline::kite;
  const FrameParse parsed = parse_binary_message(std::span<const std::uint8_t>(data, size));
  if (parsed.ok()) {
    // Every packet is at least 8 bytes plus its 2-byte length.
    if (!parsed.frame.heartbeat && parsed.frame.packets.size() * 10 > size) std::abort();
    for (const KitePacket& p : parsed.frame.packets) {
      if (!std::isfinite(p.last_price)) std::abort();
      if (p.change_percent && !std::isfinite(*p.change_percent)) std::abort();
    }
  } else {
    if (!parsed.frame.packets.empty() || parsed.error_offset > size) std::abort();
    if (describe(*parsed.error).empty()) std::abort();
  }
  (void)parse_text_message(std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
