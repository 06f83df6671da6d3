"""Build the planner's given-name gender lexicon (src/mailwarden/planner/data/given_names.tsv) from
nomquamgender's name data.

    python scripts/build_given_names.py PATH/TO/nomquamgender/name_data.json \
        > src/mailwarden/planner/data/given_names.tsv

name_data.json (nomquamgender 0.1.4, MIT) maps a lower-case name to [sources, count, p(gender female), ...].
Kept: names of ASCII letters only, counted at least MIN_COUNT times, whose p(gf) is at most THRESHOLD (m)
or at least 1 - THRESHOLD (f). The rule: a name is given a gender when calling its bearers by that gender
is wrong for at most THRESHOLD = 6 % of them (nomquamgender's own default is 10 %). The planner lets a
name's gender overrule the reading of a sentence, so Sam (0.074) and Alex (0.093), one in fourteen and one
in eleven of whose bearers is a woman, must not rule "her" out; Jane (0.949) and Karen (0.941), whose
bearers are women all but one in twenty and one in seventeen, are f, so "his" for Jane is no reading.
Liam (0.031) stays m, Emma (0.992) f; Sam, Alex, Chris 0.12, Jordan 0.11, Lee 0.30, Taylor 0.36 are left
out and stay unknown to the planner. The data is read here, once, so the planner never imports nomquamgender
(pandas/numpy, 1.3 s to load).
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

SOURCE = "nomquamgender"
VERSION = "0.1.4"
MIN_COUNT = 500
THRESHOLD = 0.06
_NAME = re.compile(r"[a-z]+")

LICENSE = """Copyright (c) 2022 Ian Van Buskirk

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE."""


def rows(data: dict[str, list[object]]) -> list[tuple[str, str]]:
    """(name, "m" | "f") for each name kept, sorted by name."""
    kept = []
    for name, record in data.items():
        count, pgf = record[1], record[2]
        if not _NAME.fullmatch(name) or not isinstance(count, int) or not isinstance(pgf, int | float):
            continue
        if count < MIN_COUNT:
            continue
        if pgf <= THRESHOLD:
            kept.append((name, "m"))
        elif pgf >= 1 - THRESHOLD:
            kept.append((name, "f"))
    return sorted(kept)


def main() -> int:
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    data = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    out = sys.stdout
    out.write(
        f"# Given names and the gender they are confidently used for (m / f), derived from {SOURCE} "
        f"{VERSION}\n# (name_data.json; https://github.com/ianvanbuskirk/nomquamgender) by "
        "scripts/build_given_names.py:\n"
        f"# ASCII-letter names counted >= {MIN_COUNT} times with p(gender female) <= {THRESHOLD} (m) or "
        f">= {1 - THRESHOLD:.2f} (f):\n# the gender is wrong for at most {THRESHOLD:.0%} of a name's bearers "
        "(nomquamgender's default: 10%), so Jane (0.949) is f\n# while Sam (0.074) and Alex (0.093) are not "
        "confidently men's names.\n"
        "# A name not listed is of no known gender. Do not edit by hand.\n#\n"
    )
    out.write("".join(f"# {line}".rstrip() + "\n" for line in LICENSE.splitlines()))
    out.write("".join(f"{name}\t{gender}\n" for name, gender in rows(data)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
