#include "app/log_output.h"

#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>

namespace strikeline::app {

namespace {

// Opens `path` for appending and puts it under stdout and stderr; the error text on failure.
std::optional<std::string> redirect_to(const std::string& path) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0640);
  if (fd < 0) return std::string(std::strerror(errno));
  std::fflush(stdout);
  std::fflush(stderr);
  const bool ok = ::dup2(fd, STDOUT_FILENO) >= 0 && ::dup2(fd, STDERR_FILENO) >= 0;
  const int error = errno;
  ::close(fd);
  if (!ok) return std::string(std::strerror(error));
  return std::nullopt;
}

}  // namespace

void ignore_broken_pipes() {
  std::signal(SIGPIPE, SIG_IGN);
}

std::optional<LogFile> LogFile::open(const std::string& path, std::string* error) {
  if (auto why = redirect_to(path)) {
    *error = "--log-file: cannot open " + path + ": " + *why;
    return std::nullopt;
  }
  return LogFile(path);
}

bool LogFile::reopen() const {
  if (auto why = redirect_to(path_)) {
    spdlog::error("cannot reopen the log file {}: {} (still writing to the old one)", path_, *why);
    return false;
  }
  spdlog::info("log file {} reopened", path_);
  return true;
}

}  // namespace strikeline::app
