// A plugin built against another interface version: refused at load.
#include "duban_plugin.hpp"

extern "C" __attribute__((visibility("default"))) int duban_plugin_api_version() { return 999; }
extern "C" __attribute__((visibility("default"))) duban::plugin::Plugin* duban_plugin_create(
    duban::plugin::Host*) {
  return nullptr;
}
extern "C" __attribute__((visibility("default"))) void duban_plugin_destroy(
    duban::plugin::Plugin*) {}
