# The Windows machine source (per-processor times, paging file, GetIfTable2, battery),
# cross-compiled with mingw-w64 into machineprobe.exe and run under Wine; runmachineprobe.cmake
# checks what it prints against the host Wine runs on. Included from CMakeLists.txt here, after
# the Linux-host check and the sampler probe (whose Wine prefix it shares).
set(machine_dir "${CMAKE_CURRENT_SOURCE_DIR}/../../core/sampling/machine")
set(machine_probe "${CMAKE_CURRENT_BINARY_DIR}/machineprobe.exe")
set(machine_probe_sources
  "${CMAKE_CURRENT_SOURCE_DIR}/machineprobe.cpp"
  "${machine_dir}/machinesource_windows.cpp"
  "${machine_dir}/machinerates.cpp"
  "${machine_dir}/machinereader.cpp")
file(GLOB machine_headers "${machine_dir}/*.h")

if(ZIGGIE_MINGW_CXX)
  add_custom_command(OUTPUT "${machine_probe}"
    COMMAND "${ZIGGIE_MINGW_CXX}" -std=c++20 -O2 -Wall -Wextra -Wpedantic -Werror -static
            "-I${machine_dir}" ${machine_probe_sources} -liphlpapi -o "${machine_probe}"
    DEPENDS ${machine_probe_sources} ${machine_headers}
    COMMENT "Cross-compiling the Windows machine probe with mingw-w64"
    VERBATIM)
  add_custom_target(ziggie_machineprobe ALL DEPENDS "${machine_probe}")
endif()

add_test(NAME windows_machine_under_wine
  COMMAND "${CMAKE_COMMAND}"
          "-DPROBE=${machine_probe}"
          "-DMINGW_CXX=${ZIGGIE_MINGW_CXX}"
          "-DWINE_PREFIX=${CMAKE_CURRENT_BINARY_DIR}/wineprefix"
          -P "${CMAKE_CURRENT_SOURCE_DIR}/runmachineprobe.cmake")
# One Wine prefix for both probes: each stops the prefix's wineserver when done, so they must
# not run at the same time.
set_tests_properties(windows_machine_under_wine PROPERTIES LABELS windows TIMEOUT 180
                     RESOURCE_LOCK ziggie_wine_prefix)
if(TEST windows_sampler_under_wine)
  set_tests_properties(windows_sampler_under_wine PROPERTIES RESOURCE_LOCK ziggie_wine_prefix)
endif()
