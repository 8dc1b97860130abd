// strikeline_http_probe: the load generator (load_generator.h) against a server that is already
// running on 127.0.0.1, for scripted benches of the real served process
// (bench/app/whole_market.py). Usage: strikeline_http_probe --port P [--seconds 10] [--connections
// 16] [--threads 1] TARGET... Each connection goes through the targets in turn. Prints one line of
// key=value figures: requests, errors, rps, p50_us, p90_us, p99_us, max_us. Exit 2 on bad
// arguments.
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include "load_generator.h"

namespace {

int usage(const std::string& problem) {
  std::cerr << "strikeline_http_probe: " << problem
            << "\nusage: strikeline_http_probe --port P [--seconds 10] [--connections 16] "
               "[--threads 1] TARGET...\n";
  return 2;
}

bool positive(const char* text, long limit, long* out) {
  char* end = nullptr;
  const long n = std::strtol(text, &end, 10);
  if (end == text || *end != '\0' || n <= 0 || n > limit) return false;
  *out = n;
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  strikeline::bench::LoadOptions options;
  options.threads = 1;
  options.duration = std::chrono::seconds{10};
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg.starts_with("--")) {
      if (i + 1 >= argc) return usage(arg + " needs a value");
      long n = 0;
      if (arg == "--port" && positive(argv[i + 1], 65535, &n)) {
        options.port = static_cast<std::uint16_t>(n);
      } else if (arg == "--seconds" && positive(argv[i + 1], 3600, &n)) {
        options.duration = std::chrono::seconds{n};
      } else if (arg == "--connections" && positive(argv[i + 1], 1000, &n)) {
        options.connections = static_cast<int>(n);
      } else if (arg == "--threads" && positive(argv[i + 1], 64, &n)) {
        options.threads = static_cast<int>(n);
      } else {
        return usage("bad " + arg + " '" + argv[i + 1] + "'");
      }
      ++i;
    } else {
      options.targets.push_back(arg);
    }
  }
  if (options.port == 0) return usage("--port is required");
  if (options.targets.empty()) return usage("give at least one target");
  const strikeline::bench::LoadResult r = strikeline::bench::run_load(options);
  std::printf(
      "requests=%llu errors=%llu rps=%.0f p50_us=%.0f p90_us=%.0f p99_us=%.0f max_us=%.0f\n",
      static_cast<unsigned long long>(r.requests), static_cast<unsigned long long>(r.errors),
      r.requests_per_second(), r.percentile_us(50), r.percentile_us(90), r.percentile_us(99),
      r.percentile_us(100));
  return 0;
}
