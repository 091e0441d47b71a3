#!/usr/bin/python3
"""Independent reference for the C++ ConceptGraph: reads WordNet's data.noun and a list of class
wnids, and prints, for every class and ancestor (through '@' and '@i'), one line:
wnid n_parents n_children n_leaves min_depth max_depth first_lemma
Usage: wordnet_closure.py DATA_NOUN WNIDS_FILE"""
import sys
from functools import lru_cache


def read_wordnet(path):
    hypernyms, lemmas = {}, {}
    with open(path, encoding="latin-1") as f:
        for line in f:
            if line.startswith("  "):
                continue
            fields = line.split(" | ")[0].split()
            offset = "n" + fields[0]
            words = int(fields[3], 16)
            lemmas[offset] = fields[4].replace("_", " ")
            p = 4 + 2 * words
            pointers = int(fields[p])
            parents = []
            for i in range(pointers):
                symbol, target, pos = fields[p + 1 + 4 * i: p + 4 + 4 * i]
                if symbol in ("@", "@i") and pos == "n" and "n" + target not in parents:
                    parents.append("n" + target)
            hypernyms[offset] = parents
    return hypernyms, lemmas


def main():
    hypernyms, lemmas = read_wordnet(sys.argv[1])
    classes = [w.strip() for w in open(sys.argv[2]) if w.strip()]
    members, stack = set(classes), list(classes)
    while stack:
        for parent in hypernyms[stack.pop()]:
            if parent not in members:
                members.add(parent)
                stack.append(parent)
    children = {m: [] for m in members}
    for m in members:
        for p in hypernyms[m]:
            children[p].append(m)

    @lru_cache(maxsize=None)
    def depths(w):
        if not hypernyms[w]:
            return (0, 0)
        ds = [depths(p) for p in hypernyms[w]]
        return (1 + min(d[0] for d in ds), 1 + max(d[1] for d in ds))

    class_set = set(classes)

    @lru_cache(maxsize=None)
    def leaves(w):
        found = {w} if w in class_set else set()
        for c in children[w]:
            found |= leaves(c)
        return frozenset(found)

    for m in sorted(members):
        lo, hi = depths(m)
        print(m, len(hypernyms[m]), len(children[m]), len(leaves(m)), lo, hi, lemmas[m])


if __name__ == "__main__":
    main()
