#!/usr/bin/env bash
# Regenerates the after-fixtures (notebooks-fixtures/**/<name>.fixed.<ext>) by running the real bin with --fix on a
# copy of the fixture tree. The output is a proposal: review every diff (`git diff notebooks-fixtures/`) line by
# line before committing — a wrong fix checked in as "expected" is a defect. Run `npm run build` first.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp -r "$root/notebooks-fixtures" "$work/nf"
find "$work/nf" \( -name '*.fixed.ipynb' -o -name '*.fixed.py' \) -delete
(cd "$work" && node "$root/dist/lib/cli/bin.js" nf --fix >/dev/null 2>&1 || true)
find "$root/notebooks-fixtures" \( -name '*.fixed.ipynb' -o -name '*.fixed.py' \) -delete
cd "$work/nf"
find . -type f \( -name '*.ipynb' -o -name '*.py' \) -not -path './.ipynb_checkpoints/*' | sort | while read -r f; do
  if ! cmp -s "$f" "$root/notebooks-fixtures/$f"; then
    cp "$f" "$root/notebooks-fixtures/${f%.*}.fixed.${f##*.}"
    echo "fixed: ${f#./}"
  fi
done
