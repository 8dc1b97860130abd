// Secrets on the command line and in logs. A flag's value is visible to every user of the host
// (ps, /proc/PID/cmdline), so every secret has a file or environment form (--ingest-token-file,
// STRIKELINE_INGEST_TOKEN, --db-password-file, STRIKELINE_DB, PGPASSWORD, ~/.pgpass) and a
// warning names a secret given as a flag. Database URLs are logged without their password.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace strikeline::app {

// Keeps the process's arguments (main calls it first) for given_on_command_line().
void remember_command_line(int argc, char** argv);
// True when `flag` ("--ingest-token") was given as an argument ("--ingest-token X" or
// "--ingest-token=X"), i.e. visible in the process list.
bool given_on_command_line(std::string_view flag);

// "postgres://user:***@host/db?sslmode=require": the URL's password (user:PASSWORD@, and a
// password= parameter) replaced by ***; other text unchanged.
std::string redact_url(std::string_view url);
// True when a PostgreSQL URL carries a password.
bool url_has_password(std::string_view url);

// The secret in `path`: the file's text without a trailing line break. nullopt with *error when it
// cannot be read or is empty. Warns when the file may be read by other users.
std::optional<std::string> read_secret_file(const std::string& path, std::string_view what,
                                            std::string* error);

// Logs a warning that `flag`'s secret is visible in the process list, and what to use instead.
void warn_secret_flag(std::string_view flag, std::string_view instead);

}  // namespace strikeline::app
