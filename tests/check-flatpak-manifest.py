#!/usr/bin/python3
# check-flatpak-manifest.py: the Flatpak manifests build what a software
# centre installs, on the GNOME runtime, with no more access than Bottega
# needs.
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: check-flatpak-manifest.py SOURCE_ROOT   (prints TAP)
#
# For each manifest in build-aux/: it is valid JSON; it names
# org.gnome.Platform and org.gnome.Sdk of one runtime branch; its id and
# build profile belong together; its finish-args are exactly network, IPC,
# Wayland, fallback X11 and DRI (no --filesystem: attachments go through the
# file chooser portal, secrets through the secret portal); every local path
# it references exists; every remote source is pinned (a git commit or a
# sha256). When flatpak-builder is installed it must parse the manifest too.

import json
import os
import shutil
import subprocess
import sys

BASE_ID = "io.github.bottega_chat.Bottega"
MANIFESTS = {
    # file name: (application id, meson profile)
    BASE_ID + ".json": (BASE_ID, "default"),
    BASE_ID + ".Devel.json": (BASE_ID + ".Devel", "development"),
}
FINISH_ARGS = {
    "--share=network",
    "--share=ipc",
    "--socket=wayland",
    "--socket=fallback-x11",
    "--device=dri",
}
LOCAL_SOURCE_TYPES = {"dir", "file", "patch", "script", "inline", "shell"}


def fail(problems, message):
    problems.append(message)


def check_source(source, where, base, problems):
    kind = source.get("type")
    if "path" in source:
        path = os.path.normpath(os.path.join(base, source["path"]))
        if not os.path.exists(path):
            fail(problems, f"{where}: local path {source['path']!r} does not exist ({path})")
        if kind == "dir" and not os.path.isdir(path):
            fail(problems, f"{where}: {source['path']!r} is not a directory")
    for key in ("paths",):
        for relative in source.get(key, []):
            if not os.path.exists(os.path.join(base, relative)):
                fail(problems, f"{where}: local path {relative!r} does not exist")
    if kind == "git" and "url" in source and not source.get("commit"):
        fail(problems, f"{where}: git source {source['url']} is not pinned to a commit")
    if kind in ("archive", "file") and "url" in source and not source.get("sha256"):
        fail(problems, f"{where}: {source['url']} has no sha256")
    if kind not in LOCAL_SOURCE_TYPES | {"git", "archive"}:
        fail(problems, f"{where}: unexpected source type {kind!r}")


def check_modules(modules, where, base, problems, found):
    for index, module in enumerate(modules):
        if isinstance(module, str):
            # A module in a file of its own, relative to this manifest.
            path = os.path.join(base, module)
            if not os.path.isfile(path):
                fail(problems, f"{where}: module file {module!r} does not exist")
                continue
            with open(path, encoding="utf-8") as f:
                module = json.load(f)
            check_modules([module], f"{where} → {module.get('name', module)}", os.path.dirname(path),
                          problems, found)
            continue
        name = module.get("name", f"#{index}")
        found.append(module)
        for source in module.get("sources", []):
            if isinstance(source, str):
                if not os.path.isfile(os.path.join(base, source)):
                    fail(problems, f"{where} → {name}: source file {source!r} does not exist")
                continue
            check_source(source, f"{where} → {name}", base, problems)
        check_modules(module.get("modules", []), f"{where} → {name}", base, problems, found)


def check_manifest(root, filename, app_id, profile):
    problems = []
    path = os.path.join(root, "build-aux", filename)
    base = os.path.dirname(path)
    if not os.path.isfile(path):
        return [f"{filename} is missing"], None

    try:
        with open(path, encoding="utf-8") as f:
            manifest = json.load(f)
    except ValueError as error:
        return [f"{filename} is not valid JSON: {error}"], None

    if manifest.get("id", manifest.get("app-id")) != app_id:
        fail(problems, f"id is {manifest.get('id')!r}, not {app_id!r}")
    if manifest.get("runtime") != "org.gnome.Platform":
        fail(problems, f"runtime is {manifest.get('runtime')!r}, not org.gnome.Platform")
    if manifest.get("sdk") != "org.gnome.Sdk":
        fail(problems, f"sdk is {manifest.get('sdk')!r}, not org.gnome.Sdk")
    branch = str(manifest.get("runtime-version", ""))
    if not branch.isdigit():
        fail(problems, f"runtime-version {branch!r} is not a GNOME release branch")
    if manifest.get("command") != "bottega":
        fail(problems, f"command is {manifest.get('command')!r}, not bottega")

    args = manifest.get("finish-args", [])
    if len(args) != len(set(args)):
        fail(problems, "finish-args repeat themselves")
    for arg in args:
        if arg.startswith("--filesystem"):
            fail(problems, f"finish-args give file system access: {arg}")
        elif arg not in FINISH_ARGS:
            fail(problems, f"finish-args ask for more than Bottega needs: {arg}")
    for arg in sorted(FINISH_ARGS - set(args)):
        fail(problems, f"finish-args lack {arg}")

    modules = []
    check_modules(manifest.get("modules", []), filename, base, problems, modules)
    bottega = [m for m in modules if m.get("name") == "bottega"]
    if len(bottega) != 1:
        fail(problems, "there is not exactly one module named bottega")
    else:
        module = bottega[0]
        if module.get("buildsystem") != "meson":
            fail(problems, "the bottega module is not built with meson")
        if f"-Dprofile={profile}" not in module.get("config-opts", []):
            fail(problems, f"the bottega module is not built with -Dprofile={profile}")
        local = [s for s in module.get("sources", [])
                 if isinstance(s, dict) and s.get("type") == "dir"
                 and os.path.isfile(os.path.join(base, s.get("path", ""), "meson.build"))]
        if not local:
            fail(problems, "the bottega module is not built from the local checkout")

    if shutil.which("flatpak-builder"):
        run = subprocess.run(["flatpak-builder", "--show-manifest", path],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        if run.returncode != 0:
            fail(problems, f"flatpak-builder cannot read it: {run.stderr.strip()}")

    return problems, branch


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..")
    print(f"1..{len(MANIFESTS) + 1}")
    failed = False
    branches = set()
    for number, (filename, (app_id, profile)) in enumerate(sorted(MANIFESTS.items()), start=1):
        problems, branch = check_manifest(root, filename, app_id, profile)
        if branch:
            branches.add(branch)
        if problems:
            failed = True
            print(f"not ok {number} - {filename}")
            for problem in problems:
                print(f"# {problem}")
        else:
            print(f"ok {number} - {filename}: org.gnome.Platform//{branch}, {profile} profile, "
                  f"no file system access, local paths exist")

    if len(branches) == 1:
        print(f"ok {len(MANIFESTS) + 1} - both manifests use GNOME {branches.pop()}")
    else:
        failed = True
        print(f"not ok {len(MANIFESTS) + 1} - the manifests use different runtimes: {sorted(branches)}")

    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
