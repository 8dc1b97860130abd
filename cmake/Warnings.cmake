# strikeline_target(<target>): the project's compile settings for our own code (warnings are errors).
function(strikeline_target target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Werror -Wshadow -Wnon-virtual-dtor
                                           -Wpedantic)
  # clang checks the thread-safety annotations (core/thread_annotations.h): what each mutex guards.
  if(CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    target_compile_options(${target} PRIVATE -Wthread-safety)
  endif()
  target_include_directories(${target} PUBLIC ${PROJECT_SOURCE_DIR}/src)
endfunction()
