#!/usr/bin/env bash
# CPU throughput of masked-LM training (tokens per second, all non-pad tokens of a batch)
# with the small built-in loop: XLM-R presets on demo text, loss at the masked positions
# only (default) against the decoder on every position (--full-logits, as transformers).
#   bench/mlm/run.sh [WORKDIR=/tmp/fieldbench-bench-mlm]
# Settings: PRESETS="tiny small" VOCABS="8000" STEPS=20 BATCH=16 MAXLEN=128 THREADS="1 2"
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
source "$here/scripts/lib.sh"
cli="$build_dir/app/fieldbench-cli"
[ -x "$cli" ] || { echo "build first: scripts/setup" >&2; exit 1; }
work="${1:-/tmp/fieldbench-bench-mlm}"
PRESETS="${PRESETS:-tiny small}"
VOCABS="${VOCABS:-8000}"
STEPS="${STEPS:-20}"
BATCH="${BATCH:-16}"
MAXLEN="${MAXLEN:-128}"
THREADS="${THREADS:-1 2}"
mkdir -p "$work"
[ -f "$work/demo/project.sqlite" ] || nice -n 10 "$cli" demo "$work/demo" --speakers 1 --sentences 1 --text-sentences 600 >/dev/null
printf "preset\tvocab\tthreads\tloss_at\ttokens_per_s\n"
for v in $VOCABS; do
  [ -f "$work/spm-$v.model" ] || nice -n 10 "$cli" tokenizer train --project "$work/demo" --vocab-size "$v" --out "$work/spm-$v" >/dev/null
  for p in $PRESETS; do
    [ -f "$work/$p-$v/model.safetensors" ] || "$cli" mlm init --preset "$p" --tokenizer "$work/spm-$v.model" --max-length "$MAXLEN" --out "$work/$p-$v" >/dev/null
    for th in $THREADS; do
      for mode in masked full; do
        flag=()
        [ "$mode" = full ] && flag=(--full-logits)
        # first 3 steps are warm-up: tokens/s from the remaining ones
        tps=$(nice -n 10 "$cli" --threads "$th" mlm train --model "$work/$p-$v" --project "$work/demo" --steps "$STEPS" \
              --batch-size "$BATCH" --max-length "$MAXLEN" --log-every 1 "${flag[@]}" --out "$work/out" |
              python3 -c "import json,sys
rows=[json.loads(l) for l in sys.stdin if l.startswith('{')]
steps=[r for r in rows if 'step' in r][3:]
print('%.0f' % (sum(r['tokens'] for r in steps) / sum(r['seconds'] for r in steps)))")
        printf "%s\t%s\t%s\t%s\t%s\n" "$p" "$v" "$th" "$mode" "$tps"
      done
    done
  done
done
