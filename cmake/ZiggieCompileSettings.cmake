# One INTERFACE target carries every compile setting; each project target links it.
add_library(ziggie_compile_settings INTERFACE)
target_compile_definitions(ziggie_compile_settings INTERFACE
  QT_NO_CAST_FROM_ASCII
  QT_NO_CONTEXTLESS_CONNECT
  QT_NO_URL_CAST_FROM_STRING
  QT_NO_NARROWING_CONVERSIONS_IN_CONNECT
  QT_DISABLE_DEPRECATED_UP_TO=0x060400)
target_compile_options(ziggie_compile_settings INTERFACE -Wall -Wextra -Wpedantic)
if(ZIGGIE_WERROR)
  target_compile_options(ziggie_compile_settings INTERFACE -Werror)
endif()
if(ZIGGIE_SANITIZE)
  target_compile_options(ziggie_compile_settings INTERFACE
    -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer)
  target_link_options(ziggie_compile_settings INTERFACE -fsanitize=address,undefined)
endif()
