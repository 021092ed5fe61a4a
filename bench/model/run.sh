#!/usr/bin/env bash
# wav2vec2 forward and training-step throughput (audio-seconds per second) and peak memory
# for the tiny, small and base presets, batch 4 x 4 s, each in its own process.
#   bench/model/run.sh [DEVICE=cpu] [PRESETS="tiny small base"]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
source "$here/scripts/lib.sh"
cli="$build_dir/app/fieldbench-cli"
device="${1:-cpu}"
presets="${2:-tiny small base}"
[ -x "$cli" ] || { echo "build first: scripts/setup" >&2; exit 1; }
echo "device: $device, threads: $(nproc), batch 4 x 4 s, median of 5 steps after 2 warm-up steps"
for p in $presets; do
  "$cli" bench model --preset "$p" --device "$device" --batch 4 --seconds 4 --steps 5 --warmup 2
done
