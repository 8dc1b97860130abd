// Kite Connect credentials (API key and access token) from the environment
// (STRIKELINE_KITE_API_KEY, STRIKELINE_KITE_ACCESS_TOKEN) or a file of `api_key = ...` and
// `access_token = ...` lines ('#' comments; the file wins over the environment); several files, one
// API key each, for more instruments than one key's 9,000 (kite/subscription_shards.h). Secrets
// never appear in logs or error messages: mask() shows at most the last 4 characters of long
// values.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace strikeline::kite {

struct KiteCredentials {
  std::string api_key;
  std::string access_token;
  bool complete() const { return !api_key.empty() && !access_token.empty(); }
};

// "****" for values shorter than 12 characters, else "****" + the last 4.
std::string mask(std::string_view secret);

// From the file when a path is given, else from the environment. nullopt with *error (which never
// contains a secret) when incomplete or unreadable.
[[nodiscard]] std::optional<KiteCredentials> load_credentials(const std::string& file,
                                                              std::string* error);
// Every file of a comma-separated list, one key each (the environment's key when the list is
// empty). nullopt with *error when one fails or two files hold the same API key (Kite's limits are
// per key, so a key given twice would be refused its extra connections).
[[nodiscard]] std::optional<std::vector<KiteCredentials>> load_credentials_list(
    std::string_view files, std::string* error);
// Parses the file's text.
[[nodiscard]] std::optional<KiteCredentials> parse_credentials(std::string_view text,
                                                               std::string* error);

}  // namespace strikeline::kite
