# The CTC over-fitting check with the real transformers Wav2Vec2ForCTC, to compare with a
# Fieldbench run on the identical data: same model folder, same speaker's utterances, same
# vocabulary (a Fieldbench run's vocab.json), AdamW (betas 0.9/0.98, eps 1e-6, wd 0.01),
# constant lr after 50 warmup updates, clipping 10, batches of random utterances up to 16 s.
# Prints "update loss" every 20 updates. Reference only: never a runtime dependency.
#
#   python3 bench/train/hf_ctc_overfit.py PROJECT MODEL_DIR RUN/vocab.json SPEAKER UPDATES LR
#
# The Fieldbench side (the same settings):
#   fieldbench-cli --threads 1 train --project PROJECT --run RUN --set objective=ctc
#     --set model=MODEL_DIR --set optim.schedule=constant --set optim.warmup_steps=50
#     --set ctc.freeze_feature_encoder=false --set data.dev_fraction=0
#     --set 'data.speakers=["SPEAKER"]' --set optim.learning_rate=LR --set max_steps=UPDATES
import json, random, sqlite3, subprocess, sys, numpy as np, torch
from transformers import Wav2Vec2ForCTC
project, model_dir, vocab_file, speaker, steps, lr = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5]), float(sys.argv[6])
torch.set_num_threads(1); torch.manual_seed(0); random.seed(0)
vocab = json.load(open(vocab_file))
db = sqlite3.connect(project + "/project.sqlite")
rows = db.execute("""select t.text, s.start_s, s.end_s, r.audio_file from transcripts t join segments s on s.id=t.segment_id
 join recordings r on r.id=s.recording_id join speakers sp on sp.id=r.speaker_id where t.tier='ipa' and sp.name=?""", (speaker,)).fetchall()
data = []
for text, a, b, f in rows:
    raw = subprocess.run(["sox", project + "/" + f, "-t", "raw", "-e", "float", "-b", "32", "-"], capture_output=True, check=True).stdout
    w = np.frombuffer(raw, dtype=np.float32)[int(a * 16000):int(b * 16000)]
    w = (w - w.mean()) / np.sqrt(w.var() + 1e-7)
    data.append((torch.from_numpy(w.copy()), torch.tensor([vocab.get(u, 3) for u in text.split()])))
model = Wav2Vec2ForCTC.from_pretrained(model_dir, vocab_size=len(vocab), pad_token_id=0, ctc_loss_reduction="mean",
                                       ctc_zero_infinity=True, mask_time_prob=0.05)
model.train()
opt = torch.optim.AdamW(model.parameters(), lr=lr, betas=(0.9, 0.98), eps=1e-6, weight_decay=0.01)
for step in range(1, steps + 1):
    for g in opt.param_groups: g["lr"] = lr * min(1.0, step / 50)
    batch, secs = [], 0.0
    for i in random.sample(range(len(data)), len(data)):
        if batch and secs + len(data[i][0]) / 16000 > 16: break
        batch.append(data[i]); secs += len(data[i][0]) / 16000
    T = max(len(w) for w, _ in batch); L = max(len(l) for _, l in batch)
    x = torch.zeros(len(batch), T); m = torch.zeros(len(batch), T, dtype=torch.long); y = torch.full((len(batch), L), -100)
    for k, (w, l) in enumerate(batch):
        x[k, :len(w)] = w; m[k, :len(w)] = 1; y[k, :len(l)] = l
    loss = model(x, attention_mask=m, labels=y).loss
    opt.zero_grad(); loss.backward(); torch.nn.utils.clip_grad_norm_(model.parameters(), 10.0); opt.step()
    if step % 20 == 0: print(step, round(loss.item(), 2), flush=True)
