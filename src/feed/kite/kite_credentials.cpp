#include "feed/kite/kite_credentials.h"

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "core/text.h"

namespace strikeline::kite {

std::string mask(std::string_view secret) {
  if (secret.size() < 12) return "****";
  return "****" + std::string(secret.substr(secret.size() - 4));
}

std::optional<KiteCredentials> parse_credentials(std::string_view text, std::string* error) {
  KiteCredentials c;
  std::size_t line_no = 0;
  while (!text.empty()) {
    const auto end = text.find('\n');
    std::string_view line = trim(text.substr(0, end));
    text = end == std::string_view::npos ? std::string_view{} : text.substr(end + 1);
    ++line_no;
    if (line.empty() || line.front() == '#') continue;
    const auto eq = line.find('=');
    if (eq == std::string_view::npos) {
      *error = "credentials line " + std::to_string(line_no) + " is not key = value";
      return std::nullopt;
    }
    const std::string key = to_upper(trim(line.substr(0, eq)));
    std::string_view value = trim(line.substr(eq + 1));
    if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') &&
        value.back() == value.front()) {
      value = value.substr(1, value.size() - 2);
    }
    if (key == "API_KEY" || key == "STRIKELINE_KITE_API_KEY") {
      c.api_key = std::string(value);
    } else if (key == "ACCESS_TOKEN" || key == "STRIKELINE_KITE_ACCESS_TOKEN") {
      c.access_token = std::string(value);
    } else {
      *error = "credentials line " + std::to_string(line_no) +
               ": unknown key (expected api_key or access_token)";
      return std::nullopt;
    }
  }
  if (!c.complete()) {
    *error =
        c.api_key.empty() ? "no api_key in the credentials" : "no access_token in the credentials";
    return std::nullopt;
  }
  return c;
}

std::optional<KiteCredentials> load_credentials(const std::string& file, std::string* error) {
  if (!file.empty()) {
    std::ifstream in(file);
    if (!in) {
      *error = "cannot read the Kite credentials file " + file;
      return std::nullopt;
    }
    std::stringstream text;
    text << in.rdbuf();
    auto c = parse_credentials(text.str(), error);
    if (!c) *error = file + ": " + *error;
    return c;
  }
  KiteCredentials c;
  if (const char* key = std::getenv("STRIKELINE_KITE_API_KEY")) c.api_key = trim(key);
  if (const char* token = std::getenv("STRIKELINE_KITE_ACCESS_TOKEN")) c.access_token = trim(token);
  if (!c.complete()) {
    *error =
        "the Kite feed needs STRIKELINE_KITE_API_KEY and STRIKELINE_KITE_ACCESS_TOKEN in the "
        "environment, or --kite-credentials FILE";
    return std::nullopt;
  }
  return c;
}

std::optional<std::vector<KiteCredentials>> load_credentials_list(std::string_view files,
                                                                  std::string* error) {
  std::vector<KiteCredentials> keys;
  std::vector<std::string> paths;
  while (!files.empty()) {
    const auto comma = files.find(',');
    const std::string_view item = trim(files.substr(0, comma));
    if (!item.empty()) paths.emplace_back(item);
    if (comma == std::string_view::npos) break;
    files.remove_prefix(comma + 1);
  }
  if (paths.empty()) paths.emplace_back();  // the environment
  for (std::size_t i = 0; i < paths.size(); ++i) {
    auto c = load_credentials(paths[i], error);
    if (!c) return std::nullopt;
    for (std::size_t j = 0; j < keys.size(); ++j) {
      if (keys[j].api_key == c->api_key) {
        *error = paths[j] + " and " + paths[i] + " hold the same api_key (" + mask(c->api_key) +
                 "): Kite's limits are per key, give each file a different key";
        return std::nullopt;
      }
    }
    keys.push_back(std::move(*c));
  }
  return keys;
}

}  // namespace strikeline::kite
