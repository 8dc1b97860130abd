#include "store/sqlite/writer_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "core/text.h"
#include "store/bar_repository.h"

namespace strikeline::sqlite {

namespace {

std::string holder_of(int fd) {
  char text[32] = {};
  const ssize_t n = ::pread(fd, text, sizeof text - 1, 0);
  if (n > 0) {
    if (auto pid = parse_int64(trim(std::string_view(text, static_cast<std::size_t>(n))))) {
      return "process " + std::to_string(*pid);
    }
  }
  return "another process";
}

}  // namespace

std::unique_ptr<WriterLock> WriterLock::try_acquire(const std::string& database_path,
                                                    std::string* holder) {
  const std::string path = lock_path(database_path);
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) {
    throw StorageError("cannot open the writer lock " + path + ": " + std::strerror(errno));
  }
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    const int error = errno;
    if (holder) *holder = holder_of(fd);
    ::close(fd);
    if (error == EWOULDBLOCK) return nullptr;
    throw StorageError("cannot lock " + path + ": " + std::strerror(error));
  }
  const std::string pid = std::to_string(::getpid()) + "\n";
  if (::ftruncate(fd, 0) != 0 ||
      ::pwrite(fd, pid.data(), pid.size(), 0) != static_cast<ssize_t>(pid.size())) {
    // The lock holds without the note; messages then say "another process".
  }
  return std::unique_ptr<WriterLock>(new WriterLock(fd));
}

WriterLock::~WriterLock() {
  ::close(fd_);  // drops the flock
}

}  // namespace strikeline::sqlite
