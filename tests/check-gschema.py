#!/usr/bin/python3
# check-gschema.py: every settings key says what it is for (a summary and a
# description), as dconf-editor and GNOME's settings tools show them.
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: check-gschema.py SCHEMA.gschema.xml   (prints TAP)

import sys
import xml.etree.ElementTree as ET


def main():
    path = sys.argv[1]
    keys = ET.parse(path).getroot().findall("./schema/key")
    if not keys:
        print("1..1")
        print(f"not ok 1 - {path} has no keys")
        return 1

    print(f"1..{len(keys)}")
    failed = False
    for number, key in enumerate(keys, start=1):
        name = key.get("name")
        missing = [part for part in ("summary", "description")
                   if not (key.findtext(part) or "").strip()]
        if missing:
            failed = True
            print(f"not ok {number} - {name} has no {' and no '.join(missing)}")
        else:
            print(f"ok {number} - {name}: {key.findtext('summary').strip()}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
