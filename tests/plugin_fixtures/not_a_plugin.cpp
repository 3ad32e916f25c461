// A shared library without duban's entry points.
extern "C" __attribute__((visibility("default"))) int something_else() { return 1; }
