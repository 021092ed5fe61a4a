# Run at install time (install(CODE) in packaging/CMakeLists.txt) when FIELDBENCH_BUNDLE_TORCH
# is on. The executables were linked against the whole CUDA-enabled LibTorch of the torch
# wheel, which lists libtorch_cuda.so, libc10_cuda.so and the CUDA libraries as NEEDED
# (TorchConfig links libtorch_cuda with --no-as-needed so that its kernels register).
# Fieldbench's code calls only into libtorch_cpu/libc10 (CUDA goes through their device
# hooks), so the package drops those entries and runs on the CPU with the libraries it
# carries. packaging/check-install.sh verifies with `ldd -r` that no symbol is left unresolved.
#
# Inputs: FB_FILES (installed executables), FB_RUNTIME_DIRS (torch and nvidia lib dirs of the
# build), FB_KEEP (file names of the bundled libraries), FB_PATCHELF.
cmake_policy(SET CMP0057 NEW) # if(IN_LIST); install scripts run without the project's policies
foreach(file IN LISTS FB_FILES)
  execute_process(COMMAND "${FB_PATCHELF}" --print-needed "${file}"
                  OUTPUT_VARIABLE needed RESULT_VARIABLE rc OUTPUT_STRIP_TRAILING_WHITESPACE)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "patchelf --print-needed ${file} failed")
  endif()
  string(REPLACE "\n" ";" needed "${needed}")
  set(drop "")
  foreach(lib IN LISTS needed)
    if(lib IN_LIST FB_KEEP)
      continue()
    endif()
    foreach(dir IN LISTS FB_RUNTIME_DIRS)
      if(EXISTS "${dir}/${lib}")
        list(APPEND drop --remove-needed "${lib}")
        break()
      endif()
    endforeach()
  endforeach()
  if(drop)
    execute_process(COMMAND "${FB_PATCHELF}" ${drop} "${file}" RESULT_VARIABLE rc)
    if(NOT rc EQUAL 0)
      message(FATAL_ERROR "patchelf ${drop} ${file} failed")
    endif()
    string(REPLACE "--remove-needed;" "" shown "${drop}")
    message(STATUS "CPU-only LibTorch: ${file} no longer needs ${shown}")
  endif()
endforeach()
