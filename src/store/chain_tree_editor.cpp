#include "store/chain_tree_editor.h"

namespace strikeline {

ExpiryChain& ChainTreeEditor::chain(std::string_view symbol, Expiry expiry) {
  SymbolChain* symbol_chain = nullptr;
  if (auto it = symbols_.find(symbol); it != symbols_.end()) {
    symbol_chain = it->second.get();
  } else {
    auto published = tree_.find(symbol);
    auto copy = published != tree_.end() ? std::make_shared<SymbolChain>(*published->second)
                                         : std::make_shared<SymbolChain>();
    tree_.insert_or_assign(std::string(symbol), copy);
    symbols_.emplace(std::string(symbol), copy);
    symbol_chain = copy.get();
  }
  auto key = std::make_pair(std::string(symbol), expiry);
  if (auto it = chains_.find(key); it != chains_.end()) return *it->second;
  auto published = symbol_chain->expiries.find(expiry);
  auto copy = published != symbol_chain->expiries.end()
                  ? std::make_shared<ExpiryChain>(*published->second)
                  : std::make_shared<ExpiryChain>();
  symbol_chain->expiries.insert_or_assign(expiry, copy);
  chains_.emplace(std::move(key), copy);
  return *copy;
}

}  // namespace strikeline
