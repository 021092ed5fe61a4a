// Precompiled for core's LibTorch sources (see core/CMakeLists.txt).
#pragma once
#include <torch/torch.h>
