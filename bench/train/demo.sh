#!/usr/bin/env bash
# The training experiments of issue 4 on the demo corpus, on the CPU, re-runnable:
#   1. pretrain the small preset on all demo languages (unlabelled audio);
#   2. fine-tune a phoneme recogniser (IPA tier) on all demo languages from (1), and report
#      PER per language on held-out speakers (who also read held-out sentences);
#   3. the low-resource case: fine-tune on ~5 minutes of one language (fin by default)
#      (a) from scratch, (b) from a model pretrained on the other languages, (c) from (b)
#      after continued pretraining on that language's unlabelled audio; PER side by side.
# Budgets are steps; raise them (PRETRAIN_STEPS, CTC_STEPS...) on a bigger machine.
#
#   bench/train/demo.sh [WORKDIR]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cli="${FIELDBENCH_CLI:-$here/build/app/fieldbench-cli}"
work="${1:-$HOME/fieldbench-bench-train}"
PRESET="${PRESET:-small}"
PRETRAIN_STEPS="${PRETRAIN_STEPS:-2000}"
CTC_STEPS="${CTC_STEPS:-2000}"
ADAPT_STEPS="${ADAPT_STEPS:-500}"
LOW_STEPS="${LOW_STEPS:-1000}"
LOW_LANG="${LOW_LANG:-fin}"
THREADS="${THREADS:-0}"
mkdir -p "$work"
demo="$work/demo"
[ -f "$demo/project.sqlite" ] || "$cli" demo "$demo"

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
report() { # run name: last eval line's per-language PER
  python3 - "$work/runs/$1/metrics.jsonl" "$1" <<'PY'
import json, sys
evals = [json.loads(l) for l in open(sys.argv[1]) if l.strip() and '"eval"' in l]
if not evals: print(sys.argv[2], "no evaluation"); sys.exit()
best = min(evals, key=lambda e: e.get("per", 9))
print(f"{sys.argv[2]}: step {best['step']}  PER {best['per']*100:.1f}%  WER {best['wer']*100:.1f}%")
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

common=(data.batch_seconds=60 data.max_seconds=15 checkpoint.every_steps=250 checkpoint.log_every_steps=10)
train pretrain-all objective=pretrain preset="$PRESET" max_steps="$PRETRAIN_STEPS" optim.learning_rate=5e-4 \
  optim.warmup_steps=200 checkpoint.eval_every_steps=250 "${common[@]}"
train ctc-all objective=ctc model="$(best pretrain-all)" max_steps="$CTC_STEPS" optim.learning_rate=3e-4 \
  optim.schedule=tristage ctc.unit=phone data.tier=ipa ctc.freeze_transformer_steps=200 \
  checkpoint.eval_every_steps=250 "${common[@]}"
report ctc-all

# Low-resource: 5 minutes of LOW_LANG (one speaker's utterances are about 5 minutes in
# the demo; the other speakers are the dev set).
train pretrain-others objective=pretrain preset="$PRESET" max_steps="$PRETRAIN_STEPS" optim.learning_rate=5e-4 \
  optim.warmup_steps=200 "data.languages=$others" checkpoint.eval_every_steps=250 "${common[@]}"
train adapt-$LOW_LANG objective=pretrain model="$(best pretrain-others)" max_steps="$ADAPT_STEPS" \
  optim.learning_rate=1e-4 optim.warmup_steps=50 "data.languages=[\"$LOW_LANG\"]" data.dev_fraction=0.34 \
  checkpoint.eval_every_steps=100 "${common[@]}"
low=(objective=ctc max_steps="$LOW_STEPS" optim.learning_rate=3e-4 optim.schedule=tristage ctc.unit=phone data.tier=ipa
     "data.languages=[\"$LOW_LANG\"]" data.dev_fraction=0.67 checkpoint.eval_every_steps=100 "${common[@]}")
train low-a-scratch preset="$PRESET" "${low[@]}"
train low-b-others model="$(best pretrain-others)" ctc.freeze_transformer_steps=100 "${low[@]}"
train low-c-adapted model="$(best adapt-$LOW_LANG)" ctc.freeze_transformer_steps=100 "${low[@]}"
for r in low-a-scratch low-b-others low-c-adapted; do report "$r"; done
