// The process's own metrics in the names Prometheus client libraries use
// (process_cpu_seconds_total, process_resident_memory_bytes, process_virtual_memory_bytes,
// process_open_fds, process_max_fds, process_start_time_seconds), read from Linux's /proc when
// scraped, and strikeline_build_info (the version as a label, value 1).
#pragma once

#include <optional>
#include <string_view>

#include "api/metrics_registry.h"

namespace strikeline {

struct ProcessSample {
  double cpu_seconds = 0;         // user + system
  double resident_bytes = 0;      // resident set size
  double virtual_bytes = 0;       // virtual memory size
  double start_time_seconds = 0;  // epoch seconds the process started
};

// This process now, from /proc/self/stat and /proc/stat; nullopt when /proc cannot be read.
std::optional<ProcessSample> read_process_sample();
// Open file descriptors (entries of /proc/self/fd); nullopt when it cannot be read.
std::optional<double> open_file_descriptors();

// Registers the process metrics and strikeline_build_info{version}. Idempotent.
void register_process_metrics(MetricsRegistry& registry, std::string_view version);

}  // namespace strikeline
