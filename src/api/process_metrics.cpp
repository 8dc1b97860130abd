#include "api/process_metrics.h"

#include <sys/resource.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace strikeline {

namespace {

std::optional<double> boot_time_seconds() {
  std::ifstream in("/proc/stat");
  std::string key;
  double value = 0;
  while (in >> key) {
    if (key == "btime" && in >> value) return value;
    in.ignore(1 << 20, '\n');
  }
  return std::nullopt;
}

double sample_or_nan(double ProcessSample::*field) {
  const auto sample = read_process_sample();
  return sample ? (*sample).*field : std::nan("");
}

}  // namespace

std::optional<ProcessSample> read_process_sample() {
  std::ifstream in("/proc/self/stat");
  std::string text;
  if (!std::getline(in, text)) return std::nullopt;
  // The command name (field 2) is in parentheses and may hold spaces: fields resume after the last
  // ')'. The first of them is field 3 (the state).
  const auto close = text.rfind(')');
  if (close == std::string::npos) return std::nullopt;
  std::istringstream fields(text.substr(close + 1));
  std::vector<std::string> f;  // f[0] is field 3
  for (std::string word; fields >> word;) f.push_back(word);
  if (f.size() < 22) return std::nullopt;
  const auto field = [&](int number) { return std::stod(f[static_cast<std::size_t>(number - 3)]); };
  const double ticks = static_cast<double>(::sysconf(_SC_CLK_TCK));
  const double page = static_cast<double>(::sysconf(_SC_PAGESIZE));
  const auto boot = boot_time_seconds();
  if (ticks <= 0 || page <= 0 || !boot) return std::nullopt;
  ProcessSample s;
  s.cpu_seconds = (field(14) + field(15)) / ticks;  // utime + stime
  s.start_time_seconds = *boot + field(22) / ticks;
  s.virtual_bytes = field(23);
  s.resident_bytes = field(24) * page;
  return s;
}

std::optional<double> open_file_descriptors() {
  std::error_code ec;
  std::filesystem::directory_iterator it("/proc/self/fd", ec);
  if (ec) return std::nullopt;
  double count = 0;
  for (; it != std::filesystem::directory_iterator(); it.increment(ec)) {
    if (ec) return std::nullopt;
    ++count;
  }
  return count - 1;  // the iterator's own descriptor on the directory
}

void register_process_metrics(MetricsRegistry& registry, std::string_view version) {
  registry.counter_family("process_cpu_seconds_total", "User and system CPU time spent in seconds.",
                          [] {
                            const auto s = read_process_sample();
                            return s ? SampledSeries{{{}, s->cpu_seconds}} : SampledSeries{};
                          });
  registry.gauge_function("process_resident_memory_bytes", "Resident memory size in bytes.",
                          [] { return sample_or_nan(&ProcessSample::resident_bytes); });
  registry.gauge_function("process_virtual_memory_bytes", "Virtual memory size in bytes.",
                          [] { return sample_or_nan(&ProcessSample::virtual_bytes); });
  registry.gauge_function("process_start_time_seconds",
                          "Start time of the process since unix epoch in seconds.",
                          [] { return sample_or_nan(&ProcessSample::start_time_seconds); });
  registry.gauge_function("process_open_fds", "Number of open file descriptors.", [] {
    const auto n = open_file_descriptors();
    return n ? *n : std::nan("");
  });
  registry.gauge_function("process_max_fds", "Maximum number of open file descriptors.", [] {
    rlimit limit{};
    if (::getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur == RLIM_INFINITY)
      return std::nan("");
    return static_cast<double>(limit.rlim_cur);
  });
  registry
      .gauge("strikeline_build_info", "The running build: its version as a label; always 1.",
             {{"version", std::string(version)}})
      .set(1);
}

}  // namespace strikeline
