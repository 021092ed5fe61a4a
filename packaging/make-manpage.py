#!/usr/bin/env python3
"""Writes fieldbench-cli.1 from the program's own --help texts with help2man.

help2man formats the top-level --help; every sub-command's --help (found by walking the
"Subcommands:" lists CLI11 prints) goes into a COMMANDS section through help2man's
--include file, so the man page always says what the program says.

usage: make-manpage.py CLI OUT.1 VERSION
"""
import re
import subprocess
import sys
import tempfile


def help_text(cli, words):
    out = subprocess.run([cli, *words, "--help"], capture_output=True, text=True, timeout=600)  # a loaded build machine starts it slowly
    if out.returncode != 0:
        sys.exit(f"make-manpage: '{' '.join([cli, *words, '--help'])}' failed: {out.stderr.strip()}")
    return out.stdout


def subcommands(text):
    """Names listed under CLI11's "Subcommands:" heading."""
    names, inside = [], False
    for line in text.splitlines():
        if re.match(r"^[A-Za-z].*:\s*$", line):
            inside = line.strip().rstrip(":").upper() == "SUBCOMMANDS"
            continue
        m = re.match(r"^\s{2}([a-z][\w-]*)\b", line) if inside else None
        if m:
            names.append(m.group(1))
    return names


def roff(text):
    """Plain text as a no-fill roff block (backslashes and leading dots escaped)."""
    lines = []
    for line in text.rstrip().splitlines():
        line = line.replace("\\", "\\e")
        if line.startswith((".", "'")):
            line = "\\&" + line
        lines.append(line)
    return ".nf\n" + "\n".join(lines) + "\n.fi\n"


def walk(cli, words, sections):
    text = help_text(cli, words)
    if words:
        sections.append(f".SS \"{' '.join(words)}\"\n" + roff(text))
    for name in subcommands(text):
        walk(cli, words + [name], sections)


def main():
    cli, out, version = sys.argv[1:4]
    sections = []
    walk(cli, [], sections)
    with tempfile.NamedTemporaryFile("w", suffix=".h2m", delete=False) as inc:
        inc.write("[COMMANDS]\nEach command prints this help with \\fB\\-\\-help\\fR.\n")
        inc.write("".join(sections))
        inc.write("[SEE ALSO]\n.BR fieldbench (1)\n")
        include = inc.name
    subprocess.run(["help2man", "--no-info", "--no-discard-stderr",
                    "--name=headless jobs of the Fieldbench speech and text workbench",
                    f"--version-string={version}", f"--include={include}",
                    f"--output={out}", cli], check=True, timeout=120)
    print(f"make-manpage: {out} ({len(sections)} commands)")


if __name__ == "__main__":
    main()
