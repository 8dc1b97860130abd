// `strikeline tail`: follows the live stream (WebSocket /fo/stream, ws:// or wss:// with the
// system's certificate authorities, compressed with permessage-deflate when the server offers it)
// for an operator. Subscribes to one symbol (optionally one expiry, a timeframe, default 1min) and
// prints one line per fo_bucket message: the bucket time (IST), contract, underlying, total
// call/put OI and volume, PCR and max pain, or with --json the raw message. With --chain it
// subscribes to the chain channel instead (one expiry, default the nearest; --strike-range) and
// keeps the live option chain (app/live_chain_table.h) from its snapshot and updates: redrawn in
// place on a terminal like `top` (on anything else, one table after another, a blank line
// between), or with --json one line per snapshot or update holding the whole table as
// /fo/option-chain's body. Subscription acknowledgements and server errors go to stderr; pings are
// not shown. When the server says it has no data for the subscription, tail says so (naming the
// symbols or expiries it has) and exits 1, unless --wait; a chain subscription the server refuses
// (no data for the symbol at all) exits 1. Exit status: 0 after --count messages or when the
// server closes the stream, 1 when the stream cannot be reached or fails or has no data to follow,
// 2 for bad arguments.
#include <openssl/ssl.h>

#include <unistd.h>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>
#include <boost/json.hpp>
#include <cmath>
#include <cstdio>
#include <iostream>

#include "app/commands.h"
#include "app/indian_quantity.h"
#include "app/live_chain_table.h"
#include "app/name_suggestion.h"
#include "app/stream_cells.h"
#include "core/symbol.h"
#include "core/text.h"
#include "core/timeframe.h"
#include "core/timestamp.h"

namespace strikeline::app {

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
namespace json = boost::json;
namespace ssl = asio::ssl;

struct TailArgs {
  std::string url = "ws://127.0.0.1:8081/fo/stream";
  std::string symbol;
  std::string expiry;
  std::string timeframe = "1min";
  bool json = false;
  std::size_t count = 0;  // 0: until the stream ends
  bool wait = false;      // keep following a subscription that has no data yet
  bool chain = false;     // the chain channel: a live option chain
  std::string strike_range = "all";
};

struct WsUrl {
  bool tls = false;
  std::string host, port, target;
};

std::optional<WsUrl> parse_ws_url(std::string_view url, std::string& error) {
  WsUrl out;
  std::string_view rest;
  if (url.starts_with("ws://")) {
    rest = url.substr(5);
  } else if (url.starts_with("wss://")) {
    rest = url.substr(6);
    out.tls = true;
  } else {
    error = "--url must be ws://HOST:PORT/PATH or wss://HOST:PORT/PATH (got '" + std::string(url) +
            "')";
    return std::nullopt;
  }
  const auto slash = rest.find('/');
  const std::string_view authority = rest.substr(0, slash);
  out.target = slash == std::string_view::npos ? "/fo/stream" : std::string(rest.substr(slash));
  std::string_view host = authority, port = out.tls ? "443" : "80";
  if (!authority.empty() && authority.front() == '[') {
    const auto close = authority.find(']');
    if (close == std::string_view::npos) {
      error = "--url has an unterminated IPv6 address";
      return std::nullopt;
    }
    host = authority.substr(1, close - 1);
    if (close + 1 < authority.size() && authority[close + 1] == ':')
      port = authority.substr(close + 2);
  } else if (const auto colon = authority.rfind(':'); colon != std::string_view::npos) {
    host = authority.substr(0, colon);
    port = authority.substr(colon + 1);
  }
  auto port_number = parse_int64(port);
  if (host.empty() || !port_number || *port_number <= 0 || *port_number > 65535) {
    error = "--url must name a host and a port 1-65535 (got '" + std::string(url) + "')";
    return std::nullopt;
  }
  out.host = std::string(host);
  out.port = std::string(port);
  return out;
}

// "09:16 IST NIFTY 2025-11-04 1min  spot 24350.75  ATM 24350  OI C 51.23 L P 48.90 L  PCR 0.9544
//  vol C 1,200 P 900  max pain 24300  41 strikes" (the chain's state at the bucket's end: every
//  listed strike, OI carried; OI and volume in units, written in lakh and crore)
std::string summary(const json::object& m) {
  const auto bucket = static_cast<std::int64_t>(number_or(m, "bucket_time", 0));
  const std::string clock = ist_clock(bucket).substr(0, 5);
  std::string date = format_date(ist_date(Timestamp(std::chrono::seconds(bucket))));
  auto text = [&](std::string_view key) { return text_or_unknown(m, key); };
  std::size_t strikes = 0;
  if (const json::value* s = m.if_contains("strikes"); s && s->is_array())
    strikes = s->as_array().size();
  json::object metrics;
  if (const json::value* v = m.if_contains("metrics"); v && v->is_object())
    metrics = v->as_object();
  std::string line =
      date + " " + clock + " IST  " + text("symbol") + " " + text("expiry") + " " +
      text("timeframe") + "  spot " + optional_number(metrics, "underlying_close", 2) + "  ATM " +
      optional_strike(metrics, "atm_strike") + "  OI C " +
      optional_quantity(metrics, "total_call_oi") + " P " +
      optional_quantity(metrics, "total_put_oi") + "  PCR " + optional_number(metrics, "pcr", 4) +
      "  vol C " + optional_quantity(metrics, "total_call_volume") + " P " +
      optional_quantity(metrics, "total_put_volume") + "  max pain " +
      optional_strike(metrics, "max_pain_strike") + "  " + std::to_string(strikes) + " strikes";
  return line;
}

int fail(const std::string& message, int status) {
  std::cerr << "strikeline tail: " << message << "\n";
  return status;
}

std::vector<std::string> strings_of(const json::object& m, std::string_view key) {
  std::vector<std::string> out;
  const json::value* v = m.if_contains(key);
  if (!v || !v->is_array()) return out;
  for (const json::value& item : v->as_array()) {
    if (item.is_string()) out.emplace_back(item.as_string());
  }
  return out;
}

std::string comma_list(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& item : items) out += (out.empty() ? "" : ", ") + item;
  return out.empty() ? "none" : out;
}

// What a subscription acknowledgement says when the subscription matches no data: "no data for
// BANKNIFY (did you mean 'BANKNIFTY'?); symbols with data: BANKNIFTY, NIFTY". Empty when it
// matches data, or when the server does not say (one older than the expiries field).
std::string no_data_message(const json::object& ack) {
  const json::value* expiries = ack.if_contains("expiries");
  if (!expiries || !expiries->is_array() || !expiries->as_array().empty()) return "";
  const json::value* symbol = ack.if_contains("symbol");
  const std::string name = symbol && symbol->is_string() ? std::string(symbol->as_string()) : "?";
  const json::value* expiry = ack.if_contains("expiry");
  const std::vector<std::string> symbols = strings_of(ack, "symbols_with_data");
  if (expiry && expiry->is_string()) {
    const std::vector<std::string> listed = strings_of(ack, "symbol_expiries");
    if (!listed.empty()) {
      return "no data for " + name + " expiry " + std::string(expiry->as_string()) +
             "; its expiries with data: " + comma_list(listed);
    }
  }
  return "no data for " + name + did_you_mean(name, symbols) +
         "; symbols with data: " + comma_list(symbols);
}

// Subscribes on an open connection and prints what arrives.
template <class Stream>
int follow(websocket::stream<Stream>& ws, const WsUrl& url, const json::object& subscribe,
           const TailArgs& a) {
  websocket::permessage_deflate deflate;
  deflate.client_enable = true;  // used when the server offers it
  ws.set_option(deflate);
  websocket::response_type handshake;
  ws.handshake(handshake, url.host + ":" + url.port, url.target);
  const auto extensions = handshake[beast::http::field::sec_websocket_extensions];
  std::cerr << "strikeline tail: connected to " << a.url
            << (extensions.find("permessage-deflate") != beast::string_view::npos
                    ? " (compressed: permessage-deflate)"
                    : "")
            << "\n";
  ws.text(true);
  ws.write(asio::buffer(json::serialize(subscribe)));
  beast::flat_buffer buffer;
  std::size_t shown = 0;
  LiveChainTable table;
  bool subscribed = false;
  const bool terminal = ::isatty(STDOUT_FILENO) == 1;
  for (;;) {
    boost::system::error_code ec;
    ws.read(buffer, ec);
    if (ec == websocket::error::closed) {
      std::cerr << "strikeline tail: the server closed the stream\n";
      return 0;
    }
    if (ec) return fail("stream failed: " + ec.message(), 1);
    const std::string text = beast::buffers_to_string(buffer.data());
    buffer.consume(buffer.size());
    boost::system::error_code parse_ec;
    json::value message = json::parse(text, parse_ec);
    if (parse_ec || !message.is_object()) continue;
    const json::object& m = message.as_object();
    const json::value* type = m.if_contains("type");
    const std::string_view kind =
        type && type->is_string() ? std::string_view(type->as_string()) : std::string_view{};
    bool printed = false;
    if (kind == "fo_bucket" && !a.chain) {
      std::cout << (a.json ? text : summary(m)) << std::endl;
      printed = true;
    } else if (a.chain && table.apply(m)) {
      if (a.json) {
        std::cout << table.json() << std::endl;
      } else if (terminal) {
        std::cout << "\x1b[H\x1b[2J" << table.text() << std::flush;  // home, clear: redrawn
      } else {
        std::cout << table.text() << std::endl;
      }
      printed = true;
    } else if (kind == "error") {
      const json::value* detail = m.if_contains("detail");
      const std::string said =
          detail && detail->is_string() ? std::string(detail->as_string()) : text;
      if (a.chain && !subscribed) {  // the subscription was refused: nothing to follow
        ws.close(websocket::close_code::normal, ec);
        return fail("server: " + said, 1);
      }
      std::cerr << "strikeline tail: server: " << said << "\n";
    } else if (kind == "subscribed") {
      subscribed = true;
      std::cerr << "strikeline tail: subscribed " << text << "\n";
      if (const std::string none = no_data_message(m); !none.empty()) {
        if (!a.wait) {
          ws.close(websocket::close_code::normal, ec);
          return fail(none + " (--wait follows it until data arrives)", 1);
        }
        std::cerr << "strikeline tail: " << none << "; waiting for data\n";
      }
    }
    if (printed && a.count != 0 && ++shown >= a.count) {
      ws.close(websocket::close_code::normal, ec);
      return 0;
    }
  }
}

int run_tail(const TailArgs& a) {
  std::string error;
  auto url = parse_ws_url(a.url, error);
  if (!url) return fail(error, 2);
  auto symbol = canonical_symbol(a.symbol);
  if (!symbol) return fail("--symbol: not a valid symbol '" + a.symbol + "'", 2);
  auto tf = parse_timeframe(a.timeframe);
  if (!tf) {
    return fail("--timeframe must be 1min, 3min, 5min, 15min, 30min, 1hour or 1day (got '" +
                    a.timeframe + "')",
                2);
  }
  std::optional<Date> expiry;
  if (!a.expiry.empty() && !iequals(a.expiry, "all")) {
    expiry = parse_date_text(a.expiry);
    if (!expiry) {
      return fail("--expiry must be YYYY-MM-DD, DD-Mon-YYYY or all (got '" + a.expiry + "')", 2);
    }
  }

  json::object subscribe{{"action", "subscribe"}, {"symbol", *symbol}};
  if (a.chain) {
    subscribe["channel"] = "chain";
    if (!iequals(trim(a.strike_range), "all")) {
      const auto n = parse_int64(trim(a.strike_range));
      if (!n || *n <= 0 || *n > 200) {
        return fail("--strike-range must be an integer 1-200 or all (got '" + a.strike_range + "')",
                    2);
      }
      subscribe["strike_range"] = *n;
    }
  } else {
    if (!iequals(trim(a.strike_range), "all")) {
      return fail("--strike-range is for --chain", 2);
    }
    subscribe["timeframe"] = std::string(timeframe_name(*tf));
  }
  if (expiry) subscribe["expiry"] = format_date(*expiry);

  asio::io_context io;
  try {
    asio::ip::tcp::resolver resolver(io);
    const auto addresses = resolver.resolve(url->host, url->port);
    if (!url->tls) {
      websocket::stream<asio::ip::tcp::socket> ws(io);
      asio::connect(ws.next_layer(), addresses);
      return follow(ws, *url, subscribe, a);
    }
    ssl::context tls(ssl::context::tls_client);
    tls.set_default_verify_paths();  // the system's authorities; SSL_CERT_FILE overrides
    tls.set_verify_mode(ssl::verify_peer);
    websocket::stream<ssl::stream<asio::ip::tcp::socket>> ws(io, tls);
    asio::connect(ws.next_layer().next_layer(), addresses);
    if (!SSL_set_tlsext_host_name(ws.next_layer().native_handle(), url->host.c_str())) {
      return fail("cannot set the TLS server name " + url->host, 1);
    }
    ws.next_layer().set_verify_callback(ssl::host_name_verification(url->host));
    ws.next_layer().handshake(ssl::stream_base::client);
    return follow(ws, *url, subscribe, a);
  } catch (const boost::system::system_error& e) {
    return fail("cannot reach " + a.url + ": " + e.code().message(), 1);
  } catch (const std::exception& e) {
    return fail("cannot reach " + a.url + ": " + e.what(), 1);
  }
}

}  // namespace

void add_tail_command(CLI::App& app) {
  auto a = std::make_shared<TailArgs>();
  CLI::App* cmd = app.add_subcommand("tail", "Print the live stream of one symbol (/fo/stream)");
  cmd->add_option("--url", a->url, "the stream's ws:// or wss:// URL")->capture_default_str();
  cmd->add_option("--symbol", a->symbol, "underlying, e.g. NIFTY")->required();
  cmd->add_option("--expiry", a->expiry,
                  "YYYY-MM-DD or DD-Mon-YYYY (default: every expiry; with --chain the nearest)");
  cmd->add_option("--timeframe", a->timeframe,
                  "1min 3min 5min 15min 30min 1hour 1day (not used with --chain)")
      ->capture_default_str();
  cmd->add_flag("--chain", a->chain,
                "the live option chain of one expiry, redrawn in place (calls, strike, puts)");
  cmd->add_option("--strike-range", a->strike_range,
                  "with --chain: listed strikes each side of ATM, 1-200 or all")
      ->capture_default_str();
  cmd->add_flag("--json", a->json,
                "print the raw fo_bucket messages (with --chain: the whole table as one JSON line "
                "per update)");
  cmd->add_option("--count", a->count, "stop after N messages (0: never)")->capture_default_str();
  cmd->add_flag("--wait", a->wait,
                "keep following a subscription the server has no data for yet (default: say so "
                "and exit 1)");
  cmd->callback([a] { exit_code() = run_tail(*a); });
}

}  // namespace strikeline::app
