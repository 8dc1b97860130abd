// Where `strikeline serve` writes its logs: standard output and error (the journal under systemd,
// a pipe to a log shipper), or with --log-file a file they are redirected to, opened in append
// mode and reopened by reopen() (at SIGHUP) so that logrotate can move it away. Writes to a pipe
// whose reader went away fail quietly instead of killing the process: serve ignores SIGPIPE.
#pragma once

#include <optional>
#include <string>

namespace strikeline::app {

// Ignores SIGPIPE for the process (a closed stdout reader then makes writes fail with EPIPE).
void ignore_broken_pipes();

class LogFile {
 public:
  // Redirects stdout and stderr to `path`; nullopt with *error when it cannot be opened.
  static std::optional<LogFile> open(const std::string& path, std::string* error);
  // Opens the path afresh (after a rotation) and redirects to it; false (logged) on failure, the
  // old file then stays in use.
  bool reopen() const;

 private:
  explicit LogFile(std::string path) : path_(std::move(path)) {}
  std::string path_;
};

}  // namespace strikeline::app
