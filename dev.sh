#!/usr/bin/env bash
# Reglamentos — launcher for developers and fresh machines.
#   ./dev.sh app  [opciones]   abre la aplicación (instala lo necesario la primera vez)
#   ./dev.sh test [pytest…]    ejecuta todas las pruebas
#   ./dev.sh dist              construye el programa de escritorio (dist/reglamentos/) y lo prueba
# As root on Debian/Ubuntu it installs the missing system packages (Python venv, Qt's
# libraries); otherwise it says which ones are missing. Python packages go to ./.venv and are
# reinstalled only when pyproject.toml changes.
set -euo pipefail
cd "$(dirname "$0")"

say() { printf '\033[1m» %s\033[0m\n' "$*" >&2; }

QT_LIBS_OFFSCREEN="libglib-2.0.so.0:libglib2.0-0 libGL.so.1:libgl1 libEGL.so.1:libegl1
libxkbcommon.so.0:libxkbcommon0 libfreetype.so.6:libfreetype6 libfontconfig.so.1:libfontconfig1
libdbus-1.so.3:libdbus-1-3"
QT_LIBS_WINDOW="libxkbcommon-x11.so.0:libxkbcommon-x11-0 libxcb-cursor.so.0:libxcb-cursor0
libxcb-icccm.so.4:libxcb-icccm4 libxcb-keysyms.so.1:libxcb-keysyms1 libxcb-shape.so.0:libxcb-shape0"

ld_cache() {  # the dynamic linker's list of libraries (ldconfig is in /sbin for normal users)
  local tool
  for tool in ldconfig /sbin/ldconfig /usr/sbin/ldconfig; do
    if command -v "$tool" >/dev/null 2>&1; then "$tool" -p 2>/dev/null && return 0; fi
  done
  return 0
}

missing_packages() {  # $1: list of "library:package"
  # The list is read ONCE into a variable and searched without a pipe: `ldconfig -p | grep -q`
  # under pipefail failed with SIGPIPE (141) whenever grep quit early, so installed libraries
  # were reported missing on about one launch in five.
  local pair lib pkg out="" cache
  cache=$(ld_cache)
  for pair in $1; do
    lib=${pair%%:*}; pkg=${pair##*:}
    case "$cache" in
      *"$lib "*) ;;
      *) out="$out $pkg" ;;
    esac
  done
  echo "$out"
}

apt_install() {
  [ $# -eq 0 ] && return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    say "Instalando paquetes del sistema: $*"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null || true
    apt-get install -y -qq --no-install-recommends "$@" >/dev/null
  else
    say "Faltan paquetes del sistema: $*  (instálelos con: sudo apt-get install $*)"
  fi
}

ensure_python() {
  PY=${PYTHON:-python3}
  if ! command -v "$PY" >/dev/null || ! "$PY" -c 'import sys; assert sys.version_info >= (3, 11)' 2>/dev/null; then
    apt_install python3 python3-venv
  fi
  if ! "$PY" -c 'import venv, ensurepip' 2>/dev/null; then
    apt_install python3-venv
  fi
}

ensure_venv() {
  ensure_python
  if [ ! -x .venv/bin/python ]; then
    say "Creando el entorno de Python en .venv"
    "$PY" -m venv .venv
  fi
  local stamp=.venv/.pyproject.sha256 want
  want=$(sha256sum pyproject.toml | cut -d' ' -f1)
  if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    say "Instalando dependencias de Python (una sola vez)"
    .venv/bin/python -m pip install -q --upgrade pip
    .venv/bin/python -m pip install -q -e ".[test]"
    echo "$want" > "$stamp"
  fi
}

# Sourced (by the tests) for its functions only.
if [ "${BASH_SOURCE[0]}" != "$0" ]; then return 0; fi

cmd=${1:-}
shift || true
case "$cmd" in
  app)
    # shellcheck disable=SC2046
    apt_install $(missing_packages "$QT_LIBS_OFFSCREEN $QT_LIBS_WINDOW")
    ensure_venv
    if [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] && [ "$(uname)" = Linux ] && [ -z "${QT_QPA_PLATFORM:-}" ]; then
      say "No hay pantalla gráfica (DISPLAY). En un servidor use: xvfb-run -a ./dev.sh app"
      exit 1
    fi
    exec .venv/bin/python -m reglamentos_app "$@"
    ;;
  test)
    # shellcheck disable=SC2046
    apt_install $(missing_packages "$QT_LIBS_OFFSCREEN")
    ensure_venv
    export QT_QPA_PLATFORM=offscreen
    exec .venv/bin/python -m pytest "$@"
    ;;
  dist)
    # shellcheck disable=SC2046
    apt_install $(missing_packages "$QT_LIBS_OFFSCREEN")
    ensure_venv
    # PyInstaller only builds the program: installed here on demand, never a dependency.
    .venv/bin/python -c 'import PyInstaller' 2>/dev/null \
      || .venv/bin/python -m pip install -q "pyinstaller>=6.10,<7"
    say "Construyendo dist/reglamentos/ (PyInstaller)"
    .venv/bin/python -m PyInstaller --noconfirm --clean --log-level WARN \
      --distpath dist --workpath build/pyinstaller build.spec
    say "Autoprueba del programa construido"
    exec dist/reglamentos/reglamentos --self-test
    ;;
  *)
    echo "Uso: ./dev.sh app [--db URL]   |   ./dev.sh test [argumentos de pytest]   |   ./dev.sh dist" >&2
    exit 2
    ;;
esac
