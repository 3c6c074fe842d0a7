# Sourced by ./run and tests/run: installs the Debian/Ubuntu packages that are missing,
# asking for sudo only when not root. Usage: install_deps build|test
BUILD_PACKAGES=(cmake ninja-build g++ pkg-config qt6-base-dev qt6-base-dev-tools qt6-websockets-dev
                qt6-charts-dev libqt6opengl6-dev libgl-dev)
TEST_PACKAGES=(python3 python3-psutil python3-websockets openssl curl
               xvfb xauth trayer xdotool x11-utils x11-xserver-utils imagemagick
               chromium
               clang libclang-rt-dev
               g++-mingw-w64-x86-64 wine64
               desktop-file-utils appstream lintian dpkg-dev file fakeroot)

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
