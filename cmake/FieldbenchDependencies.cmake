# Finds every third-party dependency once, for all targets. Only imported targets leave
# this file; no directory-wide include or link settings.
find_package(PkgConfig REQUIRED)

# --- LibTorch --------------------------------------------------------------------------
# Either the CUDA-enabled LibTorch inside PyPI's torch wheel (scripts/setup passes its
# torch.utils.cmake_prefix_path) or any other LibTorch on CMAKE_PREFIX_PATH, e.g. Debian's
# CPU-only libtorch-dev.
#
# TorchConfig.cmake looks for its libraries with find_library(... PATHS <its prefix>/lib),
# and CMake searches the system folders before PATHS: with Debian's libtorch-dev also
# installed, a wheel build would link Debian's libtorch.so. Putting the wheel's own root on
# CMAKE_PREFIX_PATH makes <root>/lib win.
foreach(_fb_prefix IN LISTS CMAKE_PREFIX_PATH)
  if(EXISTS "${_fb_prefix}/Torch/TorchConfig.cmake")
    get_filename_component(_fb_torch_root "${_fb_prefix}/../.." ABSOLUTE)
    list(PREPEND CMAKE_PREFIX_PATH "${_fb_torch_root}")
  endif()
endforeach()
find_package(Torch REQUIRED)
get_filename_component(_fb_torch_config_root "${Torch_DIR}/../../.." ABSOLUTE)
if(NOT TORCH_LIBRARY MATCHES "^${_fb_torch_config_root}/")
  message(FATAL_ERROR "TorchConfig in ${Torch_DIR} picked up ${TORCH_LIBRARY}, a library of another "
                      "LibTorch installation; clear the CMake cache (TORCH_LIBRARY) and configure again")
endif()
set_package_properties(Torch PROPERTIES DESCRIPTION "LibTorch tensors and autograd"
  TYPE REQUIRED PURPOSE "speech and text models, training")
# FIELDBENCH_BUNDLE_TORCH: a package carries LibTorch's CPU libraries in <prefix>/lib/fieldbench
# and its executables' RPATH points there (packaging/CMakeLists.txt, scripts/package).
option(FIELDBENCH_BUNDLE_TORCH "Install LibTorch's CPU libraries under <prefix>/lib/fieldbench (packages)" OFF)
add_feature_info(BundleTorch FIELDBENCH_BUNDLE_TORCH "LibTorch's CPU libraries installed with Fieldbench")
add_library(fieldbench_torch INTERFACE)
target_link_libraries(fieldbench_torch INTERFACE ${TORCH_LIBRARIES})
if(TORCH_CXX_FLAGS)
  separate_arguments(_fb_torch_flags UNIX_COMMAND "${TORCH_CXX_FLAGS}")
  target_compile_options(fieldbench_torch INTERFACE ${_fb_torch_flags})
endif()

# Directories whose shared libraries executables need at run time (torch's own lib dir and,
# for the PyPI wheel, the nvidia-* wheels beside it). They go into the RPATH of every
# executable and test, and into -rpath-link so that the linker resolves libtorch_cuda's
# NCCL/cuDNN against the wheel's copies rather than older system ones.
get_filename_component(_fb_torch_libdir "${TORCH_LIBRARY}" DIRECTORY)
set(FIELDBENCH_RUNTIME_DIRS "${_fb_torch_libdir}")
file(GLOB _fb_nvidia_libdirs LIST_DIRECTORIES true "${_fb_torch_libdir}/../../nvidia/*/lib")
foreach(_d IN LISTS _fb_nvidia_libdirs)
  get_filename_component(_d "${_d}" REALPATH)
  list(APPEND FIELDBENCH_RUNTIME_DIRS "${_d}")
endforeach()
list(JOIN FIELDBENCH_RUNTIME_DIRS ":" _fb_rpath_link)
target_link_options(fieldbench_torch INTERFACE "LINKER:-rpath-link,${_fb_rpath_link}")

# Debian's libtorch loads libprotobuf, and libsentencepiece carries its own copy of
# protobuf-lite; libprotobuf must come first in the dynamic search order (PITFALLS.md).
find_library(FIELDBENCH_PROTOBUF_LIBRARY NAMES protobuf libprotobuf.so.32)
add_library(fieldbench_protobuf_first INTERFACE)
if(FIELDBENCH_PROTOBUF_LIBRARY AND TORCH_LIBRARY MATCHES "^/usr/lib")
  target_link_options(fieldbench_protobuf_first INTERFACE
    "LINKER:--no-as-needed" "${FIELDBENCH_PROTOBUF_LIBRARY}" "LINKER:--as-needed")
endif()

# --- Debian libraries --------------------------------------------------------------------
pkg_check_modules(SNDFILE REQUIRED IMPORTED_TARGET sndfile)
pkg_check_modules(SOXR REQUIRED IMPORTED_TARGET soxr)
pkg_check_modules(SENTENCEPIECE REQUIRED IMPORTED_TARGET sentencepiece)
find_package(SQLite3 REQUIRED)
find_package(nlohmann_json 3.10 REQUIRED)
find_package(pugixml REQUIRED)
find_package(CLI11 REQUIRED)
find_package(Threads REQUIRED)
find_package(ZLIB REQUIRED)
set_package_properties(SQLite3 PROPERTIES TYPE REQUIRED PURPOSE "project catalog")
set_package_properties(nlohmann_json PROPERTIES TYPE REQUIRED PURPOSE "configs, metrics, manifests")
set_package_properties(pugixml PROPERTIES TYPE REQUIRED PURPOSE "ELAN .eaf reading and writing")
set_package_properties(CLI11 PROPERTIES TYPE REQUIRED PURPOSE "fieldbench-cli")
add_feature_info(libsndfile SNDFILE_FOUND "audio decoding and FLAC storage (${SNDFILE_VERSION})")
add_feature_info(soxr SOXR_FOUND "resampling to 16 kHz (${SOXR_VERSION})")
add_feature_info(SentencePiece SENTENCEPIECE_FOUND "subword tokenizers (${SENTENCEPIECE_VERSION})")

if(FIELDBENCH_WITH_PORTAUDIO)
  pkg_check_modules(PORTAUDIO IMPORTED_TARGET portaudio-2.0)
  if(NOT PORTAUDIO_FOUND)
    message(FATAL_ERROR "FIELDBENCH_WITH_PORTAUDIO is ON but PortAudio was not found: "
                        "install portaudio19-dev or configure with -DFIELDBENCH_WITH_PORTAUDIO=OFF")
  endif()
endif()

if(FIELDBENCH_BUILD_GUI OR FIELDBENCH_BUILD_TESTS)
  # PrintSupport before QCustomPlot: its exported target needs it.
  find_package(Qt6 REQUIRED COMPONENTS Core Gui Widgets PrintSupport Concurrent Test LinguistTools)
  set_package_properties(Qt6 PROPERTIES TYPE REQUIRED PURPOSE "GUI and test suites")
endif()
if(FIELDBENCH_BUILD_GUI)
  find_package(QCustomPlotQt6 REQUIRED)
  set_package_properties(QCustomPlotQt6 PROPERTIES TYPE REQUIRED PURPOSE "waveforms and plots")
endif()

# Every executable (apps, tests, benchmarks) goes through this helper: RPATH to torch and
# its CUDA wheels, and the protobuf-first link order where it matters.
function(fieldbench_executable target)
  if(FIELDBENCH_BUNDLE_TORCH)
    set(_fb_install_rpath "$ORIGIN/../lib/fieldbench") # the package's own LibTorch
  else()
    set(_fb_install_rpath "${FIELDBENCH_RUNTIME_DIRS};$ORIGIN/../lib")
  endif()
  set_target_properties(${target} PROPERTIES
    BUILD_RPATH "${FIELDBENCH_RUNTIME_DIRS}"
    INSTALL_RPATH "${_fb_install_rpath}")
  target_link_libraries(${target} PRIVATE fieldbench_protobuf_first)
endfunction()
