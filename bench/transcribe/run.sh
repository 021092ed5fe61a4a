#!/usr/bin/env bash
# Real-time factor of `fieldbench-cli transcribe` (audio decoding, VAD, batched forward,
# greedy CTC decoding, JSON writing: everything) on 10 minutes of demo audio, on the CPU
# with 2 threads, for random-init CTC models of the small and base presets; side by side
# with the real transformers' Wav2Vec2ForCTC forward alone on the identical model folder
# (reference.py, 10 s clips of the same audio). Lower RTF is faster.
#   bench/transcribe/run.sh [PRESETS="small base"] [RUNS=3] [MINUTES=10]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
source "$here/scripts/lib.sh"
fb_select_torch >/dev/null 2>&1 || true
cli="$build_dir/app/fieldbench-cli"
python="${FIELDBENCH_PYTHON:-$cache_root/torch-$TORCH_VERSION/bin/python}"
presets="${1:-small base}"
runs="${2:-3}"
minutes="${3:-10}"
threads=2
[ -x "$cli" ] || { echo "build first: scripts/setup" >&2; exit 1; }
work="${BENCH_WORK:-$(mktemp -d /tmp/fieldbench-bench-transcribe.XXXXXX)}"
mkdir -p "$work"
echo "work folder: $work"

# 10 minutes of demo speech: the demo corpus' recordings, each followed by 0.6 s of
# silence, repeated until long enough, as one 16-bit 16 kHz WAV.
if [ ! -f "$work/long.wav" ]; then
  [ -d "$work/demo" ] || nice -n 10 "$cli" demo "$work/demo" >/dev/null
  mapfile -t flacs < <(find "$work/demo/audio" -name '*.flac' | sort)
  sox -n -r 16000 -c 1 -b 16 "$work/gap.wav" trim 0 0.6
  list=()
  total=0
  while [ "$(echo "$total < $minutes * 60" | bc)" = 1 ]; do
    for f in "${flacs[@]}"; do
      list+=("$f" "$work/gap.wav")
      total=$(echo "$total + $(soxi -D "$f") + 0.6" | bc)
      [ "$(echo "$total >= $minutes * 60" | bc)" = 1 ] && break
    done
  done
  sox "${list[@]}" -b 16 "$work/long.wav" trim 0 "$((minutes * 60))"
fi
echo "audio: $(soxi -D "$work/long.wav") s, $threads threads, $(nproc) cores, runs: $runs (median)"

vocab='{"<pad>": 0, "<unk>": 1, "|": 2'
i=3
for c in a b c d e f g h i j k l m n o p q r s t u v w x y z "'" - ; do vocab+=", \"$c\": $i"; i=$((i + 1)); done
vocab+=', "é": 31}'

median() { sort -g | awk '{a[NR]=$1} END {print (NR % 2 ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2)}'; }

for p in $presets; do
  m="$work/ctc-$p"
  if [ ! -f "$m/preprocessor_config.json" ]; then
    # A random-init CTC model, exported the way a user would hand it on (preprocessor and
    # tokenizer files included), so that both sides load the identical folder.
    rm -rf "$m" "$m-init"
    "$cli" model init --preset "$p" --architecture ctc --seed 1 --out "$m-init" >/dev/null
    echo "$vocab" > "$m-init/vocab.json"
    "$cli" export --model "$m-init" --out "$m" >/dev/null
  fi
  ours=()
  for r in $(seq "$runs"); do
    rtf=$(nice -n 10 "$cli" --threads "$threads" transcribe --model "$m" "$work/long.wav" --format json \
            --out "$work/out-$p" 2>&1 | sed -n 's/.*(RTF \([0-9.e-]*\)).*/\1/p')
    ours+=("$rtf")
  done
  segs=$("$python" -c "import json,sys; d=json.load(open(sys.argv[1])); s=d['segments']; print(len(s), round(sum(x['end']-x['start'] for x in s),1))" "$work/out-$p/long.asr.json")
  ours_median=$(printf '%s\n' "${ours[@]}" | median)
  echo "$p: fieldbench transcribe (everything, fp32): RTF ${ours[*]} -> median $ours_median; VAD kept $segs s (segments, seconds)"
  for tunables in "" "glibc.malloc.hugetlb=1"; do
    ref=$(GLIBC_TUNABLES="$tunables" nice -n 10 "$python" "$here/bench/transcribe/reference.py" "$m" "$work/long.wav" \
            --threads "$threads" --clip 10 --clips 6 --runs "$runs")
    ref_median=$(echo "$ref" | sed -n 's/.*median \([0-9.e-]*\).*/\1/p')
    echo "$p: transformers Wav2Vec2ForCTC forward only, 10 s clips${tunables:+ ($tunables)}: $ref"
    echo "$p: speed-up of fieldbench over this reference: $(echo "scale=2; $ref_median / $ours_median" | bc)x"
  done
done
