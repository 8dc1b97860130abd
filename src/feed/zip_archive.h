// Reading the files of a ZIP archive in memory (NSE publishes each bhavcopy as a .csv.zip holding
// one CSV): the entries listed by its central directory, stored or deflated, each checked against
// its CRC-32. An archive that is not a ZIP, uses ZIP64, is encrypted or corrupt is refused with a
// reason; nothing throws.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace strikeline {

// True when the bytes start like a ZIP archive ("PK\3\4", or "PK\5\6" for an empty one).
bool looks_like_zip(std::string_view bytes);

struct ZipEntry {
  std::string name;
  std::string content;
};

// Every file entry (directories skipped) in central-directory order; nullopt with *error set when
// the archive cannot be read.
std::optional<std::vector<ZipEntry>> read_zip(std::string_view bytes, std::string* error);

}  // namespace strikeline
