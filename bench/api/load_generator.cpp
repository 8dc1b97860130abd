#include "load_generator.h"

#include <algorithm>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <optional>
#include <string_view>
#include <thread>

namespace strikeline::bench {

namespace asio = boost::asio;
using Clock = std::chrono::steady_clock;

namespace {

struct ThreadTally {
  std::uint64_t requests = 0, errors = 0;
  std::vector<double> latencies_us;
};

// The status code and body length of a response head ("HTTP/1.1 200 OK\r\n...\r\n\r\n"); the
// server always sends Content-Length. nullopt when the head is not understood.
std::optional<std::pair<unsigned, std::size_t>> parse_head(std::string_view head) {
  if (head.size() < 12 || !head.starts_with("HTTP/1.")) return std::nullopt;
  const unsigned status = static_cast<unsigned>(std::atoi(std::string(head.substr(9, 3)).c_str()));
  std::size_t pos = 0;
  while ((pos = head.find("\r\n", pos)) != std::string_view::npos) {
    pos += 2;
    constexpr std::string_view kName = "content-length:";
    if (head.size() - pos < kName.size()) break;
    bool match = true;
    for (std::size_t i = 0; i < kName.size() && match; ++i) {
      match = std::tolower(static_cast<unsigned char>(head[pos + i])) == kName[i];
    }
    if (match) {
      return std::pair{status,
                       static_cast<std::size_t>(std::strtoull(
                           std::string(head.substr(pos + kName.size(), 20)).c_str(), nullptr, 10))};
    }
  }
  return std::nullopt;
}

// One keep-alive connection: a request, then its whole response read with large reads and a
// minimal head parser (so the generator spends little of the CPU it shares with the server).
asio::awaitable<void> connection_loop(const LoadOptions& options,
                                      const std::vector<std::string>& requests, std::size_t first,
                                      Clock::time_point measure_from, Clock::time_point until,
                                      ThreadTally& tally) {
  constexpr auto kTuple = asio::as_tuple(asio::use_awaitable);
  asio::ip::tcp::socket socket(co_await asio::this_coro::executor);
  const asio::ip::tcp::endpoint server(asio::ip::address_v4::loopback(), options.port);
  if (auto [ec] = co_await socket.async_connect(server, kTuple); ec) {
    ++tally.errors;
    co_return;
  }
  socket.set_option(asio::ip::tcp::no_delay(true));
  std::vector<char> buffer(1 << 20);
  for (std::size_t next = first; Clock::now() < until; ++next) {
    const std::string& request = requests[next % requests.size()];
    const auto start = Clock::now();
    auto [write_ec, written] = co_await asio::async_write(socket, asio::buffer(request), kTuple);
    if (write_ec) {
      ++tally.errors;
      co_return;
    }
    std::size_t have = 0, head_end = 0, total = 0;
    unsigned status = 0;
    while (total == 0 || have < total) {
      if (have == buffer.size()) buffer.resize(buffer.size() * 2);
      auto [read_ec, n] = co_await socket.async_read_some(
          asio::buffer(buffer.data() + have, buffer.size() - have), kTuple);
      if (read_ec) {
        ++tally.errors;
        co_return;
      }
      have += n;
      if (total == 0) {
        const std::string_view seen(buffer.data(), have);
        head_end = seen.find("\r\n\r\n");
        if (head_end == std::string_view::npos) continue;
        auto head = parse_head(seen.substr(0, head_end + 2));
        if (!head) {
          ++tally.errors;
          co_return;
        }
        status = head->first;
        total = head_end + 4 + head->second;
      }
    }
    const auto end = Clock::now();
    if (start < measure_from || end > until) continue;
    if (status != 200) {
      ++tally.errors;
      continue;
    }
    ++tally.requests;
    tally.latencies_us.push_back(std::chrono::duration<double, std::micro>(end - start).count());
  }
}

}  // namespace

double LoadResult::percentile_us(double p) const {
  if (latencies_us.empty()) return 0;
  std::vector<double> sorted = latencies_us;
  const auto rank = static_cast<std::size_t>(
      std::clamp(std::ceil(p / 100.0 * sorted.size()), 1.0, static_cast<double>(sorted.size())));
  std::nth_element(sorted.begin(), sorted.begin() + (rank - 1), sorted.end());
  return sorted[rank - 1];
}

LoadResult run_load(const LoadOptions& options) {
  std::vector<std::string> requests;
  for (const std::string& target :
       options.targets.empty() ? std::vector<std::string>{options.target} : options.targets) {
    requests.push_back("GET " + target +
                       " HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: strikeline-load\r\n\r\n");
  }
  const auto measure_from = Clock::now() + options.warmup;
  const auto until = measure_from + options.duration;
  const int threads = std::max(1, options.threads);
  std::vector<ThreadTally> tallies(static_cast<std::size_t>(threads));
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      asio::io_context io{1};
      ThreadTally& tally = tallies[static_cast<std::size_t>(t)];
      tally.latencies_us.reserve(1 << 20);
      for (int c = t; c < options.connections; c += threads) {
        const std::size_t first = static_cast<std::size_t>(c) * 7919 % requests.size();
        asio::co_spawn(io, connection_loop(options, requests, first, measure_from, until, tally),
                       asio::detached);
      }
      io.run();
    });
  }
  for (auto& w : workers) w.join();
  LoadResult result;
  result.seconds = std::chrono::duration<double>(options.duration).count();
  for (ThreadTally& t : tallies) {
    result.requests += t.requests;
    result.errors += t.errors;
    result.latencies_us.insert(result.latencies_us.end(), t.latencies_us.begin(),
                               t.latencies_us.end());
  }
  return result;
}

}  // namespace strikeline::bench
