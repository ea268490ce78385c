#!/usr/bin/env bash
# Installs the system packages a fresh machine lacks to build and test civkg.
# Idempotent: does nothing when everything is already there.
set -euo pipefail

need=()
# oxigraph's RocksDB build runs bindgen, which needs libclang.
if ! ls /usr/lib/llvm-*/lib/libclang*.so* >/dev/null 2>&1 && ! ldconfig -p 2>/dev/null | grep -q 'libclang[-.0-9]*\.so'; then
  need+=(clang libclang-dev)
fi
command -v c++ >/dev/null 2>&1 || need+=(g++)
# The browser test (tests/browser.rs) drives headless Chromium. It must run in
# CI (CI=true); elsewhere it is skipped unless asked for with INSTALL_BROWSER=1.
if [ "${CI:-}" = "true" ] || [ "${INSTALL_BROWSER:-}" = "1" ]; then
  command -v chromium >/dev/null 2>&1 || need+=(chromium)
  # CJK glyphs, so the UI screenshot and the page layout are real.
  fc-list 2>/dev/null | grep -qi 'cjk\|wqy\|zenhei' || need+=(fonts-wqy-zenhei)
fi

if [ ${#need[@]} -gt 0 ]; then
  echo "install-deps: installing ${need[*]}" >&2
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >/dev/null
fi
