# Distributed data-parallel training over PyTorch's own c10d (Gloo on the CPU, NCCL on CUDA).
# One option, one compile definition (FIELDBENCH_HAVE_DISTRIBUTED) used in exactly one file:
# core/src/train/distributed.cpp. Without it, that file builds a single-process context that
# says "built without distributed training" when asked for more processes.
#
# LibTorch ships the c10d headers (when built with USE_DISTRIBUTED) and links Gloo statically
# into libtorch_cpu, but PyPI's wheel does not ship Gloo's own headers, which
# ProcessGroupGloo.hpp includes: Debian's libgloo-dev provides them (headers only; nothing
# links libgloo, the symbols come from libtorch_cpu). Debian's libtorch-dev 1.13 is built
# against that same libgloo. NCCL (level 2) needs a CUDA LibTorch and nccl.h (the wheel's
# nvidia-nccl package has it).
option(FIELDBENCH_WITH_DISTRIBUTED "Distributed data-parallel training over c10d (Gloo/NCCL)" ON)

function(fieldbench_configure_distributed target source)
  set(level 0)
  set(why "")
  if(FIELDBENCH_WITH_DISTRIBUTED)
    set(c10d_found OFF)
    foreach(d IN LISTS TORCH_INCLUDE_DIRS)
      if(EXISTS "${d}/torch/csrc/distributed/c10d/ProcessGroupGloo.hpp")
        set(c10d_found ON)
      endif()
    endforeach()
    find_path(FIELDBENCH_GLOO_INCLUDE_DIR gloo/rendezvous/store.h)
    if(NOT c10d_found)
      set(why " (this LibTorch has no c10d headers)")
    elseif(NOT FIELDBENCH_GLOO_INCLUDE_DIR)
      set(why " (Gloo headers not found: install libgloo-dev)")
    else()
      set(level 1)
      set(incs "")
      if(NOT FIELDBENCH_GLOO_INCLUDE_DIR IN_LIST CMAKE_CXX_IMPLICIT_INCLUDE_DIRECTORIES)
        list(APPEND incs "${FIELDBENCH_GLOO_INCLUDE_DIR}") # not for /usr/include: it breaks #include_next
      endif()
      if(TARGET torch_cuda OR TORCH_CUDA_LIBRARIES)
        get_filename_component(torch_libdir "${TORCH_LIBRARY}" DIRECTORY)
        find_path(FIELDBENCH_NCCL_INCLUDE_DIR nccl.h
                  HINTS "${torch_libdir}/../../nvidia/nccl/include" /usr/local/cuda/include)
        if(FIELDBENCH_NCCL_INCLUDE_DIR)
          set(level 2)
          list(APPEND incs "${FIELDBENCH_NCCL_INCLUDE_DIR}")
        endif()
      endif()
      set_source_files_properties(${source} TARGET_DIRECTORY ${target} PROPERTIES
        COMPILE_DEFINITIONS "FIELDBENCH_HAVE_DISTRIBUTED=${level}"
        INCLUDE_DIRECTORIES "${incs}")
    endif()
  endif()
  set(FIELDBENCH_DISTRIBUTED_LEVEL ${level} PARENT_SCOPE)
  if(level EQUAL 2)
    set(what "c10d data-parallel training: Gloo (CPU) and NCCL (CUDA)")
  elseif(level EQUAL 1)
    set(what "c10d data-parallel training: Gloo (CPU)")
  else()
    set(what "c10d data-parallel training: not built${why}")
  endif()
  if(level GREATER 0)
    set(FIELDBENCH_HAVE_DISTRIBUTED ON PARENT_SCOPE)
    set(have ON)
  else()
    set(have OFF)
  endif()
  add_feature_info(Distributed have "${what}")
endfunction()
