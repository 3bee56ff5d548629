"""Checks a fixed file with CPython and Jupyter's own validator.

Usage: check_fixed.py <original> <fixed>
Prints one JSON object: {"errors": [...], "checked": <number of cells/scripts parsed>}.
  - a notebook must pass nbformat.validate;
  - every code cell whose source changed (or that is new) must parse with ast.parse, magics masked:
    a cell indented as a whole is dedented as IPython does, line magics and shell lines become `pass`, a Python cell magic's first line is dropped,
    a %%writefile body is parsed when it is Python, other cell magics (%%bash, %%sql, ...) are not Python;
  - in a markdown cell that changed, every fenced python code block must parse;
  - a script that changed must parse.
"""
import ast
import json
import re
import sys

import nbformat

PYTHON_CELL_MAGICS = {"time", "timeit", "capture", "prun", "debug"}
FENCED_PYTHON = re.compile(r"^ {0,3}(```|~~~)[ \t]*(?:python|py|python3)\b[^\n]*\n(.*?)^ {0,3}\1", re.M | re.S)
LINE_MAGIC = re.compile(r"^(\s*)(?:[%!]|\w+\s*=\s*[%!]).*$", re.M)


def python_of_cell(source):
    """The Python text of a code cell, or None when the cell is not Python."""
    if source.startswith("%%"):
        first, _, body = source.partition("\n")
        magic = first[2:].split()[0] if first[2:].split() else ""
        if magic == "writefile":
            return body if first.rstrip().endswith(".py") else None
        if magic not in PYTHON_CELL_MAGICS:
            return None
        source = body
    return LINE_MAGIC.sub(r"\1pass", leading_indent_removed(source))


def leading_indent_removed(source):
    """IPython's leading_indent transform: the first line's indentation is removed from every line."""
    indent = re.match(r"[ \t]*", source).group(0)
    if not indent:
        return source
    return "".join(line[len(indent):] if line.startswith(indent) else line for line in source.splitlines(True))


def parse_errors(text, where):
    try:
        ast.parse(text)
        return []
    except SyntaxError as error:
        return ["%s: %s (line %s)" % (where, error.msg, error.lineno)]


def check_notebook(original_path, fixed_path):
    errors, checked = [], 0
    fixed = nbformat.read(fixed_path, as_version=nbformat.NO_CONVERT)
    try:
        nbformat.validate(fixed)
    except nbformat.ValidationError as error:
        errors.append("nbformat.validate: %s" % error.message)
    before = {}
    for cell in nbformat.read(original_path, as_version=nbformat.NO_CONVERT).cells:
        before.setdefault(cell.source, 0)
        before[cell.source] += 1
    for number, cell in enumerate(fixed.cells, 1):
        if before.get(cell.source, 0) > 0:
            continue
        if cell.cell_type == "markdown":
            blocks = [match.group(2) for match in FENCED_PYTHON.finditer(cell.source)]
        else:
            blocks = [python_of_cell(cell.source)] if cell.cell_type == "code" else []
        for python in blocks:
            if python is not None:
                checked += 1
                errors += parse_errors(python, "cell %d" % number)
    return errors, checked


def check_script(original_path, fixed_path):
    # Bytes, as CPython reads a script: a UTF-8 byte order mark is allowed first, and only first.
    with open(original_path, "rb") as a, open(fixed_path, "rb") as b:
        original, fixed = a.read(), b.read()
    return (parse_errors(fixed, "script"), 1) if fixed != original else ([], 0)


if __name__ == "__main__":
    original, fixed = sys.argv[1], sys.argv[2]
    check = check_notebook if fixed.endswith(".ipynb") else check_script
    errors, checked = check(original, fixed)
    print(json.dumps({"errors": errors, "checked": checked}))
