#include "app/commands.h"

#include <cctype>
#include <string>

namespace strikeline::app {

int& exit_code() {
  static int code = 0;
  return code;
}

CLI::Option* with_env(CLI::Option* option, const char* flag_name) {
  std::string name = "STRIKELINE_";
  for (const char* p = flag_name; *p; ++p) {
    name += *p == '-' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(*p)));
  }
  return option->envname(name);
}

}  // namespace strikeline::app
