#!/usr/bin/env python3
"""Top-10 neurons by mean |phi| of the one Shapley entry in each of two caches (fp32 and bf16 runs of the
same project): prints both lists and how many neurons they share (issue 17 part 3 asks for >= 9)."""
import csv
import glob
import json
import sys


def top_neurons(cache, k=10):
    for manifest in glob.glob(f"{cache}/*/manifest.json"):
        if json.load(open(manifest))["cache_key"]["stage"] != "shapley":
            continue
        rows = list(csv.DictReader(open(manifest.replace("manifest.json", "shapley.csv"))))
        column = next(c for c in rows[0] if c.startswith("mean"))
        rows.sort(key=lambda r: -float(r[column]))
        return [int(r["neuron"]) for r in rows[:k]]
    sys.exit(f"no shapley entry in {cache}")


fp32, bf16 = top_neurons(sys.argv[1]), top_neurons(sys.argv[2])
print(json.dumps({"fp32_top10": fp32, "bf16_top10": bf16, "shared_of_10": len(set(fp32) & set(bf16))}))
