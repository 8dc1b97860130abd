// Crash safety of the SQLite repository: a child process writes batches continuously and reports
// each acknowledged batch id through a pipe; it is killed with SIGKILL at random moments, five
// times. After every kill the file must open cleanly (integrity_check ok), hold every acknowledged
// batch in full, and hold no batch in part.
#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <map>
#include <random>
#include <set>
#include <string>

#include "store/sqlite/sqlite_bar_repository.h"
#include "store_fixtures.h"

namespace strikeline {
namespace sqlite_crash_test {

using namespace testing;

constexpr int kBarsPerBatch = 200;
const Date kDay = day_of(2025, 11, 3);

// Batch b is minute b after 09:15 IST (wrapping over days) for strikes 1000..1199; call volume b.
std::vector<StrikeBar> batch(int b) {
  std::vector<StrikeBar> bars;
  const UtcSeconds t = ist(kDay, 9, 15) + std::chrono::minutes(b);
  for (int s = 0; s < kBarsPerBatch; ++s) {
    StrikeBar bar = minute_bar("NIFTY", day_of(2025, 11, 4), 1000 + s, t, 24000 + b);
    bar.call = side({.count = 1, .volume = b, .oi = b * 10});
    bars.push_back(bar);
  }
  return bars;
}

int batch_of(const StrikeBar& bar) {
  return static_cast<int>((bar.key.bucket - ist(kDay, 9, 15)).count() / 60);
}

[[noreturn]] void run_writer(const std::string& path, int first_batch, int ack_fd) {
  try {
    SqliteBarRepository repo(path);
    for (int b = first_batch;; ++b) {
      repo.write(batch(b), BarSource::market);
      const std::string line = std::to_string(b) + "\n";
      if (::write(ack_fd, line.data(), line.size()) != static_cast<ssize_t>(line.size())) _exit(4);
    }
  } catch (...) {
    _exit(3);
  }
}

// Reads acknowledgements until `deadline` (or EOF when deadline is nullopt).
void read_acks(int fd, std::string& pending, std::set<int>& acked,
               std::optional<std::chrono::steady_clock::time_point> deadline) {
  char buffer[4096];
  while (true) {
    int timeout_ms = -1;
    if (deadline) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          *deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) return;
      timeout_ms = static_cast<int>(left.count());
    }
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, timeout_ms) <= 0) return;
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n <= 0) return;
    pending.append(buffer, static_cast<std::size_t>(n));
    std::size_t newline;
    while ((newline = pending.find('\n')) != std::string::npos) {
      acked.insert(std::stoi(pending.substr(0, newline)));
      pending.erase(0, newline + 1);
    }
  }
}

TEST(SqliteRepositoryCrash, AcknowledgedBatchesSurviveSigkillAndNoBatchIsPartial) {
  TempDatabase db("crash");
  const unsigned seed = std::random_device{}();
  SCOPED_TRACE("random seed " + std::to_string(seed));
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int> delay_ms(0, 250);
  std::set<int> acked;
  int next_batch = 0;
  for (int round = 0; round < 5; ++round) {
    SCOPED_TRACE("round " + std::to_string(round));
    int fds[2];
    ASSERT_EQ(::pipe(fds), 0);
    const pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
      ::close(fds[0]);
      run_writer(db.path(), next_batch, fds[1]);
    }
    ::close(fds[1]);
    std::string pending;
    const std::size_t acked_before = acked.size();
    // Wait for the first acknowledgement of this round (bounded), then kill at a random moment.
    const auto first_deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (acked.size() == acked_before && std::chrono::steady_clock::now() < first_deadline) {
      read_acks(fds[0], pending, acked,
                std::chrono::steady_clock::now() + std::chrono::milliseconds(50));
    }
    ASSERT_GT(acked.size(), acked_before) << "the writer acknowledged nothing";
    read_acks(fds[0], pending, acked,
              std::chrono::steady_clock::now() + std::chrono::milliseconds(delay_ms(rng)));
    ASSERT_EQ(::kill(child, SIGKILL), 0);
    int status = 0;
    ASSERT_EQ(::waitpid(child, &status, 0), child);
    EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) << "the writer died early";
    read_acks(fds[0], pending, acked, std::nullopt);  // what it wrote before dying
    ::close(fds[0]);

    SqliteBarRepository repo(db.path());
    EXPECT_EQ(repo.integrity_check(), "ok");
    std::map<int, int> rows_per_batch;
    bool values_match = true;
    repo.scan(utc_seconds(0), utc_seconds(4000000000), [&](const StrikeBar& bar) {
      const int b = batch_of(bar);
      ++rows_per_batch[b];
      values_match = values_match && bar.call.volume == b && bar.call.oi == b * 10;
    });
    EXPECT_TRUE(values_match);
    for (const auto& [b, rows] : rows_per_batch) {
      EXPECT_EQ(rows, kBarsPerBatch) << "batch " << b << " is partial";
    }
    for (int b : acked)
      EXPECT_TRUE(rows_per_batch.contains(b)) << "acknowledged batch " << b << " lost";
    ASSERT_FALSE(rows_per_batch.empty());
    next_batch = rows_per_batch.rbegin()->first + 1;
  }
}

}  // namespace sqlite_crash_test
}  // namespace strikeline
