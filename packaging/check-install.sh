#!/usr/bin/env bash
# Installs a Fieldbench .deb the way a user would, into a clean Debian 12 root, and runs it:
#   packaging/check-install.sh DEB [OUT_DIR]
# 1. a minimal Debian 12 (bookworm) root made by debootstrap in a folder (cached as a tarball
#    under ~/.cache/fieldbench, so later runs start from the same clean root without the
#    download), with bookworm, bookworm-updates and bookworm-security;
# 2. `apt-get install ./fieldbench_*.deb` there: apt resolves every dependency from Debian;
# 3. as an ordinary user: `fieldbench-cli --version`, `fieldbench-cli info`,
#    `fieldbench-cli demo`, `fieldbench-cli stats`, and the GUI under xvfb-run, which writes a
#    screenshot in English and one with LANG=es_ES.UTF-8 (the interface follows the locale);
# 4. the installed desktop file, icons, metainfo and man pages are where they belong.
# Writes OUT_DIR (default: the .deb's folder/check-install): log.txt, screenshot-en.png,
# screenshot-es.png, timings. Needs root (debootstrap, chroot, mounts). Takes minutes.
set -euo pipefail

deb="$(realpath "${1:?usage: packaging/check-install.sh DEB [OUT_DIR]}")"
out="$(realpath -m "${2:-$(dirname "$deb")/check-install}")"
mirror="${FIELDBENCH_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
cache="${XDG_CACHE_HOME:-$HOME/.cache}/fieldbench/debootstrap-bookworm-minbase.tar"
[ "$(id -u)" -eq 0 ] || { echo "check-install: run as root (debootstrap, chroot)" >&2; exit 1; }
command -v debootstrap >/dev/null || { apt-get install -y -q --no-install-recommends debootstrap >/dev/null; }

mkdir -p "$out"
root="$(mktemp -d /var/tmp/fieldbench-root.XXXXXX)"
log="$out/log.txt"
: > "$log"
say() { printf '[check-install] %s\n' "$*" | tee -a "$log" >&2; }
t0=$SECONDS
phase_start=$SECONDS
phase() { say "$1: $((SECONDS - phase_start)) s"; phase_start=$SECONDS; }

cleanup() {
  for m in dev/pts dev proc sys; do mountpoint -q "$root/$m" && umount -l "$root/$m"; done
  rm -rf --one-file-system "$root"
}
trap cleanup EXIT

# --- 1. a clean Debian 12 root ----------------------------------------------------------------
if [ -f "$cache" ]; then
  say "clean root from $cache"
  tar -C "$root" -xf "$cache"
else
  say "debootstrap bookworm (minbase) from $mirror"
  debootstrap --variant=minbase bookworm "$root" "$mirror" >>"$log" 2>&1
  mkdir -p "$(dirname "$cache")"
  tar -C "$root" -cf "$cache.tmp" . && mv "$cache.tmp" "$cache"
fi
chmod 755 "$root" # mktemp's (and the cached tarball's) 0700 would lock the test user out of /
phase "root ready"
cat > "$root/etc/apt/sources.list" <<SOURCES
deb $mirror bookworm main
deb $mirror bookworm-updates main
deb http://deb.debian.org/debian-security bookworm-security main
SOURCES
cp /etc/resolv.conf "$root/etc/resolv.conf"
mount -t proc proc "$root/proc"
mount -t sysfs sys "$root/sys"
mount --bind /dev "$root/dev"
mount --bind /dev/pts "$root/dev/pts"
in_root() { chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive "$@"; }
as_user() { chroot --userspec=tester:tester "$root" /usr/bin/env -i PATH=/usr/bin:/bin HOME=/home/tester "$@"; }

# --- 2. apt installs the package and what it depends on ----------------------------------------
cp "$deb" "$root/tmp/"
in_root apt-get update -q >>"$log" 2>&1
say "apt-get install ./$(basename "$deb")"
in_root apt-get install -y -q "/tmp/$(basename "$deb")" >>"$log" 2>&1 || { tail -30 "$log" >&2; exit 1; }
phase "package installed"
installed_kb="$(in_root dpkg-query -W -f='${Installed-Size}' fieldbench)"
say "fieldbench installed size: $((installed_kb / 1024)) MiB; packages in the root: $(in_root dpkg-query -W | wc -l)"
# Test tools only, not dependencies of the package: an X server for the screenshot.
in_root apt-get install -y -q --no-install-recommends xvfb xauth >>"$log" 2>&1
in_root useradd -m tester
phase "xvfb installed"

# --- 3. run it as a user ------------------------------------------------------------------------
fail=0
run() { # name, command...
  local name="$1"; shift
  local s=$SECONDS
  if as_user "$@" >>"$log" 2>&1; then say "ok   $name ($((SECONDS - s)) s)"
  else say "FAIL $name (exit $?; see $log)"; fail=1; fi
}
echo "--- fieldbench-cli --version" >>"$log"
version="$(as_user fieldbench-cli --version 2>&1)" && say "ok   fieldbench-cli --version: $version" \
  || { say "FAIL fieldbench-cli --version: $version"; fail=1; }
run "fieldbench-cli info" fieldbench-cli info
# All 16 default languages, fewer utterances than the default (which takes many minutes).
run "fieldbench-cli demo" fieldbench-cli demo /home/tester/demo --speakers 1 --sentences 2 --text-sentences 50
run "fieldbench-cli stats" fieldbench-cli stats -p /home/tester/demo
for lang in en es; do
  locale=C.UTF-8; [ "$lang" = es ] && locale=es_ES.UTF-8
  run "fieldbench GUI screenshot (LANG=$locale)" env LANG="$locale" \
    xvfb-run -a -s "-screen 0 1600x1000x24" fieldbench /home/tester/demo --size 1500x900 \
    --screenshot "/home/tester/screenshot-$lang.png"
  cp "$root/home/tester/screenshot-$lang.png" "$out/" 2>/dev/null || true
done
phase "programs run"

# --- 4. files a desktop needs ------------------------------------------------------------------
for f in usr/bin/fieldbench usr/bin/fieldbench-cli \
         usr/share/applications/org.fieldbench.Fieldbench.desktop \
         usr/share/metainfo/org.fieldbench.Fieldbench.metainfo.xml \
         usr/share/icons/hicolor/scalable/apps/fieldbench.svg \
         usr/share/icons/hicolor/48x48/apps/fieldbench.png \
         usr/share/icons/hicolor/256x256/apps/fieldbench.png \
         usr/share/man/man1/fieldbench-cli.1.gz usr/share/man/man1/fieldbench.1.gz; do
  if [ -e "$root/$f" ]; then say "ok   /$f"; else say "FAIL /$f missing"; fail=1; fi
done
# Every ELF file finds all its libraries and symbols in the root (ldd -r: also the symbols,
# which matters after drop-cuda-needed.cmake removed the CUDA libraries from NEEDED).
missing="$(in_root sh -c 'for f in /usr/bin/fieldbench /usr/bin/fieldbench-cli /usr/lib/fieldbench/*.so*; do [ -e "$f" ] && ldd -r "$f" 2>&1 | grep -E "not found|undefined symbol" | sed "s|^|$f: |"; done' || true)"
if [ -n "$missing" ]; then say "FAIL unresolved libraries or symbols:"; say "$(echo "$missing" | head -20)"; fail=1
else say "ok   ldd -r: every library and symbol resolves"; fi

say "total: $((SECONDS - t0)) s; result: $([ $fail = 0 ] && echo PASS || echo FAIL); screenshots in $out"
exit $fail
