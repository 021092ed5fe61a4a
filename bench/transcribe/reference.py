#!/usr/bin/env python3
"""Reference real-time factor: the real transformers Wav2Vec2ForCTC forward (default
attention implementation, eval mode, inference_mode, fp32) on consecutive clips of a
16-bit mono 16 kHz WAV, with Wav2Vec2FeatureExtractor's normalisation done before timing.

    reference.py MODEL_DIR LONG.wav [--threads 2] [--clip 10] [--clips 6] [--runs 3]

Prints "RTF r1 r2 ... median M" (forward seconds / audio seconds per run).
"""
import argparse
import statistics
import time
import wave

import numpy as np
import torch
import transformers as T

ap = argparse.ArgumentParser()
ap.add_argument("model")
ap.add_argument("wav")
ap.add_argument("--threads", type=int, default=2)
ap.add_argument("--clip", type=float, default=10.0)
ap.add_argument("--clips", type=int, default=6)
ap.add_argument("--runs", type=int, default=3)
a = ap.parse_args()

torch.set_num_threads(a.threads)
with wave.open(a.wav) as w:
    assert w.getframerate() == 16000 and w.getnchannels() == 1 and w.getsampwidth() == 2
    audio = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2").astype(np.float32) / 32768.0
n = int(a.clip * 16000)
clips = [audio[i * n:(i + 1) * n] for i in range(min(a.clips, len(audio) // n))]
fe = T.Wav2Vec2FeatureExtractor.from_pretrained(a.model)
inputs = [fe(c, sampling_rate=16000, return_tensors="pt").input_values for c in clips]
model = T.Wav2Vec2ForCTC.from_pretrained(a.model).eval()
with torch.inference_mode():
    model(inputs[0])  # warm-up
    rtfs = []
    for _ in range(a.runs):
        t0 = time.perf_counter()
        for x in inputs:
            model(x).logits.argmax(-1)
        rtfs.append((time.perf_counter() - t0) / (len(inputs) * a.clip))
print("RTF " + " ".join(f"{r:.4f}" for r in rtfs) + f" median {statistics.median(rtfs):.4f}"
      f" ({len(inputs)} clips of {a.clip:g} s, attn {model.config._attn_implementation})")
