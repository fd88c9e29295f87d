#!/usr/bin/env python3
"""Regenerates core/data/firefox-l10n.tsv: Firefox's own console templates for CORS errors and
blocked mixed content, in every language Debian ships, read from the installed packages.

Needs: apt-get install firefox-esr firefox-esr-l10n-all
Usage: python3 scripts/firefox-l10n.py [OUT]   (default core/data/firefox-l10n.tsv)

Firefox prints its console messages in the language of the browser, so users paste them
translated. Each Debian language pack is a zip (.xpi) holding
chrome/<locale>/locale/<locale>/global/security/security.properties with the same keys as the
English file (which sits in Firefox's omni.ja)."""

import glob
import os
import re
import subprocess
import sys
import zipfile

FIREFOX = "/usr/lib/firefox-esr"
KEY = re.compile(r"^(CORS[A-Za-z0-9]*|BlockMixed[A-Za-z]*)\s*=\s?(.*)$")


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


def main():
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
