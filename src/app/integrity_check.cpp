#include "app/integrity_check.h"

#include <spdlog/spdlog.h>

#include <chrono>

namespace strikeline::app {

IntegrityCheck::IntegrityCheck(std::shared_ptr<SqliteBarRepository> repository)
    : repository_(std::move(repository)) {
  status_.name = "integrity";
  status_.detail = "checking " + repository_->path() + " (PRAGMA quick_check)";
}

IntegrityCheck::~IntegrityCheck() {
  cancel_ = true;
  worker_.stop();
}

void IntegrityCheck::start() {
  worker_.start([this](std::stop_token stop) {
    const std::stop_callback cancel(stop, [this] { cancel_ = true; });
    run();
    worker_.stop();  // once: from the worker, it ends after this run
    return PeriodicWorker::Delay::zero();
  });
}

StartupCheck IntegrityCheck::status() const {
  MutexLock lock(mutex_);
  return status_;
}

void IntegrityCheck::run() {
  const auto started = std::chrono::steady_clock::now();
  std::string report;
  try {
    report = repository_->quick_check(&cancel_);
  } catch (const std::exception& e) {
    if (cancel_.load()) return;  // stopped meanwhile
    report = e.what();
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  MutexLock lock(mutex_);
  if (report == "ok") {
    status_.state = StartupCheck::State::passed;
    status_.detail = "ok";
    spdlog::info("database: integrity check of {} passed in {:.1f} s", repository_->path(),
                 seconds);
    return;
  }
  status_.state = StartupCheck::State::failed;
  // The report's lines ("*** in database main ***" first), as one line.
  std::string problems;
  for (std::size_t from = 0; from < report.size();) {
    const auto end = std::min(report.find('\n', from), report.size());
    const std::string line = report.substr(from, end - from);
    if (!line.empty() && !line.starts_with("***"))
      problems += (problems.empty() ? "" : "; ") + line;
    from = end + 1;
  }
  if (problems.size() > 300) problems = problems.substr(0, 300) + "...";
  status_.detail = "the database file " + repository_->path() +
                   " is damaged (PRAGMA quick_check: " + problems +
                   "); what it serves may be incomplete: stop the server and restore the last "
                   "backup (README, Backup)";
  spdlog::error("database: integrity check FAILED: {}", status_.detail);
}

}  // namespace strikeline::app
