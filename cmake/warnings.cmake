# Warnings live on an INTERFACE target linked PRIVATE, so -Werror never leaks to consumers.
add_library(greengate_warnings INTERFACE)
target_compile_options(greengate_warnings INTERFACE -Wall -Wextra -Wpedantic -Wshadow -Wconversion
  -Wno-sign-conversion)
if(GREENGATE_WARNINGS_AS_ERRORS)
  target_compile_options(greengate_warnings INTERFACE -Werror)
endif()
if(GREENGATE_SANITIZERS)
  # Undefined behaviour stops the program, as a memory error does: a test cannot pass with a report.
  target_compile_options(greengate_warnings INTERFACE -fsanitize=address,undefined
    -fno-sanitize-recover=undefined -fno-omit-frame-pointer)
  target_link_options(greengate_warnings INTERFACE -fsanitize=address,undefined -fno-sanitize-recover=undefined)
endif()
if(GREENGATE_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "GREENGATE_FUZZ needs clang (libFuzzer): configure with CMAKE_CXX_COMPILER=clang++-14")
  endif()
  # Coverage for libFuzzer in every object; the harnesses link the fuzzer itself (tests/fuzz).
  target_compile_options(greengate_warnings INTERFACE -fsanitize=fuzzer-no-link)
endif()
