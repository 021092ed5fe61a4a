# fieldbench_add_test(<name> SOURCES <files...> LIBS <targets...> [LABELS <labels>] [TIMEOUT s])
# One Qt Test executable per unit, registered with CTest, run offscreen. Test data paths
# reach the tests through compile definitions:
#   FIELDBENCH_SOURCE_DIR, FIELDBENCH_BINARY_DIR, FIELDBENCH_CLI (path of fieldbench-cli).
function(fieldbench_add_test name)
  cmake_parse_arguments(T "" "TIMEOUT" "SOURCES;LIBS;LABELS" ${ARGN})
  add_executable(${name} ${T_SOURCES})
  target_link_libraries(${name} PRIVATE Qt6::Test ${T_LIBS})
  target_include_directories(${name} PRIVATE ${PROJECT_SOURCE_DIR}/tests/support)
  target_compile_definitions(${name} PRIVATE
    FIELDBENCH_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
    FIELDBENCH_BINARY_DIR="${PROJECT_BINARY_DIR}"
    FIELDBENCH_CLI="$<TARGET_FILE:fieldbench-cli>")
  set_target_properties(${name} PROPERTIES AUTOMOC ON)
  fieldbench_executable(${name})
  add_test(NAME ${name} COMMAND ${name})
  if(NOT T_TIMEOUT)
    set(T_TIMEOUT 300)
  endif()
  set_tests_properties(${name} PROPERTIES
    TIMEOUT ${T_TIMEOUT}
    LABELS "${T_LABELS}"
    ENVIRONMENT "QT_QPA_PLATFORM=offscreen")
endfunction()
