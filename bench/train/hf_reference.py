#!/usr/bin/env python3
"""The reference side of bench/train: one pre-training step of the real Hugging Face
transformers Wav2Vec2ForPreTraining on a model folder, measured as `fieldbench-cli bench
train` measures Fieldbench's: batch x seconds of random audio at 16 kHz, masks drawn with
transformers' _compute_mask_indices (mask_time_prob, mask_time_length, min_masks=2, as
Fieldbench's bench uses the config's mask_time_min_masks) and negatives with
_sample_negative_indices (num_negatives), forward with the contrastive + diversity loss,
backward, AdamW(lr 1e-4). Masks and negatives are drawn before the clock starts (the data
loader's work), as in the C++ bench. Prints one JSON object with the same keys.

    python hf_reference.py --model DIR [--batch 4 --seconds 4 --steps 5 --warmup 2 --threads N]
"""
import argparse
import json
import resource
import time

import torch
from transformers import Wav2Vec2ForPreTraining
from transformers.models.wav2vec2.modeling_wav2vec2 import _compute_mask_indices, _sample_negative_indices


def median(values):
    # The same as the C++ bench: the middle element, the upper one for an even count.
    return sorted(values)[len(values) // 2]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", required=True)
    ap.add_argument("--batch", type=int, default=4)
    ap.add_argument("--seconds", type=float, default=4.0)
    ap.add_argument("--steps", type=int, default=5)
    ap.add_argument("--warmup", type=int, default=2)
    ap.add_argument("--threads", type=int, default=0)
    args = ap.parse_args()
    if args.threads > 0:
        torch.set_num_threads(args.threads)
    torch.manual_seed(0)

    model = Wav2Vec2ForPreTraining.from_pretrained(args.model)  # transformers' default attention
    model.train()
    cfg = model.config
    samples = int(args.seconds * 16000)
    audio = torch.randn(args.batch, samples) * 0.1
    frames = int(model._get_feat_extract_output_lengths(torch.tensor(samples)).item())
    opt = torch.optim.AdamW(model.parameters(), lr=1e-4)

    fwd, bwd, optim, total, cpu = [], [], [], [], []
    for i in range(args.warmup + args.steps):
        mask = _compute_mask_indices((args.batch, frames), mask_prob=cfg.mask_time_prob,
                                     mask_length=cfg.mask_time_length, min_masks=cfg.mask_time_min_masks)
        negatives = _sample_negative_indices((args.batch, frames), cfg.num_negatives, mask_time_indices=None)
        mask = torch.tensor(mask, dtype=torch.bool)
        negatives = torch.tensor(negatives, dtype=torch.long)
        c0 = time.process_time()
        t0 = time.perf_counter()
        loss = model(audio, mask_time_indices=mask, sampled_negative_indices=negatives).loss
        t1 = time.perf_counter()
        opt.zero_grad()
        loss.backward()
        t2 = time.perf_counter()
        opt.step()
        t3 = time.perf_counter()
        if i >= args.warmup:
            fwd.append(t1 - t0)
            bwd.append(t2 - t1)
            optim.append(t3 - t2)
            total.append(t3 - t0)
            cpu.append(time.process_time() - c0)

    step = median(total)
    print(json.dumps({
        "model": args.model,
        "implementation": "transformers " + __import__("transformers").__version__ + ", torch " + torch.__version__,
        "attention": getattr(cfg, "_attn_implementation", None),
        "parameters": sum(p.numel() for p in model.parameters()),
        "device": "cpu",
        "precision": "fp32",
        "threads": torch.get_num_threads(),
        "batch": args.batch,
        "seconds": args.seconds,
        "steps": args.steps,
        "warmup": args.warmup,
        "step_s": step,
        "step_s_min": min(total),
        "step_s_max": max(total),
        "audio_s_per_s": args.batch * args.seconds / step,
        "forward_s": median(fwd),
        "backward_s": median(bwd),
        "optimizer_s": median(optim),
        "step_times_s": total,
        "step_cpu_s": median(cpu),
        "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0,
    }))


if __name__ == "__main__":
    main()
