#include "feed/text_stream.h"

#include <algorithm>
#include <cassert>

#include "core/text.h"
#include "feed/input_text.h"

namespace strikeline {

namespace {

constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";

}  // namespace

TextStream::TextStream(std::string what, Units units, UnitSink on_unit, RejectSink on_reject,
                       std::size_t max_unit)
    : what_(std::move(what)),
      units_(units),
      on_unit_(std::move(on_unit)),
      on_reject_(std::move(on_reject)),
      max_unit_(max_unit) {
  assert(max_unit_ > 0);
}

void TextStream::refuse(std::string why) {
  if (!refused_) refused_ = std::move(why);
  carry_.clear();
  carry_.shrink_to_fit();
}

void TextStream::feed(std::string_view piece) {
  if (refused_ || piece.empty()) return;
  if (auto why = refuse_binary(piece, what_, offset_)) return refuse(std::move(*why));
  offset_ += piece.size();
  if (carry_.empty()) {
    // The common case: whole units straight from the piece, only its tail is kept.
    const std::size_t used = consume(piece, false);
    if (!refused_) carry_.assign(piece.substr(used));
    return;
  }
  carry_.append(piece);
  const std::size_t used = consume(carry_, false);
  if (refused_) return;
  carry_.erase(0, used);
  if (carry_.capacity() > 4 * max_unit_ && carry_.size() < max_unit_) carry_.shrink_to_fit();
}

void TextStream::finish() {
  if (refused_) return;
  std::string rest;
  rest.swap(carry_);
  consume(rest, true);
  if (!refused_ && !saw_text_) refuse("no rows: the input is empty");
}

std::size_t TextStream::consume(std::string_view data, bool final) {
  std::size_t skipped = 0;
  if (!started_) {
    // A byte order mark may only open the input; wait until it can be told apart.
    if (!final && data.size() < kByteOrderMark.size() && kByteOrderMark.starts_with(data)) {
      return 0;
    }
    started_ = true;
    if (data.starts_with(kByteOrderMark)) {
      skipped = kByteOrderMark.size();
      data.remove_prefix(skipped);
    }
  }
  const std::size_t used =
      units_ == Units::lines ? consume_lines(data, final) : consume_records(data, final);
  return skipped + used;
}

void TextStream::emit(std::string_view unit) {
  if (refused_) return;
  if (!is_valid_utf8(unit)) return refuse("not a " + what_ + " file: the text is not valid UTF-8");
  if (!saw_text_ && !trim(unit).empty()) saw_text_ = true;
  on_unit_(unit, line_ + 1);
}

void TextStream::reject_long_unit() {
  ++line_;
  saw_text_ = true;
  on_reject_(line_, "line longer than " + std::to_string(max_unit_) + " bytes");
  skipping_ = true;
}

std::size_t TextStream::consume_lines(std::string_view data, bool final) {
  std::size_t pos = 0;
  while (pos < data.size() && !refused_) {
    const std::size_t nl = data.find('\n', pos);
    if (skipping_) {
      if (nl == std::string_view::npos) return data.size();
      skipping_ = false;
      pos = nl + 1;
      continue;
    }
    if (nl == std::string_view::npos) {
      if (final) {
        std::string_view line = data.substr(pos);
        if (line.size() > max_unit_) {
          reject_long_unit();
        } else {
          if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
          emit(line);
          ++line_;
        }
        return data.size();
      }
      if (data.size() - pos > max_unit_) {
        reject_long_unit();
        return data.size();
      }
      return pos;
    }
    std::string_view line = data.substr(pos, nl - pos);
    pos = nl + 1;
    if (line.size() > max_unit_) {
      reject_long_unit();
      skipping_ = false;
      continue;
    }
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    emit(line);
    ++line_;
  }
  return pos;
}

std::size_t TextStream::consume_records(std::string_view data, bool final) {
  std::size_t pos = 0;  // where the next block starts
  if (skipping_) {
    const std::size_t nl = data.find('\n');
    if (nl == std::string_view::npos) return data.size();
    skipping_ = false;
    pos = nl + 1;
    scanned_ = pos;
    in_quotes_ = false;
  }
  // Find the last line break outside quotes: everything before it is whole records.
  std::size_t safe = pos;
  std::size_t i = std::max(scanned_, pos);
  bool quoted = in_quotes_;
  for (; i < data.size(); ++i) {
    const char c = data[i];
    if (c == '"') {
      quoted = !quoted;
    } else if (c == '\n' && !quoted) {
      safe = i + 1;
    }
  }
  auto hand_over = [&](std::size_t end) {
    const std::string_view block = data.substr(pos, end - pos);
    emit(block);
    line_ += static_cast<std::size_t>(std::count(block.begin(), block.end(), '\n'));
    pos = end;
  };
  if (final) {
    if (pos < data.size()) hand_over(data.size());
    return data.size();
  }
  if (safe > pos) {
    hand_over(safe);
    // What follows `safe` was scanned with the quote state of a record start.
    scanned_ = i - pos;
    in_quotes_ = quoted;
    return pos;
  }
  if (data.size() - pos > max_unit_) {
    // No record ends within max_unit bytes (an unterminated quote, or one endless line): hand over
    // the complete lines so the record reader reports them, then start afresh.
    const std::size_t nl = data.rfind('\n');
    if (nl != std::string_view::npos && nl >= pos) {
      hand_over(nl + 1);
    } else {
      reject_long_unit();
      pos = data.size();
    }
    scanned_ = 0;
    in_quotes_ = false;
    return pos;
  }
  scanned_ = i - pos;
  in_quotes_ = quoted;
  return pos;
}

}  // namespace strikeline
