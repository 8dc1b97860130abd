// ProgressBar: a one-line progress display for long command-line work, redrawn at most ten times a
// second on standard error, and only when standard error is a terminal.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>

namespace strikeline::app {

class ProgressBar {
 public:
  ProgressBar(std::string label, std::size_t total);
  void update(std::size_t done, std::size_t rows);
  void finish();

 private:
  std::string label_;
  std::size_t total_;
  bool enabled_;
  std::chrono::steady_clock::time_point started_, last_draw_;
};

}  // namespace strikeline::app
