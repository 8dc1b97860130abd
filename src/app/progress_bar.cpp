#include "app/progress_bar.h"

#include <unistd.h>

#include <cstdio>

namespace strikeline::app {

ProgressBar::ProgressBar(std::string label, std::size_t total)
    : label_(std::move(label)),
      total_(total),
      enabled_(isatty(STDERR_FILENO) == 1),
      started_(std::chrono::steady_clock::now()) {}

void ProgressBar::update(std::size_t done, std::size_t rows) {
  if (!enabled_) return;
  const auto now = std::chrono::steady_clock::now();
  if (now - last_draw_ < std::chrono::milliseconds(100) && done < total_) return;
  last_draw_ = now;
  const double fraction = total_ ? static_cast<double>(done) / static_cast<double>(total_) : 1.0;
  const int width = 30, filled = static_cast<int>(fraction * width);
  const double seconds = std::chrono::duration<double>(now - started_).count();
  std::fprintf(stderr, "\r%s [%.*s%*s] %3.0f%% %zu rows %.0f rows/s", label_.c_str(), filled,
               "==============================", width - filled, "", fraction * 100.0, rows,
               seconds > 0 ? static_cast<double>(rows) / seconds : 0.0);
  std::fflush(stderr);
}

void ProgressBar::finish() {
  if (enabled_) std::fprintf(stderr, "\n");
}

}  // namespace strikeline::app
