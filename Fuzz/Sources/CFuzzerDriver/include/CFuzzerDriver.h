#ifndef HERALD_CFUZZERDRIVER_H
#define HERALD_CFUZZERDRIVER_H
#include <stddef.h>
#include <stdint.h>

/// libFuzzer's driver entry (compiler-rt FuzzerInterface.h). SwiftPM renames an executable's
/// `main`, which keeps libFuzzer's own `main` out, so the Swift entry point calls this instead.
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));

#endif
