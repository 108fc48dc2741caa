#!/usr/bin/env bash
# One idempotent setup for Broadcast3D on Debian 12 / Ubuntu: apt packages, then the NDI runtime used by tests
# (npm) unpacked into a cache outside the repository. ONNX Runtime comes from NuGet with the build. Seconds when
# everything is already there. Exits non-zero naming what failed.
set -euo pipefail

cache="${B3D_CACHE:-$HOME/.cache/broadcast3d}"
mkdir -p "$cache/downloads"
stamp_file="$cache/setup.stamp"
rm -f "$stamp_file"

fail() { echo "setup: $*" >&2; exit 1; }

# --- Debian packages -------------------------------------------------------------------------------------------
apt_packages=(
  ffmpeg libavcodec-dev libavformat-dev libavutil-dev libswscale-dev libswresample-dev pkg-config  # FFmpeg 5.1
  libegl1 libegl-mesa0 libgl1-mesa-dri libgles2                                                   # EGL + GL 4.5 (llvmpipe)
  libfreetype6 fonts-dejavu-core                                                                  # text in graphics
  libfreetype-dev                                                                                 # FT struct-offset test
  gcc libc6-dev                                                                                   # offsetof checks
  libavahi-client3                                                                                # NDI runtime needs it
  npm                                                                                             # fetches the NDI runtime
  chromium                                                                                        # report rendering test (Playwright drives it)
  libgtk-3-0                                                                                      # OpenCV (OpenCvSharp4 runtime) links it
  nats-server                                                                                     # bus of `b3d node` (issue #20)
)
missing=()
for p in "${apt_packages[@]}"; do
  # npm may come from elsewhere (nodesource, nvm): only ask apt for it when no npm is on PATH.
  if [ "$p" = npm ] && command -v npm >/dev/null 2>&1; then continue; fi
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing Debian packages: ${missing[*]}"
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq || fail "apt-get update failed; check the network or your apt sources"
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
    || fail "apt-get install failed for: ${missing[*]}"
fi

# --- npm packages (pinned version + SHA-256 of the tarball) ---------------------------------------------------
# fetch NAME VERSION SHA256 DEST PATHS...: unpack only PATHS of the package tarball into $cache/DEST.
fetch() {
  local name=$1 version=$2 sha=$3 dest=$4; shift 4
  local stamp="$cache/$dest/.stamp"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$name@$version $sha" ]; then return 0; fi
  local tgz="$cache/downloads/$name-$version.tgz"
  if [ ! -f "$tgz" ] || ! echo "$sha  $tgz" | sha256sum -c --status; then
    echo "setup: fetching npm package $name@$version"
    (cd "$cache/downloads" && npm pack --silent "$name@$version" >/dev/null 2>&1) \
      || fail "npm pack $name@$version failed; is the npm registry reachable?"
  fi
  echo "$sha  $tgz" | sha256sum -c --status || fail "$tgz: SHA-256 mismatch (expected $sha); delete it and retry"
  rm -rf "$cache/$dest" && mkdir -p "$cache/$dest"
  tar xzf "$tgz" -C "$cache/$dest" --strip-components=1 "${@/#/package/}" || fail "unpacking $tgz failed"
  echo "$name@$version $sha" > "$stamp"
}

# NDI 5.5.2 runtime for tests only (proprietary licence: never committed or redistributed).
fetch grandiose-mac 0.0.6 0073b41313e1fb61b222e9c5e5094cdc2db3fe99b2f116ede67742affb431635 ndi \
  lib/linux_x64 include "lib/NDI SDK License Agreement.txt"

[ -f "$cache/ndi/lib/linux_x64/libndi.so.5" ] || fail "libndi.so.5 missing in $cache/ndi"
rm -f "$cache/downloads"/*.tgz.tmp 2>/dev/null || true

# --- stamp: what was verified, keyed on this script's content and on the dpkg database ------------------------
# ./b3d compares line 1 with the hash of this script and line 2 with the dpkg database's mtime (any apt install or
# removal changes it), and checks the listed files exist: milliseconds instead of querying dpkg and npm each run.
{
  sha256sum "${BASH_SOURCE[0]}" | cut -d' ' -f1
  stat -c %Y /var/lib/dpkg/status
  echo "$cache/ndi/lib/linux_x64/libndi.so.5"
  command -v npm
  command -v ffmpeg
  command -v gcc
  dpkg-query -W -f='${Package}=${Version}\n' "${apt_packages[@]}" 2>/dev/null | sort
} > "$stamp_file.tmp" && mv "$stamp_file.tmp" "$stamp_file"
