# Runs processprobe.exe under Wine and checks what it prints: this process found by the
# reader with the CPU share its own GetProcessTimes gives, resident memory, and a
# plausible number of processes (Wine starts several of its own: services.exe,
# winedevice.exe, plugplay.exe, ...).
# Invoked by ctest: cmake -DPROBE=... -DMINGW_CXX=... -DWINE_PREFIX=... -P runprocessprobe.cmake
cmake_minimum_required(VERSION 3.22)

function(check condition_text)
  if(NOT (${ARGN}))
    message(FATAL_ERROR "processprobe: expected ${condition_text}\nprobe output: ${json}")
  endif()
endfunction()

if(NOT MINGW_CXX)
  message(FATAL_ERROR "x86_64-w64-mingw32-g++ was not found when CMake ran. Install the Debian package "
                      "g++-mingw-w64-x86-64, then re-run cmake and build the ziggie_processprobe target.")
endif()
if(NOT EXISTS "${PROBE}")
  message(FATAL_ERROR "${PROBE} has not been built: cmake --build <build dir> --target ziggie_processprobe")
endif()

find_program(wine NAMES wine64 wine PATHS /usr/lib/wine /usr/lib64/wine /opt/wine-stable/bin)
if(NOT wine)
  message(FATAL_ERROR "Wine was not found (looked for wine64 and wine in PATH and /usr/lib/wine). "
                      "Install the Debian package wine64.")
endif()
get_filename_component(wine_dir "${wine}" DIRECTORY)
find_program(wineserver NAMES wineserver wineserver64 HINTS "${wine_dir}" PATHS /usr/lib/wine)

# Same prefix handling as runwinprobe.cmake: start over from a half-made prefix, run
# headless, no Mono or Gecko prompts.
if(EXISTS "${WINE_PREFIX}" AND NOT EXISTS "${WINE_PREFIX}/system.reg")
  file(REMOVE_RECURSE "${WINE_PREFIX}")
endif()
get_filename_component(prefix_parent "${WINE_PREFIX}" DIRECTORY)
file(MAKE_DIRECTORY "${prefix_parent}")
unset(ENV{DISPLAY})
unset(ENV{WAYLAND_DISPLAY})
set(ENV{WINEPREFIX} "${WINE_PREFIX}")
set(ENV{WINEDEBUG} "-all")
set(ENV{WINEDLLOVERRIDES} "mscoree,mshtml=")

if(NOT EXISTS "${WINE_PREFIX}/system.reg")
  execute_process(COMMAND "${wine}" wineboot --init
                  OUTPUT_VARIABLE boot_out ERROR_VARIABLE boot_err RESULT_VARIABLE boot_rc TIMEOUT 120)
  if(NOT EXISTS "${WINE_PREFIX}/drive_c")
    if(wineserver)
      execute_process(COMMAND "${wineserver}" -k OUTPUT_QUIET ERROR_QUIET TIMEOUT 20)
    endif()
    message(FATAL_ERROR "wineboot could not create ${WINE_PREFIX} (exit ${boot_rc}):\n${boot_out}${boot_err}")
  endif()
endif()

execute_process(COMMAND "${wine}" "${PROBE}"
                OUTPUT_VARIABLE output ERROR_VARIABLE wine_stderr RESULT_VARIABLE rc TIMEOUT 150)
if(wineserver)
  execute_process(COMMAND "${wineserver}" -k OUTPUT_QUIET ERROR_QUIET TIMEOUT 20)
endif()

set(json "")
string(REPLACE "\r" "" output "${output}")
string(REPLACE "\n" ";" lines "${output}")
foreach(line IN LISTS lines)
  if(line MATCHES "^{")
    set(json "${line}")
  endif()
endforeach()
if(json STREQUAL "")
  message(FATAL_ERROR "processprobe printed no JSON (exit code ${rc}).\nstdout: ${output}\nstderr: ${wine_stderr}")
endif()
message(STATUS "processprobe: ${json}")

string(JSON ok ERROR_VARIABLE json_error GET "${json}" ok)
if(json_error)
  message(FATAL_ERROR "processprobe printed invalid JSON (${json_error}): ${json}")
endif()
if(NOT ok)
  string(JSON failed ERROR_VARIABLE ignored GET "${json}" failed)
  string(JSON reason ERROR_VARIABLE ignored GET "${json}" error)
  message(FATAL_ERROR "processprobe reported failure (exit code ${rc}) in ${failed}: ${reason}\n${json}")
endif()
check("exit code 0, got ${rc}" rc EQUAL 0)

foreach(key count own_name own_cpu_percent expected_cpu_percent own_cpu_centi expected_cpu_centi own_rss
            interval_seconds)
  string(JSON ${key} ERROR_VARIABLE json_error GET "${json}" ${key})
  if(json_error)
    message(FATAL_ERROR "processprobe output lacks ${key}: ${json}")
  endif()
endforeach()

check("more than 3 processes (the probe and Wine's own), got ${count}" count GREATER 3)
check("the probe named processprobe.exe, got ${own_name}" own_name STREQUAL "processprobe.exe")
check("resident memory > 0" own_rss GREATER 0)
# One spinning thread: a sane share of one CPU, and the one its own GetProcessTimes gives
# over the same interval (within 15 points: Wine's times come in 10 ms ticks, and the
# scan reads them a moment after the probe does).
check("0 < own_cpu_percent <= 110" own_cpu_percent GREATER 0 AND own_cpu_percent LESS_EQUAL 110)
check("expected_cpu_percent >= 5 (the probe spun, even on a crowded machine)" expected_cpu_percent GREATER_EQUAL 5)
# math() is integer-only: the probe prints both in hundredths of a percent too.
math(EXPR gap "${own_cpu_centi} - ${expected_cpu_centi}")
if(gap LESS 0)
  math(EXPR gap "0 - ${gap}")
endif()
check("own_cpu_percent within 15 points of expected_cpu_percent (gap ${gap}/100)" gap LESS_EQUAL 1500)

message(STATUS "Windows processes under Wine: ${count} processes, the probe at ${own_cpu_percent}% of one CPU "
               "(its own times say ${expected_cpu_percent}%), ${own_rss} B resident")
