#include <unistd.h>

#include <cstdio>
#include <random>

#include "store/repositories.hpp"

namespace duban::store {

std::string new_node_name() {
  char host[256] = {};
  if (::gethostname(host, sizeof host - 1) != 0) host[0] = '\0';
  std::random_device entropy;
  char tag[9];
  std::snprintf(tag, sizeof tag, "%08x", entropy());
  return std::string(host) + ":" + std::to_string(::getpid()) + ":" + tag;
}

}  // namespace duban::store
