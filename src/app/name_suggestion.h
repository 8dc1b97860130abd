// "Did you mean": the known name closest to one that was mistyped (a subcommand, a flag, a config
// key, a symbol). Closeness is the optimal-string-alignment distance (insertions, deletions,
// substitutions and swaps of neighbours each cost 1), compared without case; a name is offered
// only when it is at most a third of the typed name's length away (at least 1, at most 3), or
// when the typed name is the start of exactly one known name of at least 3 typed characters.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace strikeline::app {

std::size_t edit_distance(std::string_view a, std::string_view b);

// The closest known name (the first of equally close ones), or nullopt when none is close.
std::optional<std::string> closest_name(std::string_view typed, std::span<const std::string> known);

// " (did you mean 'X'?)" with the given quoting prefix (e.g. "--"), or "" when nothing is close.
std::string did_you_mean(std::string_view typed, std::span<const std::string> known,
                         std::string_view prefix = "");

}  // namespace strikeline::app
