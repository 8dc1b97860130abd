// The process metrics read from /proc (api/process_metrics.h), against what the test can know
// independently: descriptors it opens itself, CPU time it burns, memory it touches, a start time
// before now, and the names Prometheus client libraries export.
#include "api/process_metrics.h"

#include <gtest/gtest.h>
#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <vector>

using namespace strikeline;

namespace {

TEST(ProcessMetrics, OpenDescriptorsCountWhatTheProcessOpens) {
  const auto before = open_file_descriptors();
  ASSERT_TRUE(before);
  std::vector<std::FILE*> files;
  for (int i = 0; i < 5; ++i) files.push_back(std::fopen("/proc/self/stat", "r"));
  EXPECT_EQ(open_file_descriptors(), *before + 5);
  for (std::FILE* f : files) std::fclose(f);
  EXPECT_EQ(open_file_descriptors(), *before);
}

TEST(ProcessMetrics, SampleAgreesWithTheKernelsOtherAccounts) {
  const auto sample = read_process_sample();
  ASSERT_TRUE(sample);
  // getrusage's CPU time of the process: the same clock, at a finer resolution.
  rusage usage{};
  ASSERT_EQ(getrusage(RUSAGE_SELF, &usage), 0);
  const double rusage_cpu =
      static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
      static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
  const double tick = 1.0 / static_cast<double>(sysconf(_SC_CLK_TCK));
  EXPECT_NEAR(sample->cpu_seconds, rusage_cpu, 2 * tick + 0.05);
  // Memory: resident is at most virtual, and at least the 64 MiB touched here.
  std::vector<char> touched(64 << 20, 1);
  const auto after = read_process_sample();
  ASSERT_TRUE(after);
  EXPECT_GE(after->resident_bytes, 64.0 * (1 << 20));
  EXPECT_LE(after->resident_bytes, after->virtual_bytes);
  EXPECT_GT(touched[12345], 0);
  // The test process started before now, and within the last day.
  const double now =
      std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
  EXPECT_LE(sample->start_time_seconds, now + 1);
  EXPECT_GT(sample->start_time_seconds, now - 86400);
}

TEST(ProcessMetrics, RegisteredUnderThePrometheusNames) {
  MetricsRegistry registry;
  register_process_metrics(registry, "1.2.3");
  register_process_metrics(registry, "1.2.3");  // idempotent
  const std::string text = registry.render();
  for (const char* line :
       {"# TYPE process_cpu_seconds_total counter\nprocess_cpu_seconds_total ",
        "# TYPE process_resident_memory_bytes gauge\n",
        "# TYPE process_virtual_memory_bytes gauge\n", "# TYPE process_start_time_seconds gauge\n",
        "# TYPE process_open_fds gauge\n", "# TYPE process_max_fds gauge\n",
        "strikeline_build_info{version=\"1.2.3\"} 1\n"}) {
    EXPECT_NE(text.find(line), std::string::npos) << line << " in\n" << text;
  }
  rlimit limit{};
  ASSERT_EQ(getrlimit(RLIMIT_NOFILE, &limit), 0);
  EXPECT_NE(text.find("process_max_fds " + std::to_string(limit.rlim_cur) + "\n"),
            std::string::npos);
}

}  // namespace
