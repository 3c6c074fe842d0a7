# Runs winprobe.exe under Wine and checks what it prints against bounds and against the
# host it runs on (Wine answers GlobalMemoryStatusEx from /proc/meminfo and
# GetDiskFreeSpaceExW from the file system that holds the prefix).
# Invoked by ctest: cmake -DPROBE=... -DMINGW_CXX=... -DWINE_PREFIX=... -P runwinprobe.cmake
cmake_minimum_required(VERSION 3.22)

function(check condition_text)
  if(NOT (${ARGN}))
    message(FATAL_ERROR "winprobe: expected ${condition_text}\nprobe output: ${json}")
  endif()
endfunction()

if(NOT MINGW_CXX)
  message(FATAL_ERROR "x86_64-w64-mingw32-g++ was not found when CMake ran. Install the Debian package "
                      "g++-mingw-w64-x86-64, then re-run cmake and build the ziggie_winprobe target.")
endif()
if(NOT EXISTS "${PROBE}")
  message(FATAL_ERROR "${PROBE} has not been built: cmake --build <build dir> --target ziggie_winprobe")
endif()

find_program(wine NAMES wine64 wine PATHS /usr/lib/wine /usr/lib64/wine /opt/wine-stable/bin)
if(NOT wine)
  message(FATAL_ERROR "Wine was not found (looked for wine64 and wine in PATH and /usr/lib/wine). "
                      "Install the Debian package wine64.")
endif()
get_filename_component(wine_dir "${wine}" DIRECTORY)
find_program(wineserver NAMES wineserver wineserver64 HINTS "${wine_dir}" PATHS /usr/lib/wine)

# A prefix left half-made by an interrupted first run makes Wine fail oddly: start over.
if(EXISTS "${WINE_PREFIX}" AND NOT EXISTS "${WINE_PREFIX}/system.reg")
  file(REMOVE_RECURSE "${WINE_PREFIX}")
endif()
get_filename_component(prefix_parent "${WINE_PREFIX}" DIRECTORY)
file(MAKE_DIRECTORY "${prefix_parent}")

# No display here: without DISPLAY/WAYLAND_DISPLAY Wine runs console programs headless.
# Mono and Gecko are not needed and would only prompt for a download.
unset(ENV{DISPLAY})
unset(ENV{WAYLAND_DISPLAY})
set(ENV{WINEPREFIX} "${WINE_PREFIX}")
set(ENV{WINEDEBUG} "-all")
set(ENV{WINEDLLOVERRIDES} "mscoree,mshtml=")

# First run: create the prefix (several seconds, ~0.7 GB) before the probe needs drive_c.
if(NOT EXISTS "${WINE_PREFIX}/system.reg")
  string(TIMESTAMP started "%s")
  execute_process(COMMAND "${wine}" wineboot --init
                  OUTPUT_VARIABLE boot_out ERROR_VARIABLE boot_err RESULT_VARIABLE boot_rc TIMEOUT 120)
  string(TIMESTAMP finished "%s")
  math(EXPR elapsed "${finished} - ${started}")
  if(NOT EXISTS "${WINE_PREFIX}/drive_c")
    if(wineserver)
      execute_process(COMMAND "${wineserver}" -k OUTPUT_QUIET ERROR_QUIET TIMEOUT 20)
    endif()
    message(FATAL_ERROR "wineboot could not create ${WINE_PREFIX} (exit ${boot_rc}):\n${boot_out}${boot_err}")
  endif()
  message(STATUS "created Wine prefix ${WINE_PREFIX} in about ${elapsed} s")
endif()
# The probe reads this directory to prove UTF-8 paths reach GetDiskFreeSpaceExW intact.
file(MAKE_DIRECTORY "${WINE_PREFIX}/drive_c/ziggie-üé")

string(TIMESTAMP started "%s")
execute_process(COMMAND "${wine}" "${PROBE}"
                OUTPUT_VARIABLE output ERROR_VARIABLE wine_stderr RESULT_VARIABLE rc TIMEOUT 150)
string(TIMESTAMP finished "%s")
# Stop the prefix's wineserver now instead of leaving it to linger after the test.
if(wineserver)
  execute_process(COMMAND "${wineserver}" -k OUTPUT_QUIET ERROR_QUIET TIMEOUT 20)
endif()
math(EXPR elapsed "${finished} - ${started}")
message(STATUS "wine: ${wine}, probe took about ${elapsed} s")

set(json "")
string(REPLACE "\r" "" output "${output}")
string(REPLACE "\n" ";" lines "${output}")
foreach(line IN LISTS lines)
  if(line MATCHES "^{")
    set(json "${line}")
  endif()
endforeach()
if(json STREQUAL "")
  message(FATAL_ERROR "winprobe printed no JSON (exit code ${rc}).\nstdout: ${output}\nstderr: ${wine_stderr}")
endif()
message(STATUS "winprobe: ${json}")

string(JSON ok ERROR_VARIABLE json_error GET "${json}" ok)
if(json_error)
  message(FATAL_ERROR "winprobe printed invalid JSON (${json_error}): ${json}")
endif()
if(NOT ok)
  string(JSON failed ERROR_VARIABLE ignored GET "${json}" failed)
  string(JSON reason ERROR_VARIABLE ignored GET "${json}" error)
  message(FATAL_ERROR "winprobe reported failure (exit code ${rc}) in ${failed}: ${reason}\n${json}")
endif()
check("exit code 0, got ${rc}" rc EQUAL 0)

foreach(key cpu_percent cpu_busy_delta cpu_total_delta cpu_own_delta memory_total memory_available memory_used
            disk_path disk_total disk_used disk_available_to_user)
  string(JSON ${key} ERROR_VARIABLE json_error GET "${json}" ${key})
  if(json_error)
    message(FATAL_ERROR "winprobe output lacks ${key}: ${json}")
  endif()
endforeach()

# CPU: a busy share of real elapsed time (100 ns units; 250 ms on >= 1 CPU is >= 2.5e6).
check("0 <= cpu_percent <= 100" cpu_percent GREATER_EQUAL 0 AND cpu_percent LESS_EQUAL 100)
check("cpu_total_delta >= 2000000 (250 ms)" cpu_total_delta GREATER_EQUAL 2000000)
check("cpu_busy_delta <= cpu_total_delta" cpu_busy_delta LESS_EQUAL cpu_total_delta)
# The probe spun one CPU between the readings: busy time covers its own CPU time, give or
# take the 10 ms tick of /proc/stat on each side (50 ms slack).
check("cpu_own_delta >= 1000000 (the probe spun for 250 ms)" cpu_own_delta GREATER_EQUAL 1000000)
math(EXPR busy_floor "${cpu_own_delta} - 500000")
check("cpu_busy_delta >= the probe's own CPU time - 50 ms (${busy_floor})" cpu_busy_delta GREATER_EQUAL busy_floor)

# Memory: psutil's used = total - available, and the total is this machine's RAM.
check("memory_total > 0" memory_total GREATER 0)
check("memory_available <= memory_total" memory_available LESS_EQUAL memory_total)
math(EXPR expected_used "${memory_total} - ${memory_available}")
check("memory_used == total - available" memory_used EQUAL expected_used)
file(STRINGS /proc/meminfo mem_total_line REGEX "^MemTotal:")
if(mem_total_line MATCHES "([0-9]+) kB")
  math(EXPR host_total "${CMAKE_MATCH_1} * 1024")
  math(EXPR tolerance "${host_total} / 100")
  math(EXPR difference "${memory_total} - ${host_total}")
  if(difference LESS 0)
    math(EXPR difference "0 - ${difference}")
  endif()
  check("memory_total within 1% of the host's MemTotal (${host_total})" difference LESS_EQUAL tolerance)
endif()

# Disk: the system drive, used <= total, and its size is the host file system's under drive_c.
check("disk_path like C:\\, got ${disk_path}" disk_path MATCHES "^[A-Z]:\\\\$")
check("disk_total > 0" disk_total GREATER 0)
check("disk_used <= disk_total" disk_used LESS_EQUAL disk_total)
check("disk_available_to_user <= disk_total" disk_available_to_user LESS_EQUAL disk_total)
execute_process(COMMAND stat -f -c "%b %S" "${WINE_PREFIX}/drive_c"
                OUTPUT_VARIABLE host_fs RESULT_VARIABLE stat_rc OUTPUT_STRIP_TRAILING_WHITESPACE)
if(stat_rc EQUAL 0 AND host_fs MATCHES "^([0-9]+) ([0-9]+)$")
  math(EXPR host_disk "${CMAKE_MATCH_1} * ${CMAKE_MATCH_2}")
  math(EXPR tolerance "${host_disk} / 100")
  math(EXPR difference "${disk_total} - ${host_disk}")
  if(difference LESS 0)
    math(EXPR difference "0 - ${difference}")
  endif()
  check("disk_total within 1% of the host file system's size (${host_disk})" difference LESS_EQUAL tolerance)
endif()

message(STATUS "Windows sampler under Wine: cpu ${cpu_percent}%, memory ${memory_total} B total, "
               "disk ${disk_path} ${disk_used}/${disk_total} B used")
