# The Windows machine source (per-processor times, paging file, GetIfTable2, battery),
# cross-compiled with mingw-w64 into machineprobe.exe and run under Wine; runmachineprobe.cmake
# checks what it prints against the host Wine runs on. Included from CMakeLists.txt here, after
# the Linux-host check and the sampler probe (whose Wine prefix it shares).
set(machine_dir "${CMAKE_CURRENT_LIST_DIR}/../../core/sampling/machine")
set(machine_probe "${CMAKE_CURRENT_BINARY_DIR}/machineprobe.exe")
set(machine_probe_sources
  "${CMAKE_CURRENT_LIST_DIR}/machineprobe.cpp"
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
          -P "${CMAKE_CURRENT_LIST_DIR}/runmachineprobe.cmake")
# One Wine prefix for every probe here: each stops the prefix's wineserver when done, so no
# two may run at the same time. Added to the sampler probe's locks, not in place of them.
set_tests_properties(windows_machine_under_wine PROPERTIES LABELS "windows;sampling" TIMEOUT 180
                     RESOURCE_LOCK ziggie_wineprefix)
if(TEST windows_sampler_under_wine)
  get_property(sampler_locks TEST windows_sampler_under_wine PROPERTY RESOURCE_LOCK)
  if(NOT "ziggie_wineprefix" IN_LIST sampler_locks)
    set_property(TEST windows_sampler_under_wine APPEND PROPERTY RESOURCE_LOCK ziggie_wineprefix)
  endif()
endif()
