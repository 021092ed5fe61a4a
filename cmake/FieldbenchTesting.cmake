# fieldbench_add_test(<name> SOURCES <files...> LIBS <targets...> [LABELS <labels>] [TIMEOUT s])
# One Qt Test executable per unit, registered with CTest, run offscreen. Test data paths
# reach the tests through compile definitions:
#   FIELDBENCH_SOURCE_DIR, FIELDBENCH_BINARY_DIR, FIELDBENCH_CLI (path of fieldbench-cli),
#   FIELDBENCH_HF_FIXTURES (shared/fixtures/hf).
# Reference outputs of the real Hugging Face transformers code (shared/ beside the clone).
set(FIELDBENCH_HF_FIXTURES "${PROJECT_SOURCE_DIR}/../shared/fixtures/hf" CACHE PATH
    "Folder of Hugging Face reference fixtures (shared/fixtures/hf)")

# Python of the project's venv (torch, transformers, safetensors), used by tests that make
# reference data with the real Hugging Face code; empty: those parts are skipped.
set(FIELDBENCH_PYTHON "" CACHE FILEPATH "Python of the project's venv (set by scripts/setup)")

function(fieldbench_add_test name)
  cmake_parse_arguments(T "" "TIMEOUT" "SOURCES;LIBS;LABELS" ${ARGN})
  add_executable(${name} ${T_SOURCES})
  target_link_libraries(${name} PRIVATE Qt6::Test ${T_LIBS})
  target_include_directories(${name} PRIVATE ${PROJECT_SOURCE_DIR}/tests/support)
  target_compile_definitions(${name} PRIVATE
    FIELDBENCH_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
    FIELDBENCH_BINARY_DIR="${PROJECT_BINARY_DIR}"
    FIELDBENCH_CLI="$<TARGET_FILE:fieldbench-cli>"
    FIELDBENCH_HF_FIXTURES="${FIELDBENCH_HF_FIXTURES}"
    FIELDBENCH_PYTHON="${FIELDBENCH_PYTHON}")
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
