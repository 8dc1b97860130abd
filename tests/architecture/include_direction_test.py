#!/usr/bin/env python3
"""Every include in src/ points down DESIGN.md's stages, never up and never sideways between folders.

The stages, bottom first: core, pricing, feed, bars, store, query, api, app. A file of stage S may
include headers of S itself or of a stage below it; anything else is reported with the file, the
line and the include. So the include graph has no cycle between folders, and a reader of a stage
knows that nothing above it can change what it means.
"""
import pathlib
import re
import sys

STAGES = ["core", "pricing", "feed", "bars", "store", "query", "api", "app"]
RANK = {stage: i for i, stage in enumerate(STAGES)}
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"')


def stage_of(relative: pathlib.PurePath) -> str:
    return relative.parts[0]


def main() -> int:
    src = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "src").resolve()
    problems = []
    files = 0
    for path in sorted(src.rglob("*")):
        if path.suffix not in (".h", ".cpp", ".inc"):
            continue
        files += 1
        own = stage_of(path.relative_to(src))
        if own not in RANK:
            problems.append(f"{path.relative_to(src)}: folder '{own}' is not a stage of DESIGN.md")
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            match = INCLUDE.match(line)
            if not match:
                continue
            target = pathlib.PurePath(match.group(1))
            if len(target.parts) < 2:
                continue  # a generated or local file beside the includer
            other = target.parts[0]
            if other not in RANK:
                problems.append(f"{path.relative_to(src)}:{number}: includes '{target}' outside src/")
            elif RANK[other] > RANK[own]:
                problems.append(
                    f"{path.relative_to(src)}:{number}: {own}/ includes {target}, "
                    f"from {other}/, a higher stage")
    if files == 0:
        print(f"no sources under {src}", file=sys.stderr)
        return 1
    for problem in problems:
        print(problem)
    print(f"{files} files read, {len(problems)} includes against the stages")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
