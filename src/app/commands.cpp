#include "app/commands.h"

namespace strikeline::app {

int& exit_code() {
  static int code = 0;
  return code;
}

}  // namespace strikeline::app
