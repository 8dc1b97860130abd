#!/usr/bin/env python3
"""No file of the repository names a path of one machine's layout (a home directory, a work tree
beside the checkout): the repository must build and pass its tests wherever it is cloned.

Reads every file git tracks (and the untracked ones it does not ignore) under the root given as
the first argument; reports each line that holds an absolute path under one of the roots below.
"""
import pathlib
import re
import subprocess
import sys

# Built from parts, so that this file does not name them itself.
ROOTS = ["wo" + "rk", "ho" + "me", "ro" + "ot", "Us" + "ers"]
MACHINE_PATH = re.compile(r"(?<![\w.~-])/(?:" + "|".join(ROOTS) + r")/")


def repository_files(root: pathlib.Path):
    listed = subprocess.run(
        ["git", "-C", str(root), "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        check=True, capture_output=True).stdout
    for name in sorted(set(listed.decode("utf-8").split("\0"))):
        if name:
            yield root / name


def main() -> int:
    root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else ".").resolve()
    problems = []
    files = 0
    for path in repository_files(root):
        if not path.is_file():
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue  # binary
        files += 1
        for number, line in enumerate(text.splitlines(), 1):
            if MACHINE_PATH.search(line):
                problems.append(f"{path.relative_to(root)}:{number}: {line.strip()}")
    if files == 0:
        print(f"no files under {root}", file=sys.stderr)
        return 1
    for problem in problems:
        print(problem)
    print(f"{files} files read, {len(problems)} lines naming a machine's own path")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
