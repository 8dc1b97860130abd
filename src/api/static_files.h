// Static files: the built dashboard (web/, built by scripts/build-web.sh) served from one folder.
// GET / answers the folder's index.html, GET /<path> the file at <path> inside the folder.
// Contract:
//   - only regular files inside the root are served: a path with "..", ".", empty or hidden
//     segments, a backslash or a NUL byte is 404 {"detail"}; symbolic links that lead out of the
//     root are 404 too;
//   - Content-Type from the file extension (application/octet-stream when unknown), with
//     X-Content-Type-Options: nosniff;
//   - a strong ETag from the file's size and modification time; If-None-Match with it is 304;
//     files under assets/ (content-hashed names) are cacheable for a year, everything else
//     (index.html) must be revalidated (Cache-Control: no-cache);
//   - a missing or unbuilt root: / (and /index.html) answer 503 with an HTML page that says to run
//     scripts/build-web.sh; any other path is 404 {"detail"} (an unknown API path stays a 404).
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "api/http_types.h"

namespace strikeline {

// The request path made relative to the root ("/" -> "index.html", "/a/" -> "a/index.html"), or
// nullopt when the path may not be served (traversal, hidden or empty segments, "\\", NUL).
std::optional<std::string> static_relative_path(std::string_view url_path);

// The Content-Type for a file name, by its extension (case-insensitive).
std::string_view static_content_type(std::string_view file_name);

// A handler for router.get("/*", ...) serving the files under `root`.
Handler static_files_handler(std::filesystem::path root);

}  // namespace strikeline
