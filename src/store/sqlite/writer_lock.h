// The one-writer rule of a SQLite bar file: a process writes PATH only while it holds an exclusive
// advisory lock (flock) on PATH-lock beside it (created when missing, never deleted; it holds the
// holder's process id, for messages). The kernel drops the lock when its holder exits, however it
// exits, so a crashed writer never leaves the file locked. Separate from the database file itself
// because closing any descriptor of a file drops the POSIX locks SQLite holds on it.
#pragma once

#include <memory>
#include <string>

namespace strikeline::sqlite {

class WriterLock {
 public:
  // The lock, or nullptr when another process (or another WriterLock of this process) holds it;
  // then *holder says who ("process 1234", or "another process"). Throws StorageError when the
  // lock file cannot be created or opened.
  static std::unique_ptr<WriterLock> try_acquire(const std::string& database_path,
                                                 std::string* holder);
  ~WriterLock();  // releases
  WriterLock(const WriterLock&) = delete;
  WriterLock& operator=(const WriterLock&) = delete;

  static std::string lock_path(const std::string& database_path) { return database_path + "-lock"; }

 private:
  explicit WriterLock(int fd) : fd_(fd) {}
  int fd_;
};

}  // namespace strikeline::sqlite
