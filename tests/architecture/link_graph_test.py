#!/usr/bin/env python3
"""The CMake link graph of src/ is the include graph: every link points down DESIGN.md's stages,
and a library that includes another library's header links that library, header-only contracts
included (an interface library stands for them, so the graph shows the dependency).

Arguments: the link graph CMake wrote (cmake/LinkGraph.cmake) and the src/ folder. A header is
owned by the interface library that lists it, else by the static library that compiles its .cpp,
else (a header-only file nobody declared) by the libraries of its folder. Reports each link up
the stages and each include whose owner the includer does not link, directly or through others.
"""
import pathlib
import re
import sys

STAGES = ["core", "pricing", "feed", "bars", "store", "query", "api", "app"]
RANK = {stage: i for i, stage in enumerate(STAGES)}
INCLUDE = re.compile(r'^\s*#\s*include\s+"([a-z_]+/[^"]+\.h)"', re.M)


def read_graph(path):
    libraries = {}
    for line in pathlib.Path(path).read_text(encoding="utf-8").splitlines():
        name, folder, links, files = (line.split("\t") + ["", "", "", ""])[:4]
        libraries[name] = {
            "folder": folder,
            "stage": folder.split("/")[0],
            "links": [l for l in links.split(";") if l],
            "files": [f for f in files.split(";") if f],
        }
    return libraries


def reachable(libraries, name):
    seen, todo = set(), [name]
    while todo:
        current = todo.pop()
        if current in seen or current not in libraries:
            continue
        seen.add(current)
        todo.extend(libraries[current]["links"])
    return seen


def main() -> int:
    libraries = read_graph(sys.argv[1])
    src = pathlib.Path(sys.argv[2])
    problems = []
    if not libraries:
        print(f"no libraries in {sys.argv[1]}", file=sys.stderr)
        return 1

    # 1. Links point down the stages.
    for name, lib in libraries.items():
        for other in lib["links"]:
            if other in libraries and RANK[libraries[other]["stage"]] > RANK[lib["stage"]]:
                problems.append(f"{name} ({lib['stage']}/) links {other} "
                                f"({libraries[other]['stage']}/), a higher stage")

    # 2. Who owns each header.
    owners = {}
    for name, lib in libraries.items():
        for f in lib["files"]:
            if f.endswith(".h"):
                owners.setdefault(f, set()).add(name)
    for name, lib in libraries.items():
        for f in lib["files"]:
            if f.endswith(".cpp"):
                header = f[:-4] + ".h"
                if header not in owners:
                    owners.setdefault(header + "#compiled", set()).add(name)

    def owners_of(header):
        if header in owners:
            return owners[header]
        if header + "#compiled" in owners:
            return owners[header + "#compiled"]
        folder = str(pathlib.PurePath(header).parent)
        return {n for n, l in libraries.items() if l["folder"] == folder or
                folder.startswith(l["folder"] + "/") and l["folder"] != ""}

    # 3. Every include of another library's header is a link.
    for name, lib in libraries.items():
        linked = reachable(libraries, name)
        files = set()
        for f in lib["files"]:
            if (src / f).is_file():
                files.add(f)
                if f.endswith(".cpp") and (src / (f[:-4] + ".h")).is_file():
                    files.add(f[:-4] + ".h")
        for f in sorted(files):
            for header in INCLUDE.findall((src / f).read_text(encoding="utf-8")):
                if not (src / header).is_file():
                    continue
                candidates = owners_of(header)
                if not candidates or candidates & linked:
                    continue
                problems.append(f"{f} ({name}) includes {header}, of "
                                f"{' or '.join(sorted(candidates))}, which {name} does not link")

    for problem in problems:
        print(problem)
    print(f"{len(libraries)} libraries read, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
