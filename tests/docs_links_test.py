#!/usr/bin/env python3
"""Docs say only what is true: every relative link and image in README.md and docs/*.md resolves to a
file in the repository (and a #fragment to a heading of it), and no document names a file outside the
repository (the docs must stand alone in a clone or an installed package).

Usage: docs_links_test.py [REPO_ROOT]. Prints each problem and 'docs_links: N passed, M failed'."""
import os
import re
import sys

root = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), ".."))

# [text](target) and ![alt](target), with an optional "title"; <img src="..."> and <a href="...">.
MARKDOWN_LINK = re.compile(r"!?\[(?:[^\]\\]|\\.)*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
HTML_LINK = re.compile(r"<(?:img|a)\b[^>]*\b(?:src|href)=\"([^\"]+)\"", re.IGNORECASE)
REFERENCE_DEF = re.compile(r"^\s*\[[^\]]+\]:\s*(\S+)", re.MULTILINE)
# A path leaving the repository: ../ climbing above the root is checked on resolution; these catch
# paths written as text (in code spans too), which a reader would try to open.
OUTSIDE_PATH = re.compile(r"(?<![\w.])\.\./shared\b|(?<![\w/])/work/|\bshared/(?:design|assets)/")
FENCE = re.compile(r"^```.*?^```", re.MULTILINE | re.DOTALL)


def anchors(path):
    """GitHub-style heading anchors of a Markdown file."""
    found = set()
    with open(path, encoding="utf-8") as f:
        text = FENCE.sub("", f.read())
    for line in text.splitlines():
        m = re.match(r"^#{1,6}\s+(.*?)\s*#*\s*$", line)
        if not m:
            continue
        slug = re.sub(r"[^\w\- ]", "", m.group(1).strip().lower().replace("`", "")).replace(" ", "-")
        base, n = slug, 1
        while slug in found:
            slug, n = f"{base}-{n}", n + 1
        found.add(slug)
    return found


def documents():
    yield os.path.join(root, "README.md")
    docs = os.path.join(root, "docs")
    for name in sorted(os.listdir(docs)):
        if name.endswith(".md"):
            yield os.path.join(docs, name)


def check(doc):
    problems = []
    with open(doc, encoding="utf-8") as f:
        text = f.read()
    rel = os.path.relpath(doc, root)
    for number, line in enumerate(text.splitlines(), 1):
        if OUTSIDE_PATH.search(line):
            problems.append(f"{rel}:{number}: names a file outside the repository: {line.strip()[:120]}")
    prose = FENCE.sub("", text)
    targets = MARKDOWN_LINK.findall(prose) + HTML_LINK.findall(prose) + REFERENCE_DEF.findall(prose)
    for target in targets:
        if re.match(r"^[a-z][a-z0-9+.-]*:", target, re.IGNORECASE):  # http:, https:, mailto:
            continue
        path, _, fragment = target.partition("#")
        resolved = os.path.normpath(os.path.join(os.path.dirname(doc), path)) if path else doc
        if not (resolved == root or resolved.startswith(root + os.sep)):
            problems.append(f"{rel}: link {target} leaves the repository")
            continue
        if not os.path.exists(resolved):
            problems.append(f"{rel}: link {target} does not resolve ({os.path.relpath(resolved, root)} is missing)")
            continue
        if fragment and resolved.endswith(".md") and fragment.lower() not in anchors(resolved):
            problems.append(f"{rel}: link {target}: no heading #{fragment} in {os.path.relpath(resolved, root)}")
    return problems, len(targets)


def main():
    failed = passed = 0
    links = 0
    for doc in documents():
        problems, count = check(doc)
        links += count
        for p in problems:
            print(p)
        failed += len(problems)
        passed += 1 if not problems else 0
    print(f"docs_links: {links} links checked")
    print(f"docs_links: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
