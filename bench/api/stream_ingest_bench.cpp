// Live path benchmark: sustained tick ingest over HTTP while WebSocket clients follow the stream.
//
// The server runs in a forked child process (so its CPU use is its own, from getrusage): HTTP
// ingest -> IngestPipeline -> SQLite (temporary file, WAL, full sync) -> chain store -> StreamHub
// with the default coalescing (at most 4 messages a second per subscription). The parent posts
// NDJSON tick batches at a fixed rate on one keep-alive connection and runs `clients` WebSocket
// clients subscribed to NIFTY on one thread. Every batch sets the open interest of a marker
// strike (NIFTY 24300 CE) to the batch's number, so a client knows which batches a message
// includes: latency = time a client first receives a message including batch i - time the
// ingest acknowledgement of batch i was read (clamped at 0: a message may overtake the reply).
//
//   strikeline_api_stream_bench [--rate 50000] [--clients 100] [--seconds 10] [--batches-per-second
//   10]
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/json.hpp>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "api/http_server.h"
#include "api/ingest/ingest_routes.h"
#include "api/stream/stream_hub.h"
#include "app/ingest_pipeline.h"
#include "app/pipeline_ingest_sink.h"
#include "store/chain_store.h"
#include "store/sqlite/sqlite_bar_repository.h"

using namespace strikeline;
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
namespace json = boost::json;
using Clock = std::chrono::steady_clock;

namespace {

struct Options {
  int rate = 50000;  // ticks per second
  int clients = 100;
  int seconds = 10;
  int batches_per_second = 10;
};

// The server process: serves until its stdin pipe closes, then reports its CPU use.
[[noreturn]] void run_server(int port_pipe, int stop_pipe) {
  const auto dir = std::filesystem::temp_directory_path() /
                   ("strikeline-stream-bench-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  struct rusage before {};
  ::getrusage(RUSAGE_SELF, &before);
  {
    auto repository = std::make_shared<SqliteBarRepository>((dir / "bars.db").string());
    ChainStore store({}, repository);
    app::IngestPipeline pipeline(*repository, store);
    app::PipelineIngestSink sink(pipeline);
    ServiceContext context;
    context.snapshot = [&store] { return store.snapshot(); };
    StreamHub hub(
        {}, [&store] { return store.snapshot(); }, *context.metrics);
    pipeline.add_listener([&hub](const ApplyStats& a) { hub.notify(a.touched); });
    ServerConfig config;
    config.address = "127.0.0.1";
    config.port = 0;
    config.threads = 2;
    config.access_log = false;
    HttpServer server(config, context);
    add_ingest_routes(server.router(), sink, {}, *context.metrics);
    hub.install(server.router());
    server.on_stop([&hub] { hub.stop(); });
    server.start();
    const std::uint16_t port = server.port();
    if (::write(port_pipe, &port, sizeof port) != sizeof port) std::_Exit(1);
    char byte;
    while (::read(stop_pipe, &byte, 1) > 0) {
    }
    server.stop();
    server.wait();
    struct rusage after {};
    ::getrusage(RUSAGE_SELF, &after);
    auto seconds = [](const timeval& t) { return t.tv_sec + t.tv_usec / 1e6; };
    std::fprintf(stdout,
                 "server CPU: user %.2f s, system %.2f s; published %llu fo_bucket messages, "
                 "sent %llu, dropped %llu\n",
                 seconds(after.ru_utime) - seconds(before.ru_utime),
                 seconds(after.ru_stime) - seconds(before.ru_stime),
                 static_cast<unsigned long long>(hub.metrics().published.value()),
                 static_cast<unsigned long long>(hub.metrics().sent.value()),
                 static_cast<unsigned long long>(hub.metrics().dropped.value()));
    std::fflush(stdout);
  }
  std::filesystem::remove_all(dir);
  std::_Exit(0);
}

// Batch i: `ticks` option ticks over 100 strikes x 2 sides, the marker strike's OI = i.
std::string make_batch(int i, int ticks, double wall_seconds) {
  std::string out;
  out.reserve(static_cast<std::size_t>(ticks) * 170);
  char line[256];
  std::snprintf(line, sizeof line, "{\"ts\":%.6f,\"symbol\":\"NIFTY\",\"price\":%.2f}\n",
                wall_seconds, 24350.75 + (i % 20) * 0.5);
  out += line;
  for (int k = 0; k < ticks; ++k) {
    const int contract = k % 200;
    const int strike = 21850 + 50 * (contract / 2);
    const bool call = contract % 2 == 0;
    const bool marker = strike == 24300 && call && k + 200 >= ticks;  // the batch's last one
    const long long oi = marker ? i : 1'000'000 + contract * 1000 + (i % 7);
    const long long volume = 1'000'000LL + static_cast<long long>(i) * 1000 + k / 200;
    const double intrinsic =
        call ? std::max(0.0, 24350.75 - strike) : std::max(0.0, strike - 24350.75);
    std::snprintf(line, sizeof line,
                  "{\"ts\":%.6f,\"symbol\":\"NIFTY\",\"expiry\":\"2030-12-26\",\"strike\":%d,"
                  "\"type\":\"%s\",\"price\":%.2f,\"volume\":%lld,\"oi\":%lld}\n",
                  wall_seconds + k * 1e-6, strike, call ? "CE" : "PE",
                  intrinsic + 900.0 + (k % 13) * 0.05, volume, oi);
    out += line;
  }
  return out;
}

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const auto rank = static_cast<std::size_t>(std::ceil(p / 100.0 * static_cast<double>(v.size())));
  return v[std::min(v.size() - 1, rank == 0 ? 0 : rank - 1)];
}

struct StreamClientState {
  explicit StreamClientState(asio::io_context& io) : ws(io) {}
  websocket::stream<asio::ip::tcp::socket> ws;
  beast::flat_buffer buffer;
  long long newest = -1;
  std::vector<Clock::time_point> first_seen;
  std::uint64_t messages = 0;
};

void read_loop(StreamClientState& c) {
  c.ws.async_read(c.buffer, [&c](boost::system::error_code ec, std::size_t) {
    if (ec) return;
    const auto now = Clock::now();
    boost::system::error_code pec;
    json::value v = json::parse(beast::buffers_to_string(c.buffer.data()), pec);
    c.buffer.consume(c.buffer.size());
    if (!pec && v.is_object() && v.as_object()["type"] == "fo_bucket") {
      ++c.messages;
      for (const json::value& s : v.as_object()["strikes"].as_array()) {
        const json::object& o = s.as_object();
        if (o.at("strike").to_number<double>() != 24300.0) continue;
        const json::value& oi = o.at("call").as_object().at("oi");
        if (!oi.is_int64()) break;
        const long long marker = oi.as_int64();
        if (marker < static_cast<long long>(c.first_seen.size())) {
          for (long long j = c.newest + 1; j <= marker; ++j) c.first_seen[j] = now;
          c.newest = std::max(c.newest, marker);
        }
        break;
      }
    }
    read_loop(c);
  });
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    const int value = std::atoi(argv[i + 1]);
    if (flag == "--rate")
      o.rate = value;
    else if (flag == "--clients")
      o.clients = value;
    else if (flag == "--seconds")
      o.seconds = value;
    else if (flag == "--batches-per-second")
      o.batches_per_second = value;
    else {
      std::cerr << "unknown flag " << flag << "\n";
      return 2;
    }
  }
  int port_pipe[2], stop_pipe[2];
  if (::pipe(port_pipe) != 0 || ::pipe(stop_pipe) != 0) return 1;
  const pid_t child = ::fork();
  if (child == 0) {
    ::close(port_pipe[0]);
    ::close(stop_pipe[1]);
    run_server(port_pipe[1], stop_pipe[0]);
  }
  ::close(port_pipe[1]);
  ::close(stop_pipe[0]);
  std::uint16_t port = 0;
  if (::read(port_pipe[0], &port, sizeof port) != sizeof port) return 1;

  const int batches = o.seconds * o.batches_per_second;
  const int ticks_per_batch = o.rate / o.batches_per_second;
  const double wall_start =
      std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
  std::vector<std::string> bodies;
  for (int i = 0; i < batches; ++i) {
    bodies.push_back(
        make_batch(i, ticks_per_batch, wall_start + static_cast<double>(i) / o.batches_per_second));
  }

  // Clients.
  asio::io_context client_io;
  std::vector<std::unique_ptr<StreamClientState>> clients;
  for (int i = 0; i < o.clients; ++i) {
    auto c = std::make_unique<StreamClientState>(client_io);
    c->ws.next_layer().connect({asio::ip::make_address("127.0.0.1"), port});
    c->ws.handshake("127.0.0.1", "/fo/stream");
    c->ws.write(asio::buffer(std::string(R"({"action":"subscribe","symbol":"NIFTY"})")));
    c->first_seen.assign(static_cast<std::size_t>(batches), Clock::time_point{});
    read_loop(*c);
    clients.push_back(std::move(c));
  }
  std::thread client_thread([&] { client_io.run(); });

  // Ingest at the rate.
  std::vector<Clock::time_point> acked(static_cast<std::size_t>(batches));
  std::vector<double> ack_ms;
  asio::io_context http_io;
  asio::ip::tcp::socket http_socket(http_io);
  http_socket.connect({asio::ip::make_address("127.0.0.1"), port});
  beast::flat_buffer http_buffer;
  const auto start = Clock::now();
  const auto period = std::chrono::microseconds(1'000'000 / o.batches_per_second);
  int late = 0;
  for (int i = 0; i < batches; ++i) {
    const auto due = start + i * period;
    if (Clock::now() < due) {
      std::this_thread::sleep_until(due);
    } else if (i > 0) {
      ++late;
    }
    beast::http::request<beast::http::string_body> req{beast::http::verb::post, "/fo/ingest/ticks",
                                                       11};
    req.set(beast::http::field::host, "127.0.0.1");
    req.set(beast::http::field::content_type, "application/x-ndjson");
    req.body() = bodies[static_cast<std::size_t>(i)];
    req.prepare_payload();
    const auto sent = Clock::now();
    beast::http::write(http_socket, req);
    beast::http::response<beast::http::string_body> res;
    beast::http::read(http_socket, http_buffer, res);
    acked[static_cast<std::size_t>(i)] = Clock::now();
    ack_ms.push_back(std::chrono::duration<double, std::milli>(acked[i] - sent).count());
    if (res.result_int() != 200) {
      std::cerr << "ingest failed: " << res.result_int() << " " << res.body().substr(0, 200)
                << "\n";
      return 1;
    }
  }
  const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
  std::this_thread::sleep_for(std::chrono::seconds{1});  // the last coalesced messages

  client_io.stop();
  client_thread.join();
  std::vector<double> latency_ms;
  std::uint64_t messages = 0, missing = 0;
  for (const auto& c : clients) {
    messages += c->messages;
    for (int j = 0; j < batches; ++j) {
      if (c->first_seen[j] == Clock::time_point{}) {
        ++missing;
        continue;
      }
      latency_ms.push_back(std::max(
          0.0, std::chrono::duration<double, std::milli>(c->first_seen[j] - acked[j]).count()));
    }
  }
  std::printf(
      "ingest: %d batches of %d ticks in %.2f s = %.0f ticks/s (%d batches started late); "
      "ack p50 %.1f ms p99 %.1f ms\n",
      batches, ticks_per_batch, elapsed, batches * ticks_per_batch / elapsed, late,
      percentile(ack_ms, 50), percentile(ack_ms, 99));
  std::printf(
      "stream: %d clients, %llu fo_bucket messages received (%.1f per client per s); "
      "ack -> message latency p50 %.1f ms p99 %.1f ms max %.1f ms (%zu samples, %llu "
      "batch/client pairs never seen)\n",
      o.clients, static_cast<unsigned long long>(messages),
      messages / static_cast<double>(o.clients) / elapsed, percentile(latency_ms, 50),
      percentile(latency_ms, 99), percentile(latency_ms, 100), latency_ms.size(),
      static_cast<unsigned long long>(missing));
  std::fflush(stdout);
  ::close(stop_pipe[1]);
  int status = 0;
  ::waitpid(child, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}
