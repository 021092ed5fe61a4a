#!/usr/bin/env bash
# Pre-training step throughput, side by side on the IDENTICAL model folder: Fieldbench
# (`fieldbench-cli bench train`) and the real Hugging Face transformers
# Wav2Vec2ForPreTraining (bench/train/hf_reference.py in the project's venv), fp32 on the
# CPU, the same threads, batch x seconds of audio, forward with masking and negatives from
# the folder's config, backward, AdamW. Each in its own process, one after the other.
# On a machine with a CUDA GPU, Fieldbench's bf16 step (with MFU) follows.
#
#   bench/train/run.sh [PRESETS="tiny small base"] [STEPS=5] [WARMUP=2]
#
# Environment: THREADS (default: all cores), BATCH (4), UTTERANCE_SECONDS (4),
#   REF_MALLOC=hugetlb|default (hugetlb: the reference runs with
#   GLIBC_TUNABLES=glibc.malloc.hugetlb=1, its fastest setting on these machines, see
#   PITFALLS.md; default: plain glibc), REF=0 skips the reference, KEEP=DIR keeps the
#   JSON results there.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
source "$here/scripts/lib.sh"
cli="$build_dir/app/fieldbench-cli"
presets="${1:-tiny small base}"
steps="${2:-5}"
warmup="${3:-2}"
threads="${THREADS:-$(nproc)}"
batch="${BATCH:-4}"
seconds="${UTTERANCE_SECONDS:-4}"
ref_malloc="${REF_MALLOC:-hugetlb}"
python="${FIELDBENCH_VENV:-$cache_root/torch-$TORCH_VERSION}/bin/python"
[ -x "$cli" ] || { echo "build first: scripts/setup" >&2; exit 1; }
run_ref="${REF:-1}"
if [ "$run_ref" = 1 ] && ! "$python" -c 'import transformers' 2>/dev/null; then
  echo "no venv python with transformers at $python: the reference is skipped" >&2
  run_ref=0
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
[ -n "${KEEP:-}" ] && { mkdir -p "$KEEP"; trap 'cp "$work"/*.json "$KEEP"/ 2>/dev/null; rm -rf "$work"' EXIT; }
common=(--batch "$batch" --seconds "$seconds" --steps "$steps" --warmup "$warmup" --threads "$threads")
ref_env=()
[ "$ref_malloc" = hugetlb ] && ref_env=(GLIBC_TUNABLES=glibc.malloc.hugetlb=1)

echo "CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $threads threads; batch $batch x $seconds s;" \
     "median of $steps steps after $warmup warm-up; reference malloc: $ref_malloc"
for p in $presets; do
  dir="$work/$p"
  "$cli" model init --preset "$p" --seed 0 --out "$dir" >/dev/null
  nice -n 10 "$cli" bench train --model "$dir" --device cpu --precision fp32 "${common[@]}" --json > "$work/$p.fb.json"
  if [ "$run_ref" = 1 ]; then
    env "${ref_env[@]}" nice -n 10 "$python" "$here/bench/train/hf_reference.py" --model "$dir" "${common[@]}" \
      > "$work/$p.hf.json"
  fi
done

python3 - "$work" "$presets" <<'PY'
import json, os, sys
work, presets = sys.argv[1], sys.argv[2].split()
def load(p):
    return json.load(open(p)) if os.path.exists(p) and os.path.getsize(p) else None
def cols(r):
    if not r:
        return f"{'-':>9} {'-':>17} {'-':>11} {'-':>7} {'-':>7}"
    return (f"{r['audio_s_per_s']:9.2f} {r['forward_s']:5.2f}/{r['backward_s']:5.2f}/{r['optimizer_s']:5.2f}"
            f" {r['step_s_min']:5.2f}-{r['step_s_max']:<5.2f} {r['step_cpu_s']:7.2f} {r['peak_rss_mib']:7.0f}")
head = f"{'audio-s/s':>9} {'fwd/bwd/opt s':>17} {'step min-max':>11} {'CPU s':>7} {'RSS MiB':>7}"
print(f"{'':15} | {'Fieldbench':^55} | {'transformers (same folder)':^55} | {'ratio':^11}")
print(f"{'model':6} {'params':>8} | {head} | {head} | {'wall':>5} {'CPU':>5}")
for p in presets:
    fb, hf = load(f"{work}/{p}.fb.json"), load(f"{work}/{p}.hf.json")
    if fb and hf:
        ratio = f"{fb['audio_s_per_s'] / hf['audio_s_per_s']:5.2f} {hf['step_cpu_s'] / fb['step_cpu_s']:5.2f}"
    else:
        ratio = f"{'-':>5} {'-':>5}"
    print(f"{p:6} {fb['parameters'] / 1e6:7.1f}M | {cols(fb)} | {cols(hf)} | {ratio}")
print("audio-s/s: audio seconds trained per wall-clock second (median step); CPU s: process CPU seconds per"
      " step (all threads; steadier on a shared machine); ratio: Fieldbench / transformers throughput.")
PY

if "$cli" info | grep -q "CUDA: available"; then
  echo
  echo "GPU: Fieldbench bf16 (autocast) training step, batch $batch x $seconds s"
  for p in $presets; do
    "$cli" model init --preset "$p" --seed 0 --out "$work/gpu-$p" >/dev/null
    "$cli" bench train --model "$work/gpu-$p" --device cuda --precision bf16 --batch "$batch" --seconds "$seconds" \
      --steps "$steps" --warmup "$warmup"
  done
fi
