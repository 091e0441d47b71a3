#!/usr/bin/python3
"""`hint report PROJECT --html DIR` on the computed demo (the report.demo fixture): every page and figure
is written with its CSV beside it, text from data is escaped, a re-run replaces the report whole and
leaves nothing beside it, a folder that is not a report is never replaced, bad input exits 2 naming it,
Ctrl-C exits 130 leaving the earlier report, and a `hint` with no hint-explorer beside it says so (exit 2).
Usage: report_site_test.py HINT WORK (WORK as make_demo_fixture.sh left it)."""
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile

hint, work = sys.argv[1], sys.argv[2]
env = dict(os.environ, HINT_CACHE_DIR=os.path.join(work, "cache"), XDG_CONFIG_HOME=os.path.join(work, "config"),
           XDG_RUNTIME_DIR=os.path.join(work, "runtime"))
env.pop("DISPLAY", None)
env.pop("WAYLAND_DISPLAY", None)  # the report needs no display
project = os.path.join(work, "demo", "demo.hintproj")
failures = []
passed = 0


def check(ok, what):
    global passed
    if ok:
        passed += 1
        print("ok:", what)
    else:
        failures.append(what)
        print("FAILED:", what)


def report(*args):
    return subprocess.run([hint, "report", *args], env=env, capture_output=True, text=True)


scratch = tempfile.mkdtemp(prefix="report-site-")
try:
    # The fixture's report, copied: the replace checks below change it.
    site = os.path.join(scratch, "site")
    shutil.copytree(os.path.join(work, "site"), site)
    seconds = float(open(os.path.join(work, "report_seconds")).read())
    log = open(os.path.join(work, "report.log")).read()
    check(re.search(r"report 75/75: ", log) is not None, "progress reaches 75/75 concept x layer pages on stderr")
    size = sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(site) for f in fs)
    files = sum(len(fs) for _, _, fs in os.walk(site))
    print(f"report of the demo: {files} files, {size / 1e6:.1f} MB, {seconds:.1f} s")

    stored = json.loads(report(project, "--json").stdout)
    units = stored["units"]
    check(len(units) == 75, f"the demo has 25 concepts x 3 layers stored ({len(units)})")
    index = open(os.path.join(site, "index.html"), encoding="utf-8").read()
    for unit in units:
        page = os.path.join(site, "concepts", unit["concept"], unit["layer"] + ".html")
        if not os.path.isfile(page):
            check(False, f"page of {unit['concept']} at {unit['layer']}")
            continue
        html = open(page, encoding="utf-8").read()
        figures = re.findall(r'<img src="([^"]+)"', html)
        csvs = re.findall(r'<a href="([^"]+\.csv)"', html)
        folder = os.path.dirname(page)
        missing = [f for f in figures + csvs if not os.path.isfile(os.path.normpath(os.path.join(folder, f)))]
        # Contributions, 3 heatmaps, 2 concept maps, and the evaluation figure when localization is stored.
        want = 6 + (1 if unit["localizations"] and all(l["dir"] for l in unit["localizations"]) else 0)
        if len(figures) != want or len(csvs) != want or missing:
            check(False, f"{unit['concept']} at {unit['layer']}: {len(figures)} figures, {len(csvs)} CSVs (want {want}), missing {missing}")
        # The F1 on the page is the stored one.
        if unit["f1"] is not None and f"linear <b>{unit['f1']:.3f}</b>" not in html:
            check(False, f"{unit['concept']} at {unit['layer']}: F1 {unit['f1']:.3f} not on its page")
    check(not failures, "all 75 concept x layer pages have their figures, each with a CSV beside it, and their F1")
    for layer in ("features.10", "features.13", "features.16"):
        html = open(os.path.join(site, "layers", layer + ".html"), encoding="utf-8").read()
        matrix = os.path.join(site, "layers", layer, "associations.svg")
        check(f'src="../layers/{layer}/associations.svg"' in html and os.path.getsize(matrix) > 10000 and
              os.path.isfile(os.path.join(site, "layers", layer, "associations.csv")),
              f"layer page {layer} shows the neuron x concept matrix, its CSV beside it")
    check(index.count("class=\"concept studied\"") >= 25, "the index's tree marks the 25 studied concepts")
    check("http://" not in index and "https://" not in index, "the index names no network address")
    check(os.stat(site).st_mode & 0o005 == 0o005, "the published folder is readable by others like any folder")

    # A re-run replaces the report whole: a file left in the old one is gone, nothing is left beside it.
    open(os.path.join(site, "stale.txt"), "w").write("from an earlier report")
    rerun = report(project, "--html", site, "--concepts", "n13878634")
    check(rerun.returncode == 0 and not os.path.exists(os.path.join(site, "stale.txt")), "a re-run replaces the report whole")
    check(len([n for n in os.listdir(site + "/concepts")]) == 1, "the re-run's report holds only the concept asked for")
    check(sorted(os.listdir(scratch)) == ["site"], f"no temporary folder is left ({os.listdir(scratch)})")

    # A folder that is not a report is never replaced.
    photos = os.path.join(scratch, "photos")
    os.makedirs(photos)
    open(os.path.join(photos, "holiday.jpg"), "w").write("x")
    refused = report(project, "--html", photos, "--concepts", "n13878634")
    check(refused.returncode == 2 and "not a report" in refused.stderr and os.path.exists(os.path.join(photos, "holiday.jpg")),
          f"a folder that is not a report is kept (exit {refused.returncode}: {refused.stderr.strip()[-200:]})")
    check(sorted(os.listdir(scratch)) == ["photos", "site"], "and the refused report leaves no temporary folder")

    # Ctrl-C (SIGINT to the terminal's process group) part-way: exit 130, the earlier report untouched and
    # no temporary folder left.
    before = sorted(os.listdir(os.path.join(site, "concepts")))
    running = subprocess.Popen([hint, "report", project, "--html", site], env=env, stderr=subprocess.PIPE, text=True,
                               start_new_session=True)
    for line in running.stderr:
        if "report 1/" in line:
            os.killpg(running.pid, signal.SIGINT)
            break
    code = running.wait(timeout=60)
    running.stderr.close()
    check(code == 130 and sorted(os.listdir(os.path.join(site, "concepts"))) == before and sorted(os.listdir(scratch)) == ["photos", "site"],
          f"Ctrl-C exits 130 and leaves the earlier report as it was, nothing beside it ({code}, {os.listdir(scratch)})")

    # Bad input exits 2 naming it.
    bad = report(project, "--html", os.path.join(scratch, "never"), "--concepts", "n99999999")
    check(bad.returncode == 2 and "n99999999" in bad.stderr and not os.path.exists(os.path.join(scratch, "never")),
          f"an unknown concept exits 2 naming it ({bad.returncode}: {bad.stderr.strip()})")
    both = report(project, "--html", os.path.join(scratch, "never"), "--json")
    check(both.returncode == 2 and "--json" in both.stderr, "--html with --json exits 2")

    # Without hint-explorer beside it, `hint report --html` says what is missing.
    lonely = os.path.join(scratch, "bin")
    os.makedirs(lonely)
    # The command line as installed: the launcher and hint-engine beside it, but no hint-explorer.
    for program in ("hint", "hint-engine"):
        shutil.copy2(os.path.join(os.path.dirname(os.path.realpath(hint)), program), os.path.join(lonely, program))
    alone = subprocess.run([os.path.join(lonely, "hint"), "report", project, "--html", os.path.join(scratch, "never")],
                           env=env, capture_output=True, text=True)
    check(alone.returncode == 2 and "hint-explorer" in alone.stderr, f"no explorer beside hint: exit 2 naming it ({alone.returncode})")
finally:
    shutil.rmtree(scratch, ignore_errors=True)

print(f"report_site_test: {passed} passed, {len(failures)} failed")
sys.exit(1 if failures else 0)
