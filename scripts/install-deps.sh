#!/usr/bin/env bash
# Installs the system packages a fresh machine lacks to build and test civkg.
# Idempotent: does nothing when everything is already there.
set -euo pipefail

need=()
# oxigraph's RocksDB build runs bindgen, which needs libclang.
# (A fresh Debian has libclang-cpp, which is not it: look for libclang itself.)
if command -v dpkg >/dev/null 2>&1; then
  dpkg -s libclang-dev >/dev/null 2>&1 || need+=(clang libclang-dev)
elif ! ldconfig -p 2>/dev/null | grep -q 'libclang\(-[0-9.]*\)\?\.so'; then
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
# tests/presets.rs loads the publication into a private Virtuoso 7 and
# compares every preset's answer with civkg's (the binaries only: no
# service is installed or started). Required in CI, optional elsewhere.
if [ "${CI:-}" = "true" ] || [ "${INSTALL_VIRTUOSO:-}" = "1" ]; then
  command -v virtuoso-t >/dev/null 2>&1 || need+=(virtuoso-opensource-7-bin)
fi

if [ ${#need[@]} -gt 0 ]; then
  echo "install-deps: installing ${need[*]}" >&2
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >/dev/null
fi

# CI checks published dumps with an independent RDF implementation
# (scripts/check_dumps.py, check_server.py: rdflib, pyshacl, SPARQLWrapper);
# tests/publish.rs fails under CI
# without them.
if [ -n "${CI:-}" ] && ! python3 -c 'import rdflib, pyshacl, SPARQLWrapper' >/dev/null 2>&1; then
  echo "install-deps: installing rdflib pyshacl SPARQLWrapper (pip)" >&2
  python3 -m pip install --quiet rdflib pyshacl SPARQLWrapper ||
    python3 -m pip install --quiet --break-system-packages rdflib pyshacl SPARQLWrapper
fi
