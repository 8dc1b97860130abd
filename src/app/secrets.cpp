#include "app/secrets.h"

#include <spdlog/spdlog.h>
#include <sys/stat.h>

#include <fstream>
#include <sstream>

#include "core/text.h"

namespace strikeline::app {

namespace {

std::vector<std::string>& arguments() {
  static std::vector<std::string> args;
  return args;
}

}  // namespace

void remember_command_line(int argc, char** argv) {
  arguments().assign(argv, argv + argc);
}

bool given_on_command_line(std::string_view flag) {
  for (const std::string& a : arguments()) {
    if (a == flag) return true;
    if (a.size() > flag.size() && a.starts_with(flag) && a[flag.size()] == '=') return true;
  }
  return false;
}

std::string redact_url(std::string_view url) {
  std::string out(url);
  // user:password@ in the authority.
  const auto scheme = out.find("://");
  if (scheme != std::string::npos) {
    const auto authority = scheme + 3;
    const auto end = out.find_first_of("/?#", authority);
    const auto at = out.rfind('@', end == std::string::npos ? out.size() : end);
    if (at != std::string::npos && at > authority) {
      const auto colon = out.find(':', authority);
      if (colon != std::string::npos && colon < at) out.replace(colon + 1, at - colon - 1, "***");
    }
  }
  // password=... among the parameters.
  for (std::size_t from = 0;;) {
    const auto p = out.find("password=", from);
    if (p == std::string::npos) break;
    const bool starts_parameter =
        p > 0 && (out[p - 1] == '?' || out[p - 1] == '&' || out[p - 1] == ' ');
    const auto value = p + 9;
    const auto end = out.find_first_of("& ", value);
    if (starts_parameter) {
      out.replace(value, (end == std::string::npos ? out.size() : end) - value, "***");
    }
    from = value;
  }
  return out;
}

bool url_has_password(std::string_view url) {
  return redact_url(url) != url;
}

std::optional<std::string> read_secret_file(const std::string& path, std::string_view what,
                                            std::string* error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    *error = std::string(what) + ": cannot read " + path;
    return std::nullopt;
  }
  std::stringstream text;
  text << in.rdbuf();
  std::string secret = text.str();
  while (!secret.empty() && (secret.back() == '\n' || secret.back() == '\r')) secret.pop_back();
  if (trim(secret).empty()) {
    *error = std::string(what) + ": " + path + " is empty";
    return std::nullopt;
  }
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0 && (st.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
    spdlog::warn("{}: {} may be read by other users (chmod 600 it)", what, path);
  }
  return secret;
}

void warn_secret_flag(std::string_view flag, std::string_view instead) {
  spdlog::warn("{} on the command line is visible to every user of this host (ps); use {} instead",
               flag, instead);
}

}  // namespace strikeline::app
