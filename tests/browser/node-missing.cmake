# Run by ctest in place of a browser test when CMake found no Node.js.
message(FATAL_ERROR "Node.js not found: install Debian's nodejs, npm and chromium, run `npm ci` "
                    "in tests/browser, then configure again.")
