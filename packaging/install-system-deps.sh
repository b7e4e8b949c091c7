#!/usr/bin/env bash
# System packages the tests need on Debian/Ubuntu: the libraries Qt's offscreen
# platform loads, LibreOffice Calc for the real-client workbook tests, a real
# X server for the window tests that offscreen cannot show (Xvfb, openbox,
# xdotool, and the xcb libraries Qt's xcb platform plugin loads), a session D-Bus
# with the AT-SPI registry and the system python's pyatspi for the accessibility-bus
# tests (what a screen reader hears), poppler-utils (pdftotext reads the printed
# pages of the workbook test), and binutils for `make bundle` (PyInstaller embeds
# its archive with objcopy; strip).
# Without root or apt it says so and carries on: those tests then skip.
set -u
pkgs="libegl1 libgl1 libxkbcommon0 libfontconfig1 libdbus-1-3 libglib2.0-0 fonts-dejavu-core libreoffice-calc-nogui
  xvfb openbox xdotool libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0
  libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libxcb-xkb1 libxkbcommon-x11-0 libxcb-xfixes0 binutils
  dbus dbus-x11 at-spi2-core python3-gi python3-pyatspi gir1.2-atspi-2.0 poppler-utils"
missing=""
for p in $pkgs; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if ! command -v apt-get >/dev/null 2>&1; then
  echo "note: no apt-get; install$missing yourself, or the LibreOffice tests will skip." >&2
  exit 0
fi
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo -n"
echo "Installing system packages:$missing"
$SUDO apt-get update -qq || echo "note: apt-get update failed; trying the cached lists." >&2
# Newer Debian renamed some libraries (libglib2.0-0 -> libglib2.0-0t64): take
# whichever name this release knows, so one unknown name cannot sink the rest.
available=""
for p in $missing; do
  if apt-cache show "$p" >/dev/null 2>&1; then available="$available $p"
  elif apt-cache show "${p}t64" >/dev/null 2>&1; then available="$available ${p}t64"
  else echo "note: no package $p on this system." >&2
  fi
done
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $available >/dev/null \
  || echo "note: could not install$available; the tests that need them will skip." >&2
exit 0
