# Proves the Windows process reader on a Linux machine, as the sysreader probe does: the
# reader and the scanner cross-compiled with mingw-w64 into processprobe.exe, run under
# Wine by runprocessprobe.cmake. Included from tests/windows/CMakeLists.txt, whose
# ZIGGIE_MINGW_CXX it uses; both probes share one Wine prefix, so they never run at once.
set(processes_dir "${CMAKE_CURRENT_LIST_DIR}/../../core/sampling/processes")
set(process_probe "${CMAKE_CURRENT_BINARY_DIR}/processprobe.exe")
set(process_probe_sources
  "${CMAKE_CURRENT_LIST_DIR}/processprobe.cpp"
  "${processes_dir}/processreader_windows.cpp"
  "${processes_dir}/processscanner.cpp"
  "${processes_dir}/processname.cpp")
set(process_probe_headers
  "${processes_dir}/processreader.h"
  "${processes_dir}/processscanner.h"
  "${processes_dir}/processname.h")

if(ZIGGIE_MINGW_CXX)
  add_custom_command(OUTPUT "${process_probe}"
    COMMAND "${ZIGGIE_MINGW_CXX}" -std=c++20 -O2 -Wall -Wextra -Wpedantic -Werror -static
            "-I${processes_dir}" ${process_probe_sources} -o "${process_probe}"
    DEPENDS ${process_probe_sources} ${process_probe_headers}
    COMMENT "Cross-compiling the Windows process probe with mingw-w64"
    VERBATIM)
  add_custom_target(ziggie_processprobe ALL DEPENDS "${process_probe}")
endif()

add_test(NAME windows_processes_under_wine
  COMMAND "${CMAKE_COMMAND}"
          "-DPROBE=${process_probe}"
          "-DMINGW_CXX=${ZIGGIE_MINGW_CXX}"
          "-DWINE_PREFIX=${CMAKE_CURRENT_BINARY_DIR}/wineprefix"
          -P "${CMAKE_CURRENT_LIST_DIR}/runprocessprobe.cmake")
set_tests_properties(windows_processes_under_wine PROPERTIES
  LABELS "windows;sampling" TIMEOUT 180 RESOURCE_LOCK ziggie_wineprefix)
# The other probe stops the prefix's wineserver when it ends: not while this one runs.
if(TEST windows_sampler_under_wine)
  set_property(TEST windows_sampler_under_wine APPEND PROPERTY RESOURCE_LOCK ziggie_wineprefix)
endif()
