#!/usr/bin/env python3
"""The shape of the code, counted from its own `use` lines and paths.

    python3 scripts/structure.py            # counts, and each circle and back-import
    python3 scripts/structure.py --check    # fails when there is a circle or a back-import

In every crate, file A depends on file B when A names an item defined in B
(`use crate::x::y`, `super::y`, or a `crate::x::y` path in code; a `pub use`
is followed to the file that defines the item). A *circle* is a set of files
that depend on one another (a strongly connected component of two files or
more). A *back-import* is a file depending on a module above it: its own
`mod.rs`/`lib.rs` or one of theirs, the floor that declares it. App pages that
take from another audience's folder are counted apart. It also lists the
server functions whose bodies are longer than 8 lines.
"""
import os
import re
import sys
from collections import defaultdict

CRATES = ["domain", "wire", "inputs", "app", "server", "migration", "demo", "bench", "i18n_gen", "frontend"]
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def modules(crate):
    """Module path (tuple) -> file, for every .rs file under src/."""
    src = os.path.join(ROOT, crate, "src")
    found = {}
    for base, _, files in os.walk(src):
        for f in files:
            if not f.endswith(".rs"):
                continue
            rel = os.path.relpath(os.path.join(base, f), src)[:-3].split(os.sep)
            if rel[-1] in ("lib", "main", "mod"):
                rel = rel[:-1]
            if f == "main.rs" and os.path.exists(os.path.join(base, "lib.rs")):
                rel = rel + ["<main>"]  # the binary beside a library: a file of its own
            found[tuple(rel)] = os.path.join(crate, "src", os.path.relpath(os.path.join(base, f), src))
    return found


def strip(text):
    """Code without comments and with every string and char literal emptied."""
    token = re.compile(r'r(#*)".*?"\1|"(?:\\.|[^"\\])*"|\'(?:\\.|[^\'\\])\'|//[^\n]*|/\*.*?\*/', re.S)
    return token.sub(lambda m: '""' if m.group(0)[0] in 'r"' else ("' '" if m.group(0)[0] == "'" else " "), text)


def expand(tree):
    """`a::{b, c::{d, e}}` -> [a::b, a::c::d, a::c::e]."""
    tree = tree.strip()
    i = tree.find("{")
    if i < 0:
        return [re.sub(r"\s+as\s+\w+$", "", tree).strip()]
    head, body = tree[:i], tree[i + 1:tree.rindex("}")]
    parts, depth, cur = [], 0, ""
    for ch in body:
        if ch == "," and depth == 0:
            parts.append(cur)
            cur = ""
            continue
        depth += ch == "{"
        depth -= ch == "}"
        cur += ch
    parts.append(cur)
    return [head + p for part in parts if part.strip() for p in expand(part)]


def without_tests(text):
    """Drops `#[cfg(test)] mod tests { … }` blocks: test code is not the house."""
    out, i = [], 0
    for m in re.finditer(r"#\[cfg\(test\)\]\s*mod\s+\w+\s*\{", text):
        if m.start() < i:
            continue
        out.append(text[i:m.start()])
        depth, j = 1, m.end()
        while depth and j < len(text):
            depth += text[j] == "{"
            depth -= text[j] == "}"
            j += 1
        i = j
    out.append(text[i:])
    return "".join(out)


def graph(crate):
    mods = modules(crate)
    texts = {m: without_tests(strip(open(os.path.join(ROOT, f), encoding="utf-8").read())) for m, f in mods.items()}
    defined = {m: set(re.findall(r"\b(?:fn|struct|enum|trait|type|const|static|mod|macro_rules!)\s+(\w+)", t)) for m, t in texts.items()}
    reexports = defaultdict(dict)  # module -> name -> absolute path
    globs = defaultdict(list)
    for m, t in texts.items():
        for tree in re.findall(r"\bpub(?:\([^)]*\))?\s+use\s+([^;]+);", t):
            for alias in re.findall(r"\bas\s+(\w+)", tree):
                if tree.split("::")[0].strip() not in ("crate", "super", "self"):
                    reexports[m][alias] = None  # another crate's module under a name of ours
            for p in expand(tree):
                parts = [x.strip() for x in p.split("::")]
                if parts[0] not in ("crate", "super", "self") and m + (parts[0],) in mods:
                    parts = ["self"] + parts  # `pub use child::Item` names a child module
                path = absolute(m, parts)
                if path is None:  # another crate's item, given a name here
                    reexports[m][parts[-1]] = None
                    continue
                if path[-1] == "*":
                    globs[m].append(tuple(path[:-1]))
                else:
                    reexports[m][path[-1]] = tuple(path)

    def resolve(path, seen=0):
        path = tuple(path)
        for k in range(len(path), -1, -1):
            if path[:k] in mods:
                m, rest = path[:k], path[k:]
                if not rest or seen > 5:
                    return m
                name = rest[0]
                if name in defined[m] and not (m + (name,)) in mods:
                    return m
                if name in reexports[m]:
                    if reexports[m][name] is None:
                        return None
                    return resolve(reexports[m][name] + rest[1:], seen + 1)
                for g in globs[m]:
                    if g in mods and name in defined[g]:
                        return g
                return m
        return None

    edges = defaultdict(set)
    for m, t in texts.items():
        paths = []
        for tree in re.findall(r"\buse\s+([^;]+);", t):
            for p in expand(tree):
                parts = [x.strip() for x in p.split("::")]
                if parts[0] not in ("crate", "super", "self") and m + (parts[0],) in mods:
                    parts = ["self"] + parts  # `use child::Item` names a child module
                paths.append(parts)
        code = re.sub(r"\buse\s+[^;]+;", "", t)
        paths += [p.split("::") for p in re.findall(r"(?<![\w:])((?:crate|super)(?:::\w+)+)(?!::\{)", code)]
        for p in paths:
            path = absolute(m, p)
            if path is None:
                continue
            target = resolve([x for x in path if x != "*"])
            if target is not None and target != m:
                edges[m].add(target)
    return mods, edges


def absolute(module, p):
    p = [x.strip() for x in p if x.strip()]
    if not p:
        return None
    if p[0] == "crate":
        return p[1:]
    if p[0] in ("super", "self"):
        base = list(module)
        while p and p[0] in ("super", "self"):
            if p.pop(0) == "super":
                if not base:
                    return None
                base.pop()
        return base + p
    return None


def circles(nodes, edges):
    index, low, stack, on, out, counter = {}, {}, [], set(), [], [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in edges.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(comp)

    sys.setrecursionlimit(10000)
    for v in nodes:
        if v not in index:
            visit(v)
    return out


def server_functions():
    """(file, name, body lines) of every `#[server]` function."""
    found = []
    api = os.path.join(ROOT, "app", "src", "api")
    for f in sorted(os.listdir(api)):
        lines = open(os.path.join(api, f), encoding="utf-8").read().split("\n")
        for i, line in enumerate(lines):
            if not line.startswith("#[server"):
                continue
            j = i + 1
            while not lines[j].startswith("pub async fn"):
                j += 1
            name = re.match(r"pub async fn (\w+)", lines[j]).group(1)
            while not lines[j].rstrip().endswith("{"):
                j += 1
            k = j + 1
            while lines[k] != "}":
                k += 1
            found.append((f"app/src/api/{f}", name, k - j - 1))
    return found


def main():
    all_circles, back, sideways = [], [], []
    for crate in CRATES:
        if not os.path.isdir(os.path.join(ROOT, crate, "src")):
            continue
        mods, edges = graph(crate)
        for comp in circles(list(mods), edges):
            all_circles.append(sorted(mods[m] for m in comp))
        for a, targets in edges.items():
            for b in targets:
                if len(b) < len(a) and a[:len(b)] == b:
                    back.append((mods[a], mods[b]))
                if crate == "app" and a[:1] == ("pages",) and b[:1] == ("pages",) and len(a) > 2 and len(b) > 2 and a[1] != b[1]:
                    sideways.append((mods[a], mods[b]))
    long_fns = [f for f in server_functions() if f[2] > 8]
    print(f"circles: {len(all_circles)}")
    for c in all_circles:
        print("  " + " <-> ".join(c))
    print(f"back-imports (a file naming a module above it): {len(back)}")
    for a, b in sorted(back):
        print(f"  {a} -> {b}")
    print(f"app pages taking from another audience's folder: {len(sideways)}")
    for a, b in sorted(sideways):
        print(f"  {a} -> {b}")
    fns = server_functions()
    print(f"server functions: {len(fns)}, longer than 8 lines: {len(long_fns)}")
    for f, name, n in long_fns:
        print(f"  {f} {name}: {n}")
    if "--check" in sys.argv and (all_circles or back or sideways):
        sys.exit(1)


if __name__ == "__main__":
    main()
