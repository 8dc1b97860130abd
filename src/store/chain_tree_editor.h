// ChainTreeEditor: builds the next version of a ChainTree by path copying. The first change under
// a symbol or an expiry copies that node (the published version keeps the original); later changes
// in the same edit reuse the copy. Nothing published is ever modified.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include "store/chain_tree.h"

namespace strikeline {

class ChainTreeEditor {
 public:
  explicit ChainTreeEditor(ChainTree tree) : tree_(std::move(tree)) {}

  // The editable chain of a contract (created empty when new).
  ExpiryChain& chain(std::string_view symbol, Expiry expiry);
  const ChainTree& tree() const { return tree_; }
  ChainTree release() { return std::move(tree_); }

 private:
  ChainTree tree_;
  std::map<std::string, std::shared_ptr<SymbolChain>, std::less<>> symbols_;
  std::map<std::pair<std::string, Expiry>, std::shared_ptr<ExpiryChain>> chains_;
};

}  // namespace strikeline
