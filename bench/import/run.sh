#!/usr/bin/env bash
# Import throughput: fieldbench-cli import vs sox converting the same files to 16 kHz mono
# FLAC, in the same run, on a few hundred files of mixed formats and rates.
#
#   bench/import/run.sh [FILES=300] [REPEATS=3]
#
# Prints audio-seconds per second (median of REPEATS) for 1 thread and for all cores, for
# both tools. Needs a build (scripts/setup), sox and espeak-ng.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
source "$here/scripts/lib.sh"
cli="$build_dir/app/fieldbench-cli"
files="${1:-300}"
repeats="${2:-3}"
cores="$(nproc)"
[ -x "$cli" ] || { echo "build first: scripts/setup" >&2; exit 1; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# Source speech: a small espeak-ng demo corpus, converted by sox into mixed formats.
"$cli" demo "$work/speech" --languages es,de,fi,ru --speakers 3 --sentences $(( (files + 11) / 12 )) --text-sentences 0 --json >/dev/null
mkdir -p "$work/in"
formats=("wav:44100:2:-b 16" "flac:48000:1:-b 24" "ogg:32000:2:" "mp3:44100:2:" "sph:8000:1:-e mu-law" "wav:22050:1:-b 16")
i=0
for f in "$work"/speech/audio/*.flac; do
  [ "$i" -lt "$files" ] || break
  IFS=: read -r ext rate ch opts <<< "${formats[$((i % ${#formats[@]}))]}"
  # shellcheck disable=SC2086
  sox -V1 "$f" -r "$rate" -c "$ch" $opts "$work/in/f$(printf %04d $i).$ext"
  i=$((i + 1))
done
total_seconds="$(for f in "$work"/in/*; do soxi -D "$f"; done | awk '{s+=$1} END {printf "%.1f", s}')"
echo "input: $i files, ${total_seconds} s of audio (wav 44.1k stereo, flac 48k 24-bit, ogg 32k stereo, mp3 44.1k, sphere mu-law 8k, wav 22.05k)"

now() { date +%s.%N; }
median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

run_fieldbench() { # threads
  rm -rf "$work/p"
  "$cli" project create "$work/p" >/dev/null
  local t0; t0=$(now)
  "$cli" import "$work/in" --project "$work/p" --language fin --jobs "$1" --quiet >/dev/null
  echo "$(now) - $t0" | bc
}
run_sox() { # parallel processes
  rm -rf "$work/sox"; mkdir -p "$work/sox"
  local t0; t0=$(now)
  ls "$work"/in | xargs -P "$1" -I{} sox -V1 "$work/in/{}" -r 16000 -c 1 "$work/sox/{}.flac"
  echo "$(now) - $t0" | bc
}

printf "\n%-34s %10s %14s %16s\n" "tool" "threads" "median wall s" "audio-s per s"
for threads in 1 "$cores"; do
  for tool in fieldbench sox; do
    times=()
    for _ in $(seq "$repeats"); do times+=("$(run_$tool "$threads")"); done
    med="$(printf '%s\n' "${times[@]}" | median)"
    label="$tool"
    [ "$tool" = fieldbench ] && label="fieldbench-cli import" || label="sox -> 16 kHz mono FLAC"
    printf "%-34s %10s %14.2f %16.1f\n" "$label" "$threads" "$med" "$(echo "$total_seconds / $med" | bc -l)"
  done
done
