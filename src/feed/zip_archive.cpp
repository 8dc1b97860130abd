#include "feed/zip_archive.h"

#include <zlib.h>

#include <cstdint>
#include <limits>

namespace strikeline {

namespace {

constexpr std::uint32_t kLocalHeader = 0x04034b50;
constexpr std::uint32_t kCentralHeader = 0x02014b50;
constexpr std::uint32_t kEndOfDirectory = 0x06054b50;
constexpr std::size_t kEndOfDirectorySize = 22;
// An entry may claim at most this many bytes uncompressed (a bhavcopy is ~10 MB).
constexpr std::uint64_t kMaxEntryBytes = std::uint64_t{2} << 30;

std::uint32_t u16(std::string_view b, std::size_t at) {
  return static_cast<std::uint32_t>(static_cast<unsigned char>(b[at])) |
         static_cast<std::uint32_t>(static_cast<unsigned char>(b[at + 1])) << 8;
}
std::uint32_t u32(std::string_view b, std::size_t at) {
  return u16(b, at) | u16(b, at + 2) << 16;
}

bool inflate_raw(std::string_view in, std::string& out, std::string* error) {
  z_stream z{};
  if (inflateInit2(&z, -MAX_WBITS) != Z_OK) {
    *error = "cannot start the inflater";
    return false;
  }
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  z.avail_in = static_cast<uInt>(in.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  const int rc = inflate(&z, Z_FINISH);
  const bool whole = rc == Z_STREAM_END && z.total_out == out.size();
  inflateEnd(&z);
  if (!whole) *error = "the compressed data is corrupt or not the declared size";
  return whole;
}

}  // namespace

bool looks_like_zip(std::string_view bytes) {
  return bytes.size() >= 4 && (u32(bytes, 0) == kLocalHeader || u32(bytes, 0) == kEndOfDirectory);
}

std::optional<std::vector<ZipEntry>> read_zip(std::string_view b, std::string* error) {
  const auto fail = [&](std::string why) -> std::optional<std::vector<ZipEntry>> {
    *error = "not a readable ZIP archive: " + std::move(why);
    return std::nullopt;
  };
  if (b.size() < kEndOfDirectorySize) return fail("too short");
  // The end-of-central-directory record: the last 22 bytes, or earlier when a comment follows.
  std::size_t end = std::string_view::npos;
  const std::size_t lowest =
      b.size() > kEndOfDirectorySize + 0xFFFF ? b.size() - kEndOfDirectorySize - 0xFFFF : 0;
  for (std::size_t at = b.size() - kEndOfDirectorySize + 1; at-- > lowest;) {
    if (u32(b, at) == kEndOfDirectory) {
      end = at;
      break;
    }
  }
  if (end == std::string_view::npos) return fail("no end-of-directory record");
  const std::uint32_t count = u16(b, end + 10);
  const std::uint32_t dir_offset = u32(b, end + 16);
  if (count == 0xFFFF || dir_offset == 0xFFFFFFFF) return fail("ZIP64 is not supported");
  std::vector<ZipEntry> entries;
  std::size_t at = dir_offset;
  for (std::uint32_t i = 0; i < count; ++i) {
    if (at + 46 > b.size() || u32(b, at) != kCentralHeader) return fail("bad directory entry");
    const std::uint32_t flags = u16(b, at + 8), method = u16(b, at + 10);
    const std::uint32_t crc = u32(b, at + 16), packed = u32(b, at + 20), size = u32(b, at + 24);
    const std::uint32_t name_len = u16(b, at + 28), extra_len = u16(b, at + 30),
                        comment_len = u16(b, at + 32), local = u32(b, at + 42);
    if (at + 46 + name_len > b.size()) return fail("bad directory entry");
    std::string name(b.substr(at + 46, name_len));
    at += 46 + name_len + extra_len + comment_len;
    if (!name.empty() && name.back() == '/') continue;
    if (flags & 1) return fail(name + " is encrypted");
    if (packed == 0xFFFFFFFF || size == 0xFFFFFFFF) return fail("ZIP64 is not supported");
    if (size > kMaxEntryBytes) return fail(name + " is too large");
    if (std::size_t{local} + 30 > b.size() || u32(b, local) != kLocalHeader)
      return fail("bad local header of " + name);
    const std::size_t data = std::size_t{local} + 30 + u16(b, local + 26) + u16(b, local + 28);
    if (data + packed > b.size()) return fail(name + " is truncated");
    const std::string_view stored = b.substr(data, packed);
    ZipEntry entry{std::move(name), std::string(size, '\0')};
    if (method == 0) {
      if (packed != size) return fail(entry.name + ": stored sizes differ");
      entry.content.assign(stored);
    } else if (method == 8) {
      std::string why;
      if (!inflate_raw(stored, entry.content, &why)) return fail(entry.name + ": " + why);
    } else {
      return fail(entry.name + " uses compression method " + std::to_string(method) +
                  " (only stored and deflate are read)");
    }
    const uLong check =
        crc32(0L, reinterpret_cast<const Bytef*>(entry.content.data()), static_cast<uInt>(size));
    if (check != crc) return fail(entry.name + " fails its CRC check");
    entries.push_back(std::move(entry));
  }
  return entries;
}

}  // namespace strikeline
