#include "store/day_source.h"

namespace strikeline {

UtcSeconds ist_day_start(Date ist_day) {
  return ist_time_on(ist_day, std::chrono::minutes{0});
}

}  // namespace strikeline
