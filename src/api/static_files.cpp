#include "api/static_files.h"

#include <array>
#include <cctype>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <system_error>

#include "api/error_response.h"
#include "api/http_compression.h"

namespace strikeline {

namespace {

namespace fs = std::filesystem;

// Files larger than this are not a dashboard asset; refused rather than read into memory.
constexpr std::uintmax_t kMaxFileBytes = 32 * 1024 * 1024;

struct ContentType {
  std::string_view extension;
  std::string_view type;
};

constexpr std::array<ContentType, 16> kContentTypes{{
    {"html", "text/html; charset=utf-8"},
    {"htm", "text/html; charset=utf-8"},
    {"js", "text/javascript; charset=utf-8"},
    {"mjs", "text/javascript; charset=utf-8"},
    {"css", "text/css; charset=utf-8"},
    {"json", "application/json"},
    {"map", "application/json"},
    {"txt", "text/plain; charset=utf-8"},
    {"svg", "image/svg+xml"},
    {"png", "image/png"},
    {"jpg", "image/jpeg"},
    {"jpeg", "image/jpeg"},
    {"ico", "image/x-icon"},
    {"webp", "image/webp"},
    {"woff2", "font/woff2"},
    {"webmanifest", "application/manifest+json"},
}};

bool equals_ignoring_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i])))
      return false;
  }
  return true;
}

constexpr std::string_view kUnbuiltPage =
    "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>strikeline: dashboard "
    "not built</title></head>\n<body style=\"font-family: sans-serif; max-width: 40em; margin: 3em "
    "auto\">\n<h1>The dashboard is not built</h1>\n<p>strikeline serves its dashboard from a "
    "folder that does not exist or has no <code>index.html</code>. Build it with</p>\n"
    "<pre>scripts/build-web.sh</pre>\n<p>or point the server at a built folder with "
    "<code>--web-root DIR</code> (environment <code>STRIKELINE_WEB_ROOT</code>). The HTTP API "
    "works meanwhile: <a href=\"/health\">/health</a>, <a "
    "href=\"/openapi.json\">/openapi.json</a>.</p>\n</body></html>\n";

std::string etag_for(std::uintmax_t size, fs::file_time_type modified) {
  const auto ticks = static_cast<unsigned long long>(modified.time_since_epoch().count());
  char buffer[64];
  const int n = std::snprintf(buffer, sizeof buffer, "\"%llx-%llx\"",
                              static_cast<unsigned long long>(size), ticks);
  return std::string(buffer, static_cast<std::size_t>(n));
}

// True when If-None-Match (a list of entity tags, or "*") names `etag`, or its compressed form
// (api/http_compression.h gives that the "-gzip" suffix).
bool etag_matches(std::string_view if_none_match, std::string_view etag) {
  if (if_none_match.empty()) return false;
  std::size_t pos = 0;
  while (pos < if_none_match.size()) {
    std::size_t end = if_none_match.find(',', pos);
    if (end == std::string_view::npos) end = if_none_match.size();
    std::string_view tag = if_none_match.substr(pos, end - pos);
    while (!tag.empty() && (tag.front() == ' ' || tag.front() == '\t')) tag.remove_prefix(1);
    while (!tag.empty() && (tag.back() == ' ' || tag.back() == '\t')) tag.remove_suffix(1);
    if (tag.starts_with("W/")) tag.remove_prefix(2);
    if (tag == "*" || tag == etag) return true;
    if (tag.size() == etag.size() + kGzipEtagSuffix.size() && tag.back() == '"' &&
        tag.starts_with(etag.substr(0, etag.size() - 1)) &&
        tag.substr(etag.size() - 1, kGzipEtagSuffix.size()) == kGzipEtagSuffix) {
      return true;
    }
    pos = end + 1;
  }
  return false;
}

bool inside(const fs::path& root, const fs::path& file) {
  auto r = root.begin();
  auto f = file.begin();
  for (; r != root.end(); ++r, ++f) {
    if (f == file.end() || *r != *f) return false;
  }
  return true;
}

}  // namespace

std::optional<std::string> static_relative_path(std::string_view url_path) {
  if (url_path.empty() || url_path.front() != '/') return std::nullopt;
  std::string relative(url_path.substr(1));
  if (relative.empty() || relative.back() == '/') relative += "index.html";
  std::size_t start = 0;
  while (start <= relative.size()) {
    std::size_t end = relative.find('/', start);
    if (end == std::string::npos) end = relative.size();
    const std::string_view segment = std::string_view(relative).substr(start, end - start);
    // Empty ("a//b"), ".", ".." and hidden (".git") segments are never served.
    if (segment.empty() || segment.front() == '.') return std::nullopt;
    for (const char c : segment) {
      if (c == '\\' || c == '\0' || c == ':' || static_cast<unsigned char>(c) < 0x20)
        return std::nullopt;
    }
    start = end + 1;
  }
  return relative;
}

std::string_view static_content_type(std::string_view file_name) {
  const std::size_t slash = file_name.rfind('/');
  if (slash != std::string_view::npos) file_name.remove_prefix(slash + 1);
  const std::size_t dot = file_name.rfind('.');
  if (dot != std::string_view::npos) {
    const std::string_view extension = file_name.substr(dot + 1);
    for (const ContentType& entry : kContentTypes) {
      if (equals_ignoring_case(entry.extension, extension)) return entry.type;
    }
  }
  return "application/octet-stream";
}

Handler static_files_handler(std::filesystem::path root) {
  return [root = std::move(root)](const RequestContext& ctx, HttpResponse& res) {
    std::error_code ec;
    const fs::path canonical_root = fs::canonical(root, ec);
    if (ec || !fs::is_regular_file(canonical_root / "index.html", ec)) {
      res.set(http::field::cache_control, "no-store");
      if (ctx.path == "/" || ctx.path == "/index.html") {
        res.result(http::status::service_unavailable);
        res.set(http::field::content_type, "text/html; charset=utf-8");
        res.body() = kUnbuiltPage;
      } else {
        // Any other path is simply not there (an unknown API path stays a 404).
        write_error(
            res, http::status::not_found,
            "not found: no such API route, and the dashboard is not built (run "
            "scripts/build-web.sh or pass --web-root DIR); see /openapi.json for the routes");
      }
      return;
    }
    const auto relative = static_relative_path(ctx.path);
    const auto not_found = [&res] {
      write_error(res, http::status::not_found,
                  "not found: no such dashboard file or API route; see /openapi.json for the "
                  "routes");
    };
    if (!relative) return not_found();
    const fs::path file = fs::canonical(canonical_root / *relative, ec);
    if (ec || !inside(canonical_root, file) || !fs::is_regular_file(file, ec)) return not_found();
    const std::uintmax_t size = fs::file_size(file, ec);
    if (ec) return not_found();
    const fs::file_time_type modified = fs::last_write_time(file, ec);
    if (ec) return not_found();
    if (size > kMaxFileBytes) {
      return write_error(res, http::status::internal_server_error,
                         "the dashboard file is too large to serve");
    }

    const std::string etag = etag_for(size, modified);
    res.set(http::field::etag, etag);
    res.set(http::field::cache_control,
            relative->starts_with("assets/") ? "public, max-age=31536000, immutable" : "no-cache");
    const auto if_none_match = ctx.request.find(http::field::if_none_match);
    if (if_none_match != ctx.request.end() &&
        etag_matches(std::string_view(if_none_match->value().data(), if_none_match->value().size()),
                     etag)) {
      res.result(http::status::not_modified);
      res.erase(http::field::content_type);
      res.body().clear();
      return;
    }
    std::ifstream in(file, std::ios::binary);
    std::string body;
    body.resize(static_cast<std::size_t>(size));
    if (!in || !in.read(body.data(), static_cast<std::streamsize>(size))) return not_found();
    res.result(http::status::ok);
    res.set(http::field::content_type, static_content_type(*relative));
    res.set("X-Content-Type-Options", "nosniff");
    res.body() = std::move(body);
  };
}

}  // namespace strikeline
