#!/usr/bin/env bash
# Check the built bundle as an officer's desktop would run it: from a read-only
# copy, as an unprivileged user, with a fresh profile (HOME in a temporary
# folder), offscreen. Runs both programs' --self-test there, and checks that no
# QtNetwork library is anywhere in the folder and that the manifest matches.
# Usage: packaging/check-bundle.sh [dist/BackOfficeReturn] [python]
set -euo pipefail
bundle="${1:-dist/BackOfficeReturn}"
python="${2:-python3}"
[ -x "$bundle/backoffice" ] || { echo "check-bundle: no bundle at $bundle; run make bundle first." >&2; exit 2; }

if found=$(find "$bundle" -iname '*Qt6Network*' -o -iname '*QtNetwork*' | head -5) && [ -n "$found" ]; then
  echo "check-bundle: QtNetwork is in the bundle:" >&2; echo "$found" >&2; exit 1
fi
# The command line and consolidation's workers never load Qt (PyInstaller's own PySide6
# runtime hook would, in every process: packaging/rthooks/pyi_rth_pyside6_later.py).
if [ "$(uname -s)" = Linux ] && LD_DEBUG=libs "$bundle/backoffice" --version 2>&1 \
    | grep -q 'calling init:.*libQt6Core'; then
  echo "check-bundle: 'backoffice --version' loads Qt; see packaging/rthooks/." >&2; exit 1
fi
if [ -f "$bundle.sha256" ]; then
  "$python" packaging/manifest.py "$bundle" --check "$bundle.sha256"
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/backoffice-check.XXXXXX")
cleanup() { chmod -R u+w "$work" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
cp -a "$bundle" "$work/BackOfficeReturn"
chmod -R a+rX,a-w "$work/BackOfficeReturn"        # read-only for everyone, owner too
mkdir -p "$work/home"
chmod 755 "$work"

run=()
if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null 2>&1; then
  # As nobody: a user who can write nowhere but the profile it is given.
  chown 65534:65534 "$work/home"
  run=(setpriv --reuid 65534 --regid 65534 --clear-groups --)
  echo "check-bundle: running as uid 65534 (nobody) from a read-only copy"
else
  echo "check-bundle: running as $(id -un) from a read-only copy"
fi
# Only the profile and a temporary folder inside it are writable.
mkdir -p "$work/home/tmp" && { [ ${#run[@]} -eq 0 ] || chown 65534:65534 "$work/home/tmp"; }
touch "$work/started"
cd "$work/home"
as_officer() {
  env -i PATH=/usr/bin:/bin HOME="$work/home" TMPDIR="$work/home/tmp" LANG=C.UTF-8 \
      QT_QPA_PLATFORM=offscreen "${run[@]}" "$@"
}
as_officer "$work/BackOfficeReturn/backoffice" --self-test
# The windowed program's own archive holds what it needs, too (it prints less).
if ! as_officer "$work/BackOfficeReturn/BackOfficeReturn" --self-test >"$work/gui.txt" 2>&1; then
  echo "check-bundle: BackOfficeReturn --self-test failed:" >&2; cat "$work/gui.txt" >&2; exit 1
fi
echo "check-bundle: BackOfficeReturn (windowed) --self-test passed too."

# Nothing may have been written into the program's folder.
if changed=$(find "$work/BackOfficeReturn" -newer "$work/started" | head -5) && [ -n "$changed" ]; then
  echo "check-bundle: files were written in the program's folder:" >&2; echo "$changed" >&2; exit 1
fi
echo "check-bundle: the bundle passed its self-test from a read-only folder."
