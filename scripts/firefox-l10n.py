#!/usr/bin/env python3
"""Regenerates core/data/firefox-l10n.tsv: Firefox's own console templates for CORS errors and
blocked mixed content, in every language Debian ships, read from the installed packages.

Needs: apt-get install firefox-esr firefox-esr-l10n-all
Usage: python3 scripts/firefox-l10n.py [OUT]   (default core/data/firefox-l10n.tsv)
       python3 scripts/firefox-l10n.py --older GITDIR... (writes core/data/firefox-l10n-older.tsv)

Firefox prints its console messages in the language of the browser, so users paste them
translated. Each Debian language pack is a zip (.xpi) holding
chrome/<locale>/locale/<locale>/global/security/security.properties with the same keys as the
English file (which sits in Firefox's omni.ja).

Older Firefox releases printed other wordings and keys (the "preflight channel", CORSRequestFailed
of Firefox 38-42, CrossSiteRequestBlocked before Firefox 38), translated too, and people still
paste them. `--older GITDIR...` reads every version in the history of each
<locale>/dom/chrome/security/security.properties (or, in a language pack's layout,
<locale>/chrome/<locale>/locale/<locale>/global/security/security.properties) of l10n git
repositories (git directories, for example brought in with `git clone --bare`) and writes the templates that differ from the
current ones of the same locale and key (read from core/data/firefox-l10n.tsv) to
core/data/firefox-l10n-older.tsv, in the same format: the reader takes a line in an older
translation for the key it was translated from. en-US and en-GB are left out there (the older
English keys are core/data/firefox-older.tsv)."""

import glob
import os
import re
import subprocess
import sys
import zipfile

FIREFOX = "/usr/lib/firefox-esr"
KEY = re.compile(r"^(CORS[A-Za-z0-9]*|BlockMixed[A-Za-z]*|CrossSiteRequestBlocked)\s*=\s?(.*)$")
# An l10n repository's layout, or a language pack's (chrome/<locale>/locale/<locale>/global/…).
L10N_PATH = re.compile(r"^([A-Za-z]{2,3}(?:-[A-Za-z0-9]+)*)/(?:dom/chrome|chrome/\1/locale/\1/global)/security/security\.properties$")


def package_version(name):
    out = subprocess.run(["dpkg-query", "-W", "-f=${Version}", name], capture_output=True, text=True)
    return out.stdout.strip() or "unknown"


def templates(text):
    for line in text.splitlines():
        m = KEY.match(line)
        if not m:
            continue
        key, value = m.group(1), m.group(2)
        value = re.sub(r"\\u([0-9a-fA-F]{4})", lambda x: chr(int(x.group(1), 16)), value)
        value = value.replace("\\\\", "\\")
        if "\t" in value:
            raise SystemExit(f"{key}: a tab in the template")
        yield key, value


def git(gitdir, *args):
    out = subprocess.run(["git", "--git-dir", gitdir, *args], capture_output=True)
    if out.returncode != 0:
        raise SystemExit(f"git {' '.join(args)} in {gitdir}: {out.stderr.decode(errors='replace')}")
    return out.stdout


def older(gitdirs):
    """The templates of every version in the l10n repositories' histories that the current table
    does not hold for that locale and key."""
    here = os.path.dirname(__file__)
    current_path = os.path.join(here, "..", "core", "data", "firefox-l10n.tsv")
    current = set()
    with open(current_path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#"):
                continue
            fields = line.rstrip("\n").split("\t")
            if len(fields) == 3:
                current.add(tuple(fields))
    rows, seen, sources = [], set(), []
    for gitdir in gitdirs:
        head = git(gitdir, "rev-parse", "HEAD").decode().strip()
        paths = [p for p in git(gitdir, "ls-tree", "-r", "--name-only", "HEAD").decode().splitlines()
                 if L10N_PATH.match(p)]
        count = 0
        for path in sorted(paths):
            locale = L10N_PATH.match(path).group(1)
            if locale in ("en-US", "en-GB"):
                continue
            commits = git(gitdir, "log", "--format=%H", "HEAD", "--", path).decode().split()
            for commit in reversed(commits):
                try:
                    text = git(gitdir, "show", f"{commit}:{path}").decode("utf-8")
                except SystemExit:
                    continue
                for key, value in templates(text):
                    row = (locale, key, value.strip())
                    if not row[2] or row in current or row in seen:
                        continue
                    seen.add(row)
                    rows.append(row)
                    count += 1
        sources.append((gitdir, head, len(paths), count))
    return rows, sources


def main_older(gitdirs):
    out_path = os.path.join(os.path.dirname(__file__), "..", "core", "data", "firefox-l10n-older.tsv")
    rows, sources = older(gitdirs)
    with open(out_path, "w", encoding="utf-8") as out:
        out.write("# Older translations of Firefox's console templates for CORS errors and blocked mixed content:\n")
        out.write("# every version in the history of each locale's security.properties (dom/chrome/security/, or a\n")
        out.write("# language pack's global/security/) in these repositories that differs from the current template\n")
        out.write("# of the same locale and key in\n")
        out.write("# firefox-l10n.tsv (older wordings, and keys later releases renamed). Regenerate with\n")
        out.write("# scripts/firefox-l10n.py --older GITDIR...; read from:\n")
        for gitdir, head, files, count in sources:
            name = os.path.basename(os.path.dirname(os.path.abspath(gitdir))) if os.path.basename(gitdir.rstrip("/")) == "repo" else os.path.basename(gitdir.rstrip("/"))
            out.write(f"#   {name.replace('+', '/')} at {head}: {files} files, {count} templates\n")
        out.write("# locale\tkey\ttemplate\n")
        for row in sorted(rows, key=lambda r: (r[0], r[1])):
            if "\t" in row[2]:
                raise SystemExit(f"{row[0]} {row[1]}: a tab in the template")
            out.write("\t".join(row) + "\n")
    print(f"{out_path}: {len(rows)} older templates")


def main():
    if len(sys.argv) > 2 and sys.argv[1] == "--older":
        return main_older(sys.argv[2:])
    out_path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        os.path.dirname(__file__), "..", "core", "data", "firefox-l10n.tsv")
    sources = {}
    with zipfile.ZipFile(os.path.join(FIREFOX, "omni.ja")) as z:
        sources["en-US"] = z.read("chrome/en-US/locale/en-US/global/security/security.properties")
    for xpi in sorted(glob.glob(os.path.join(FIREFOX, "browser/extensions/langpack-*@firefox-esr.mozilla.org.xpi"))):
        locale = os.path.basename(xpi)[len("langpack-"):].split("@")[0]
        with zipfile.ZipFile(xpi) as z:
            sources[locale] = z.read(f"chrome/{locale}/locale/{locale}/global/security/security.properties")
    if len(sources) < 2:
        raise SystemExit("no language packs found: apt-get install firefox-esr-l10n-all")
    rows = []
    for locale in sorted(sources):
        for key, value in templates(sources[locale].decode("utf-8")):
            rows.append((locale, key, value))
    firefox = package_version("firefox-esr")
    l10n = package_version("firefox-esr-l10n-all")
    with open(out_path, "w", encoding="utf-8") as out:
        out.write("# Firefox's own console templates for CORS errors and blocked mixed content, in every language\n")
        out.write("# Debian ships: the keys CORS* and BlockMixed* of global/security/security.properties, read from\n")
        out.write(f"# firefox-esr {firefox} (en-US, from omni.ja) and firefox-esr-l10n-all {l10n}\n")
        out.write("# (/usr/lib/firefox-esr/browser/extensions/langpack-<locale>@firefox-esr.mozilla.org.xpi,\n")
        out.write("# chrome/<locale>/locale/<locale>/global/security/security.properties). \\uXXXX escapes are decoded;\n")
        out.write("# %1$S is the URL, %2$S the reason's argument. Regenerate with scripts/firefox-l10n.py.\n")
        out.write("# locale\tkey\ttemplate\n")
        for row in rows:
            out.write("\t".join(row) + "\n")
    print(f"{out_path}: {len(rows)} templates in {len(sources)} locales (firefox-esr {firefox})")


if __name__ == "__main__":
    main()
