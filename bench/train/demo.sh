#!/usr/bin/env bash
# The training experiments of issue 4 on the demo corpus, on the CPU, re-runnable:
#   1. pretrain the small preset on all demo languages (unlabelled audio);
#   2. fine-tune a phoneme recogniser (IPA tier) on all demo languages from (1), and report
#      PER per language on held-out speakers (who also read held-out sentences);
#   3. the low-resource case: fine-tune on ~5 minutes of one language (fin by default)
#      (a) from scratch, (b) from a model pretrained on the other languages, (c) from (b)
#      after continued pretraining on that language's unlabelled audio; PER side by side.
# Budgets are steps; raise them (PRETRAIN_STEPS, CTC_STEPS...) on a bigger machine. Fine-tuning
# settings: CTC_LR (1e-3), CTC_BATCH_SECONDS (16), CTC_FREEZE_FE (false: the feature encoder
# trains too, as it must when pretraining was short; true freezes a pretrained one); the
# pretraining diversity weight DIVERSITY (1.0).
# The demo project is built with SENTENCES utterances per speaker (35: about 7 minutes per
# language, so the two training speakers of the low-resource language hold about 5 minutes).
#
#   bench/train/demo.sh [WORKDIR] [all|main|low]
#
# "main" is steps 1-2, "low" is step 3; "all" runs both, one after the other, or side by
# side as two processes of THREADS threads each with LANES=2 (on 2 cores, two 1-thread
# processes get more done than one 2-thread process).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cli="${FIELDBENCH_CLI:-$here/build/app/fieldbench-cli}"
work="${1:-$HOME/fieldbench-bench-train}"
PRESET="${PRESET:-small}"
PRETRAIN_STEPS="${PRETRAIN_STEPS:-1000}"
CTC_STEPS="${CTC_STEPS:-4000}"
ADAPT_STEPS="${ADAPT_STEPS:-300}"
LOW_STEPS="${LOW_STEPS:-1200}"
LOW_LANG="${LOW_LANG:-fin}"
CTC_LR="${CTC_LR:-1e-3}"
CTC_BATCH_SECONDS="${CTC_BATCH_SECONDS:-16}"
CTC_FREEZE_FE="${CTC_FREEZE_FE:-false}"
THREADS="${THREADS:-0}"
SENTENCES="${SENTENCES:-35}"
BATCH_SECONDS="${BATCH_SECONDS:-16}"
DIVERSITY="${DIVERSITY:-1.0}"
LANES="${LANES:-1}"
part="${2:-all}"
mkdir -p "$work"
demo="$work/demo"
[ -f "$demo/project.sqlite" ] || "$cli" demo --sentences "$SENTENCES" "$demo" > /dev/null
if [ "$part" = all ] && [ "$LANES" = 2 ]; then
  "$0" "$work" main > "$work/main.out" 2>&1 &
  "$0" "$work" low > "$work/low.out" 2>&1 &
  wait
  cat "$work/main.out" "$work/low.out"
  exit
fi

train() { # name, then --set arguments
  local name="$1"; shift
  local run="$work/runs/$name"
  if [ -f "$run/status.json" ] && grep -q '"finished"' "$run/status.json"; then return; fi
  local sets=()
  for s in "$@"; do sets+=(--set "$s"); done
  if [ -f "$run/config.json" ]; then
    "$cli" --threads "$THREADS" train --run "$run" --resume > /dev/null
  else
    "$cli" --threads "$THREADS" train --project "$demo" --run "$run" "${sets[@]}" > /dev/null
  fi
}
best() { echo "$work/runs/$1/checkpoints/$(python3 -c "import json,sys; i=json.load(open(sys.argv[1])); print(i.get('best') or i['latest'])" "$work/runs/$1/checkpoints/index.json")"; }
report() { # run name: the best dev evaluation's PER, overall and per language
  python3 - "$work/runs/$1" "$1" "$demo/project.sqlite" <<'PY'
import json, sqlite3, sys
run, name, db = sys.argv[1], sys.argv[2], sqlite3.connect(sys.argv[3])
evals = [json.loads(l) for l in open(run + "/metrics.jsonl") if l.strip() and '"eval"' in l]
if not evals: print(name, "no evaluation"); sys.exit()
split = json.load(open(run + "/splits.json"))
def minutes(ids):
    if not ids: return 0.0
    q = "select sum(end_s - start_s) from segments where id in (%s)" % ",".join(map(str, ids))
    return (db.execute(q).fetchone()[0] or 0) / 60
best = min(evals, key=lambda e: e.get("per", 9))
print(f"{name}: best dev PER {best['per']*100:.1f}% (WER {best['wer']*100:.1f}%)"
      f" at step {best['step']} of {evals[-1]['step']}; trained on {minutes(split['train']):.1f} min,"
      f" dev {minutes(split['dev']):.1f} min ({', '.join(split.get('dev_speakers', []))})")
for lang, m in sorted(best.get("per_language", {}).items()):
    print(f"  {lang}  PER {m['per']*100:5.1f}%  ({m['utterances']} held-out utterances)")
PY
}

others=$(python3 - "$demo" "$LOW_LANG" <<'PY'
import sqlite3, sys, json
db = sqlite3.connect(sys.argv[1] + "/project.sqlite")
codes = [r[0] for r in db.execute("select code from languages order by code")]
print(json.dumps([c for c in codes if c != sys.argv[2]]))
PY
)

# Pretraining: a diversity weight of 1 (the paper's 0.1 let the small preset's codebook
# collapse to one entry per group at the end of the short warmup, a trivial contrastive task).
common=(data.batch_seconds="$BATCH_SECONDS" data.max_seconds=15 checkpoint.every_steps=250 checkpoint.log_every_steps=10
        pretrain.diversity_weight="$DIVERSITY")
# Fine-tuning: no dropout or layerdrop (transformers' recipe for small data: the model must
# first leave the blank plateau), most of the budget at the peak learning rate. No demo
# utterance is longer than 10 s.
ctc=(objective=ctc ctc.unit=phone data.tier=ipa optim.learning_rate="$CTC_LR" optim.schedule=tristage
     optim.tristage_warmup=0.05 optim.tristage_hold=0.75 optim.tristage_decay=0.2 ctc.dropout=0 ctc.layerdrop=0
     ctc.freeze_transformer_steps=0 checkpoint.every_steps=500 checkpoint.log_every_steps=20
     data.batch_seconds="$CTC_BATCH_SECONDS" data.max_seconds=10)
if [ "$part" != low ]; then
# A few dev evaluations per run (each is a forward pass over a third of the corpus).
train pretrain-all objective=pretrain preset="$PRESET" max_steps="$PRETRAIN_STEPS" optim.learning_rate=5e-4 \
  optim.warmup_steps=$((PRETRAIN_STEPS / 10)) checkpoint.eval_every_steps=$((PRETRAIN_STEPS / 3)) "${common[@]}"
train ctc-all model="$(best pretrain-all)" max_steps="$CTC_STEPS" "${ctc[@]}" checkpoint.eval_every_steps=$((CTC_STEPS / 8)) \
  ctc.freeze_feature_encoder="$CTC_FREEZE_FE"
report ctc-all
fi
[ "$part" = main ] && exit

# Low-resource: about 5 minutes of LOW_LANG (two speakers' utterances with SENTENCES=35;
# the third speaker, reading other sentences, is the dev set).
train pretrain-others objective=pretrain preset="$PRESET" max_steps="$PRETRAIN_STEPS" optim.learning_rate=5e-4 \
  optim.warmup_steps=$((PRETRAIN_STEPS / 10)) "data.languages=$others" checkpoint.eval_every_steps=$((PRETRAIN_STEPS / 3)) \
  "${common[@]}"
train adapt-$LOW_LANG objective=pretrain model="$(best pretrain-others)" max_steps="$ADAPT_STEPS" \
  optim.learning_rate=3e-4 optim.warmup_steps=$((ADAPT_STEPS / 10)) "data.languages=[\"$LOW_LANG\"]" data.dev_fraction=0.33 \
  checkpoint.eval_every_steps=$((ADAPT_STEPS / 4)) "${common[@]}"
low=(max_steps="$LOW_STEPS" "data.languages=[\"$LOW_LANG\"]" data.dev_fraction=0.33
     checkpoint.eval_every_steps=$((LOW_STEPS / 5)) "${ctc[@]}")
# From scratch the feature encoder is random: it trains too (frozen, it would stay random).
train low-a-scratch preset="$PRESET" "${low[@]}" ctc.freeze_feature_encoder=false ctc.freeze_transformer_steps=0
train low-b-others model="$(best pretrain-others)" "${low[@]}" ctc.freeze_feature_encoder="$CTC_FREEZE_FE"
train low-c-adapted model="$(best adapt-$LOW_LANG)" "${low[@]}" ctc.freeze_feature_encoder="$CTC_FREEZE_FE"
for r in low-a-scratch low-b-others low-c-adapted; do report "$r"; done
