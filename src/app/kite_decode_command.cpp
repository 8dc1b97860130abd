// `strikeline kite-decode FILE [--instruments CSV]`: an operator's tool that decodes one captured
// Kite ticker binary message (a frame or a heartbeat) and prints it as NDJSON. Without
// --instruments each packet is a line of its decoded fields; with it, the packets become the
// pipeline's ticks in the ticks-ndjson import format (packets without an exchange timestamp take
// the file's modification time), and tokens the dump does not know are counted on stderr. A file
// that is not a frame prints why and exits 1.
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "app/commands.h"
#include "feed/kite/instrument_catalogue.h"
#include "feed/kite/kite_frame.h"
#include "feed/kite/kite_tick_mapper.h"
#include "feed/number_text.h"
#include "feed/tick_writer.h"

namespace strikeline::app {

namespace {

struct KiteDecodeArgs {
  std::string file;
  std::string instruments;
};

template <typename T>
void field(std::string& out, std::string_view name, const std::optional<T>& value) {
  if (!value) return;
  out += ",\"";
  out += name;
  out += "\":";
  append_number(out, *value);
}

void depth(std::string& out, std::string_view name, const std::array<kite::DepthLevel, 5>& side) {
  out += ",\"";
  out += name;
  out += "\":[";
  for (std::size_t i = 0; i < side.size(); ++i) {
    if (i) out += ',';
    out += "{\"price\":";
    append_number(out, side[i].price);
    out += ",\"quantity\":";
    append_number(out, static_cast<std::int64_t>(side[i].quantity));
    out += ",\"orders\":";
    append_number(out, static_cast<std::int64_t>(side[i].orders));
    out += '}';
  }
  out += ']';
}

std::string packet_json(const kite::KitePacket& p) {
  std::string out = "{\"instrument_token\":";
  append_number(out, static_cast<std::int64_t>(p.instrument_token));
  out += ",\"mode\":\"";
  out += kite::mode_name(p.mode);
  out += "\",\"tradable\":";
  out += p.tradable ? "true" : "false";
  out += ",\"last_price\":";
  append_number(out, p.last_price);
  auto count = [](const std::optional<std::uint32_t>& v) {
    return v ? std::optional<std::int64_t>(*v) : std::nullopt;
  };
  field(out, "last_quantity", count(p.last_quantity));
  field(out, "average_price", p.average_price);
  field(out, "volume", count(p.volume));
  field(out, "buy_quantity", count(p.buy_quantity));
  field(out, "sell_quantity", count(p.sell_quantity));
  field(out, "open", p.open);
  field(out, "high", p.high);
  field(out, "low", p.low);
  field(out, "close", p.close);
  field(out, "change", p.change_percent);
  field(out, "last_trade_time", count(p.last_trade_time));
  field(out, "oi", count(p.oi));
  field(out, "oi_day_high", count(p.oi_day_high));
  field(out, "oi_day_low", count(p.oi_day_low));
  field(out, "exchange_timestamp", count(p.exchange_timestamp));
  if (p.has_depth) {
    depth(out, "buy", p.buy);
    depth(out, "sell", p.sell);
  }
  out += "}\n";
  return out;
}

int fail(const std::string& message) {
  std::cerr << "strikeline kite-decode: " << message << "\n";
  return 1;
}

int run_kite_decode(const KiteDecodeArgs& a) {
  std::ifstream in(a.file, std::ios::binary);
  if (!in) return fail("cannot read " + a.file);
  std::stringstream buffer;
  buffer << in.rdbuf();
  const std::string bytes = buffer.str();
  const kite::FrameParse parsed = kite::parse_binary_message(std::span<const std::uint8_t>(
      reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()));
  if (!parsed.ok()) {
    return fail(a.file +
                " is not a Kite ticker frame: " + std::string(kite::describe(*parsed.error)) +
                " at byte " + std::to_string(parsed.error_offset));
  }
  if (parsed.frame.unknown_packets > 0) {
    std::cerr << "strikeline kite-decode: " << parsed.frame.unknown_packets
              << " packets of an undefined length skipped\n";
  }
  std::string out;
  if (a.instruments.empty()) {
    for (const kite::KitePacket& p : parsed.frame.packets) out += packet_json(p);
    std::cout << out;
    return 0;
  }
  std::string error;
  auto catalogue = kite::InstrumentCatalogue::load_file(a.instruments, &error);
  if (!catalogue) return fail(error);
  std::error_code ec;
  Timestamp received{};
  const auto mtime = std::filesystem::last_write_time(a.file, ec);
  if (!ec) {
    received = std::chrono::time_point_cast<std::chrono::microseconds>(
        std::chrono::file_clock::to_sys(mtime));
  }
  kite::KiteTickMapper mapper(*catalogue);
  std::vector<MarketEvent> events;
  mapper.map(parsed.frame.packets, received, events);
  for (const MarketEvent& e : events) append_tick_ndjson(out, e);
  std::cout << out;
  if (mapper.stats().unknown_tokens > 0) {
    std::cerr << "strikeline kite-decode: " << mapper.stats().unknown_tokens
              << " packets of tokens not in " << a.instruments << "\n";
  }
  return 0;
}

}  // namespace

void add_kite_decode_command(CLI::App& app) {
  auto a = std::make_shared<KiteDecodeArgs>();
  CLI::App* cmd = app.add_subcommand(
      "kite-decode",
      "Print the packets (or, with --instruments, the ticks) of a Kite ticker frame");
  cmd->add_option("FILE", a->file, "a captured binary WebSocket message")->required();
  cmd->add_option("--instruments", a->instruments,
                  "Kite instrument dump (instruments.csv): print ticks");
  cmd->callback([a] { exit_code() = run_kite_decode(*a); });
}

}  // namespace strikeline::app
