# Warnings live on an INTERFACE target linked PRIVATE, so -Werror never leaks to consumers.
add_library(greengate_warnings INTERFACE)
target_compile_options(greengate_warnings INTERFACE -Wall -Wextra -Wpedantic -Wshadow -Wconversion
  -Wno-sign-conversion)
if(GREENGATE_WARNINGS_AS_ERRORS)
  target_compile_options(greengate_warnings INTERFACE -Werror)
endif()
if(GREENGATE_SANITIZERS)
  target_compile_options(greengate_warnings INTERFACE -fsanitize=address,undefined -fno-omit-frame-pointer)
  target_link_options(greengate_warnings INTERFACE -fsanitize=address,undefined)
endif()
