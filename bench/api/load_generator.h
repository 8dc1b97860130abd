// A small HTTP load generator for loopback benchmarks: `connections` keep-alive connections spread
// over `threads` client threads (one io_context each); every connection sends one GET, reads the
// whole response (a minimal Content-Length reader with large reads, so the generator leaves the
// shared CPU to the server) and sends the next (the next of `targets` when given), until the time
// is up. Requests completing
// during the warm-up are not counted. Latency is from the first byte sent to the last byte read.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace strikeline::bench {

struct LoadOptions {
  std::uint16_t port = 0;
  std::string target = "/health";
  // When given, requests go through these targets in turn instead (each connection from its own
  // offset), e.g. one moment per request so no cache can answer.
  std::vector<std::string> targets;
  int connections = 16;
  int threads = 2;
  std::chrono::milliseconds warmup{500};
  std::chrono::milliseconds duration{5000};  // measured, after the warm-up
};

struct LoadResult {
  std::uint64_t requests = 0;  // completed 200s inside the measured window
  std::uint64_t errors = 0;    // non-200 answers and broken connections
  double seconds = 0;          // length of the measured window
  std::vector<double> latencies_us;

  double requests_per_second() const { return seconds > 0 ? requests / seconds : 0; }
  // p in [0, 100], nearest rank; 0 when nothing was measured.
  double percentile_us(double p) const;
};

LoadResult run_load(const LoadOptions& options);

}  // namespace strikeline::bench
