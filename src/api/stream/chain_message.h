// The stream's option-chain channel (API.md "WebSocket /fo/stream", "channel":"chain"): the live
// table of one expiry and the messages that carry it to a client.
//
// The live table is GET /fo/option-chain's answer (query/option_chain.h), its parameters
// normalised by the endpoint's own normalise_option_chain, as of the expiry's newest option
// observation, to the second (the newest side's observed_at: the moment the data describes,
// never a moment it has not reached), so /fo/option-chain?at=<as_of> answers the same header and
// rows, then and later (unless a late tick of an earlier moment arrives: that re-reads the table,
// and the update says so).
//   {"type":"chain_snapshot", <the header's members, as /fo/option-chain>, "rows":[...]}
//     the whole table (the endpoint's JSON body with "type" instead of "status");
//   {"type":"chain_update","header":{<the header's members>},"rows":[<changed rows>],
//    "removed":[<strikes no longer in the table>]}
//     from one table to the next: the whole new header, the rows that are new or differ in any
//     field (a row in the endpoint's form), the strikes that left (out of strike_range around a
//     new ATM, or no longer listed). A client keeping a table replaces its header, puts each row
//     by strike and deletes the removed strikes; the result is the next table.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/symbol.h"
#include "query/option_chain.h"
#include "store/chain_reader.h"

namespace strikeline {

struct ChainTable {
  OptionChain chain;
  std::string header;  // the header's members as JSON (symbol first), without the braces
};
using SharedChainTable = std::shared_ptr<const ChainTable>;

// The expiry a chain subscription without one follows: the nearest whose close is after the
// symbol's newest data (as /fo/option-chain's default at that moment); `now` when the symbol has
// no data. nullopt: the symbol has no such expiry.
std::optional<Expiry> live_chain_expiry(const ChainReader& chain, std::string_view symbol,
                                        UtcSeconds now);

// The live table of one expiry (see above). Without data for the expiry: as of the end of the
// symbol's newest minute, or `now` (a table without rows).
// `pricing`: the server's pricing policy (the header's forward, as GET /fo/option-chain's).
SharedChainTable read_live_chain(const ChainReader& chain, const ContractSpecs& specs,
                                 std::string_view symbol, Expiry expiry,
                                 std::optional<int> strike_range, UtcSeconds now,
                                 const PricingPolicy& pricing = {});

std::string encode_chain_snapshot(const ChainTable& table);

// The update from `before` to `after` of the same channel; nullopt when the tables are equal.
std::optional<std::string> encode_chain_update(const ChainTable& before, const ChainTable& after);

}  // namespace strikeline
