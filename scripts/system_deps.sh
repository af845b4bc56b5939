#!/usr/bin/env bash
# Debian packages the project uses at run time, installed when missing and when we may.
set -euo pipefail
missing=()
command -v ffmpeg >/dev/null || missing+=(ffmpeg)
# Chromium for the end-to-end tests and Lighthouse (never a browser downloaded by a tool);
# CJK fonts so that Chinese pages render (and are measured) as buyers see them.
command -v chromium >/dev/null || missing+=(chromium)
[ -d /usr/share/fonts/opentype/noto ] || missing+=(fonts-noto-cjk)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Installing ${missing[*]} with apt-get ..."
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
else
  echo "Tools missing: ${missing[*]} (video support, browser tests)."
fi
