# Sourced by ./run and tests/run: installs the Debian/Ubuntu packages that are missing,
# asking for sudo only when not root. Usage: install_deps build|test
BUILD_PACKAGES=(cmake ninja-build g++ pkg-config qt6-base-dev qt6-base-dev-tools qt6-websockets-dev
                qt6-charts-dev libqt6opengl6-dev libgl-dev libxcb1-dev
                libqt6sql6-sqlite libsqlite3-dev zlib1g-dev libbrotli-dev)
TEST_PACKAGES=(python3 python3-psutil python3-websockets openssl curl
               xvfb xauth trayer xdotool x11-utils x11-xserver-utils imagemagick
               dbus-daemon python3-dbus python3-gi python3-xlib weston qt6-wayland
               chromium
               clang libclang-rt-dev
               g++-mingw-w64-x86-64 wine64
               desktop-file-utils appstream lintian dpkg-dev file fakeroot faketime)

install_deps() {
  local wanted=("${BUILD_PACKAGES[@]}")
  [ "${1:-build}" = test ] && wanted+=("${TEST_PACKAGES[@]}")
  command -v npm >/dev/null 2>&1 || { [ "${1:-build}" = test ] && wanted+=(nodejs npm); }
  local missing=()
  for p in "${wanted[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "Installing missing packages: ${missing[*]}"
  local sudo=()
  [ "$(id -u)" -ne 0 ] && sudo=(sudo)
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

# Prometheus and promtool, for the fleet tests, come from Debian's package unpacked into
# build/tools rather than installed: installing it would also start a Prometheus service
# listening on :9090. Adds them to PATH; without them those tests report "skipped".
fetch_prometheus() {
  command -v promtool >/dev/null 2>&1 && command -v prometheus >/dev/null 2>&1 && return 0
  local tools=$PWD/build/tools dir=$PWD/build/tools/prometheus
  if [ ! -x "$dir/usr/bin/promtool" ]; then
    mkdir -p "$tools" && rm -f "$tools"/prometheus_*.deb
    local sudo=()
    [ "$(id -u)" -ne 0 ] && sudo=(sudo)
    if ! (cd "$tools" && apt-get download -qq prometheus 2>/dev/null); then
      "${sudo[@]}" apt-get update -qq
      (cd "$tools" && apt-get download -qq prometheus) || {
        echo "warning: could not download Debian's prometheus package; the fleet Prometheus tests will be skipped"
        return 0
      }
    fi
    dpkg-deb -x "$tools"/prometheus_*.deb "$dir"
  fi
  export PATH=$dir/usr/bin:$PATH
}
