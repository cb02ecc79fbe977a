#!/usr/bin/env bash
# Install (or uninstall) one Now Serving role on this machine as an appliance service.
#
#   sudo systemd/install.sh --role hub
#   sudo systemd/install.sh --role kiosk      # also: display, counter, keypad-bridge
#   sudo systemd/install.sh --role kiosk --uninstall [--purge]
#   systemd/install.sh --role hub --dry-run    # print what would be done
#
# It installs the system packages, a virtualenv with Now Serving under --prefix, a system
# user for the role, its folders and config file (kept if present), the systemd unit and
# the udev rules for printers and serial devices, then enables and starts the service.
set -euo pipefail

ROLES="hub kiosk display counter keypad-bridge"
role="" prefix="/opt/nowserving" dry_run=0 uninstall=0 purge=0
source_dir="$(cd "$(dirname "$0")/.." && pwd)"

usage() { sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit "${1:-0}"; }
while [ $# -gt 0 ]; do
  case "$1" in
    --role) role="${2:-}"; shift 2 ;;
    --prefix) prefix="${2:-}"; shift 2 ;;
    --source) source_dir="${2:-}"; shift 2 ;;
    --dry-run) dry_run=1; shift ;;
    --uninstall) uninstall=1; shift ;;
    --purge) purge=1; shift ;;
    -h|--help) usage 0 ;;
    *) echo "install.sh: unknown option $1" >&2; usage 2 ;;
  esac
done
case " $ROLES " in *" $role "*) ;; *) echo "install.sh: --role must be one of: $ROLES" >&2; exit 2 ;; esac

if [ "$role" = hub ]; then user=nowserving; state=/var/lib/nowserving
elif [ "$role" = keypad-bridge ]; then user=nowserving-bridge; state=/var/lib/nowserving-bridge
else user="nowserving-$role"; state="/var/lib/nowserving-$role"; fi
unit="nowserving-$role.service"
etc=/etc/nowserving
case "$role" in
  kiosk) groups="video,render,input,lp,dialout" ;;
  display) groups="video,render,input,audio" ;;
  counter) groups="video,render,input,dialout" ;;
  keypad-bridge) groups="dialout" ;;
  *) groups="" ;;
esac

run() { # print, and unless --dry-run, do
  echo "+ $*"
  if [ "$dry_run" = 0 ]; then "$@"; fi
}
write() { # write stdin to a file, unless it exists (configs are the installer's)
  local target="$1" mode="$2"
  if [ -e "$target" ] && [ "${3:-keep}" = keep ]; then echo "= keeping $target"; cat >/dev/null; return; fi
  echo "+ write $target"
  if [ "$dry_run" = 0 ]; then cat >"$target"; chmod "$mode" "$target"; else cat >/dev/null; fi
}

if [ "$dry_run" = 0 ] && [ "$(id -u)" != 0 ]; then echo "install.sh: run as root (or --dry-run)" >&2; exit 1; fi

if [ "$uninstall" = 1 ]; then
  run systemctl disable --now "$unit" || true
  run rm -f "/etc/systemd/system/$unit"
  run systemctl daemon-reload
  if ! ls /etc/systemd/system/nowserving-*.service >/dev/null 2>&1; then
    run rm -f /etc/udev/rules.d/60-nowserving.rules
  fi
  if [ "$purge" = 1 ]; then
    run rm -rf "$state"
    run userdel "$user" || true
  else
    echo "= kept $state and $etc (use --purge to remove data and the user)"
  fi
  echo "Uninstalled $role."
  exit 0
fi

# 1. System packages and the Python environment.
run make -C "$source_dir" apt
if [ ! -x "$prefix/.venv/bin/python" ]; then run python3 -m venv "$prefix/.venv"; fi
run "$prefix/.venv/bin/pip" install --quiet --upgrade pip
run "$prefix/.venv/bin/pip" install --quiet "$source_dir"

# 2. The role's system user and folders.
if ! id "$user" >/dev/null 2>&1; then
  run useradd --system --user-group --home-dir "$state" --shell /usr/sbin/nologin "$user"
fi
present="" # only the groups this system has (render, for one, is not everywhere)
for g in ${groups//,/ }; do if getent group "$g" >/dev/null; then present="$present,$g"; fi; done
if [ -n "$present" ]; then run usermod --append --groups "${present#,}" "$user"; fi
run install -d -m 0755 "$etc"
run install -d -m 0750 -o "$user" -g "$user" "$state"

# 3. Configuration (never overwritten: it is the installer's).
case "$role" in
  hub) write "$etc/office.toml" 0644 < "$source_dir/hub/config/default_office.toml" ;;
  keypad-bridge) write "$etc/keypad-bridge.env" 0640 <<'ENV'
# Options for `nowserving counter --headless` (see docs/branch-setup.md), e.g.:
# BRIDGE_ARGS=--keypad /dev/ttyUSB0 --protocol frame --map 1=counter-1,2=counter-2
BRIDGE_ARGS=--keypad /dev/ttyUSB0 --map 1=counter-1
ENV
    ;;
  *) write "$etc/$role.toml" 0644 <<TOML
# Now Serving $role settings; every key is optional (see docs/branch-setup.md).
# The device finds the hub by itself and shows a pairing code on first start.
TOML
    ;;
esac

# 4. Device access, the unit, and start.
run install -m 0644 "$source_dir/systemd/60-nowserving.rules" /etc/udev/rules.d/60-nowserving.rules
run udevadm control --reload-rules || true
run udevadm trigger || true
echo "+ write /etc/systemd/system/$unit"
if [ "$dry_run" = 0 ]; then
  sed "s#@BIN@#$prefix/.venv/bin#g" "$source_dir/systemd/$unit" >"/etc/systemd/system/$unit"
fi
run systemctl daemon-reload
case "$role" in kiosk|display|counter) run systemctl set-default graphical.target ;; esac
run systemctl enable --now "$unit"
echo "Installed $role: 'systemctl status $unit' and 'journalctl -u $unit' show how it runs."
