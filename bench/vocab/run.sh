#!/usr/bin/env bash
# Embedding initialisation for a new vocabulary, compared: for each target language, a
# source XLM-R MLM pretrained briefly on the OTHER demo languages gets the target
# language's own SentencePiece vocabulary (replace), its new embeddings initialised by each
# of the six methods; the table shows the MLM loss on held-out target text (fixed masks)
# right after the initialisation and after the same short continued pretraining.
#
#   bench/vocab/run.sh [WORKDIR=/tmp/fieldbench-bench-vocab]
# Settings (environment): TARGETS="ukr tur" SOURCE_STEPS=400 STEPS=60 THREADS=1
#   PRESET=small SRC_VOCAB=4000 TGT_VOCAB=1000 MAXLEN=64 BATCH=16 MODE=replace|extend
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
source "$here/scripts/lib.sh"
cli="$build_dir/app/fieldbench-cli"
[ -x "$cli" ] || { echo "build first: scripts/setup" >&2; exit 1; }
work="${1:-/tmp/fieldbench-bench-vocab}"
TARGETS="${TARGETS:-ukr tur}"
SOURCE_STEPS="${SOURCE_STEPS:-400}"
STEPS="${STEPS:-60}"
THREADS="${THREADS:-1}"
PRESET="${PRESET:-small}"
SRC_VOCAB="${SRC_VOCAB:-4000}"
TGT_VOCAB="${TGT_VOCAB:-1000}"
MAXLEN="${MAXLEN:-64}"
BATCH="${BATCH:-16}"
MODE="${MODE:-replace}"
ALL="spa ita por ron deu nld swe dan rus ukr pol ces fin hun tur ind"
fb() { nice -n 10 "$cli" --threads "$THREADS" "$@"; }
field() { python3 -c "import json,sys; print(json.loads(sys.stdin.read().strip().splitlines()[-1])['$1'])"; }

mkdir -p "$work"
if [ ! -f "$work/demo/project.sqlite" ]; then
  echo "== demo project (1 speaker x 1 utterance per language; 600 text sentences each)"
  fb demo "$work/demo" --speakers 1 --sentences 1 --text-sentences 600 >/dev/null
fi

src_langs=()
for l in $ALL; do
  case " $TARGETS " in *" $l "*) ;; *) src_langs+=(--language "$l");; esac
done

if [ ! -f "$work/source/model.safetensors" ]; then
  echo "== source tokenizer (${#src_langs[@]} / 2 languages, alpha 0.3, $SRC_VOCAB pieces) and model ($PRESET)"
  fb tokenizer train --project "$work/demo" "${src_langs[@]}" --vocab-size "$SRC_VOCAB" --out "$work/source-spm"
  fb mlm init --preset "$PRESET" --tokenizer "$work/source-spm.model" --max-length "$MAXLEN" --out "$work/source-init" --seed 1
  echo "== source pretraining: $SOURCE_STEPS steps x $BATCH x $MAXLEN tokens"
  fb mlm train --model "$work/source-init" --project "$work/demo" "${src_langs[@]}" --steps "$SOURCE_STEPS" \
     --batch-size "$BATCH" --max-length "$MAXLEN" --lr 1e-3 --warmup 40 --log-every 100 --out "$work/source"
fi

extend=()
[ "$MODE" = extend ] && extend=(--extend)
results="$work/results-$MODE.tsv"
printf "language\tmethod\tbefore\tafter\taccuracy_after\n" > "$results"
for t in $TARGETS; do
  split=(--project "$work/demo" --language "$t" --heldout 0.2)
  echo "== $t: target tokenizer ($TGT_VOCAB pieces) on 80% of its text"
  fb tokenizer train "${split[@]}" --part train --vocab-size "$TGT_VOCAB" --out "$work/$t-spm" >/dev/null
  fb tokenizer report --model "$work/source" --model "$work/$t-spm.model" "${split[@]}" --part heldout
  src_loss=$(fb mlm eval --model "$work/source" "${split[@]}" --part heldout --max-length "$MAXLEN" | field loss)
  echo "source model with its own tokenizer on held-out $t: loss $src_loss (other tokenization; not comparable)"
  for m in random mean decomposition focus script ofa; do
    d="$work/$t-$m"
    fb mlm adapt --model "$work/source" --target-tokenizer "$work/$t-spm.model" --method "$m" "${extend[@]}" \
       "${split[@]}" --part train --out "$d-init" >/dev/null
    before=$(fb mlm eval --model "$d-init" "${split[@]}" --part heldout --max-length "$MAXLEN" | field loss)
    fb mlm train --model "$d-init" "${split[@]}" --part train --steps "$STEPS" --batch-size "$BATCH" \
       --max-length "$MAXLEN" --lr 5e-4 --warmup 5 --log-every 0 --out "$d-cpt" >/dev/null
    ev=$(fb mlm eval --model "$d-cpt" "${split[@]}" --part heldout --max-length "$MAXLEN")
    after=$(echo "$ev" | field loss)
    acc=$(echo "$ev" | field accuracy)
    printf "%s\t%s\t%.3f\t%.3f\t%.3f\n" "$t" "$m" "$before" "$after" "$acc" | tee -a "$results"
  done
done
echo
echo "MLM loss on held-out target text (mode $MODE; $STEPS continued-pretraining steps of $BATCH x $MAXLEN tokens)"
column -t -s $'\t' "$results"
