#!/usr/bin/env bash
# Installs everything camrelay needs to build, run and test on Debian/Ubuntu:
# the system peers the tests talk to (Chromium, coturn, GStreamer RTSP server, RTSP::Server,
# VLC, ffmpeg, Xvfb)
# and the npm packages. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

DEBS=(
  chromium                                  # Playwright e2e and WebRTC TURN tests (never a downloaded browser)
  coturn                                    # turnutils_* interop clients, turnserver for benchmarks
  ffmpeg                                    # test media, reference RTSP client in benchmarks
  python3-gi gir1.2-gst-rtsp-server-1.0     # the GStreamer RTSP server the interop tests run
  gstreamer1.0-tools gstreamer1.0-plugins-base gstreamer1.0-plugins-good
  gstreamer1.0-plugins-bad gstreamer1.0-plugins-ugly gstreamer1.0-libav
  vlc-bin vlc-plugin-base                   # VLC's RTSP front: RTCP BYE interop (run as nobody: VLC refuses root)
  rtsp-server-perl                          # Debian's RTSP::Server: UDP-only, no RTP-Info, silent TEARDOWN
  util-linux                                # runuser, to run VLC unprivileged
  xvfb                                      # a display for Electron specs where Electron exists
  fonts-dejavu-core fonts-liberation        # legible screenshots in headless Chromium
  procps                                    # ps/pkill used by test cleanup
  dbus libglib2.0-bin                       # a private session bus + gdbus for the tray-support test
)

if command -v apt-get >/dev/null 2>&1; then
  missing=()
  for pkg in "${DEBS[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
  done
  if ((${#missing[@]})); then
    SUDO=''
    [ "$(id -u)" -ne 0 ] && SUDO='sudo'
    echo "setup: installing Debian packages: ${missing[*]}"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
  fi
else
  echo "setup: no apt-get here; install the equivalents of: ${DEBS[*]}" >&2
fi

# Electron's binary comes from GitHub, not the npm registry. Where GitHub is unreachable
# (sandboxes, offline CI) install without it: the app still type-checks, builds and runs
# headless, and the Electron-only e2e specs say that they skipped.
if [ -z "${ELECTRON_SKIP_BINARY_DOWNLOAD:-}" ] && ! curl -sfI --max-time 5 https://github.com >/dev/null 2>&1; then
  echo "setup: GitHub unreachable: installing without the Electron binary (headless mode only)"
  export ELECTRON_SKIP_BINARY_DOWNLOAD=1
fi
npm ci --no-audit --no-fund
