# Phone error rate of `fieldbench-cli transcribe` outputs on a CTC run's whole dev set (the
# trainer's periodic evaluation scores a subset of at most 400 utterances). Word delimiters
# are not phones: as the trainer, the PER leaves them out. Each dev recording is transcribed
# whole (the demo's recordings hold one utterance each). Test helper, not a runtime part.
#
#   B=build/app/fieldbench-cli
#   $B export --run RUN --out MODEL
#   python3 bench/train/score_dev.py RUN PROJECT --list > files.txt    # the dev recordings
#   xargs -a files.txt $B transcribe --model MODEL --format json --segmentation fixed --out TX
#   python3 bench/train/score_dev.py RUN PROJECT TX
import json, os, sqlite3, sys
from collections import defaultdict

run, project = sys.argv[1], sys.argv[2]
ids = json.load(open(os.path.join(run, "splits.json")))["dev"]
db = sqlite3.connect(os.path.join(project, "project.sqlite"))
tier = json.load(open(os.path.join(run, "config.json")))["data"]["tier"]
rows = db.execute(
    "select r.audio_file, t.text, l.code from segments s join recordings r on r.id = s.recording_id"
    " join transcripts t on t.segment_id = s.id and t.tier = ? left join languages l on l.id = r.language_id"
    " where s.id in (%s)" % ",".join(map(str, ids)), (tier,)).fetchall()
if sys.argv[3] == "--list":
    print("\n".join(sorted({os.path.join(project, f) for f, _, _ in rows})))
    sys.exit()


def distance(a, b):
    d = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        prev, d[0] = d[:], i
        for j in range(1, len(b) + 1):
            d[j] = min(prev[j] + 1, d[j - 1] + 1, prev[j - 1] + (a[i - 1] != b[j - 1]))
    return d[-1]


errors, lengths = defaultdict(int), defaultdict(int)
for audio, reference, code in rows:
    out = json.load(open(os.path.join(sys.argv[3], os.path.basename(audio).rsplit(".", 1)[0] + ".asr.json")))
    hyp = [u for s in out["segments"] for u in s["text"].split() if u != "|"]
    ref = [u for u in reference.split() if u != "|"]
    errors[code] += distance(ref, hyp)
    lengths[code] += len(ref)
per = {c: errors[c] / lengths[c] for c in lengths}
print(f"{len(rows)} dev utterances: PER {100 * sum(errors.values()) / sum(lengths.values()):.2f}% overall, "
      f"{100 * sum(per.values()) / len(per):.2f}% averaged over {len(per)} languages")
for c in sorted(per):
    print(f"  {c}  PER {100 * per[c]:5.1f}%")
