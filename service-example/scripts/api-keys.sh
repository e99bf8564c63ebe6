#!/bin/sh
# Keeps the example service's API keys file (SERVICE_API_KEYS_FILE), one key a line; the service re-reads it every
# second, so changes need no restart. Run by the demo stack's one-shot `api-keys` container (busybox) before the
# service starts; any POSIX shell with head, od and tr runs it too.
#
#   (no ROTATE)         creates the file with a fresh random key when it is missing or holds no key; else keeps it
#   ROTATE=add          appends a fresh key: the old ones stay accepted until they are dropped
#   ROTATE=drop-oldest  removes the first (oldest) key, when there are several
#
# KEYS_FILE is the file (default /keys/service-api-keys); KEY_OWNER (uid:gid) is given the file, so that the
# service's unprivileged user can read it. Keys are 64 hex digits from /dev/urandom. The script prints where the
# file is and how many keys it holds, never a key.
set -eu

file="${KEYS_FILE:-/keys/service-api-keys}"
owner="${KEY_OWNER:-}"
rotate="${ROTATE:-}"
umask 077

new_key() {
  head -c 32 /dev/urandom | od -An -v -tx1 | tr -d ' \n'
  echo
}

keys() {
  if [ -f "$file" ]; then
    grep -v -e '^[[:space:]]*#' -e '^[[:space:]]*$' "$file" || true
  fi
}

count() {
  keys | wc -l | tr -d ' '
}

# Writes stdin to the file in one rename, so that the service never reads half a file.
replace() {
  cat > "$file.new"
  if [ -n "$owner" ]; then
    chown "$owner" "$file.new"
  fi
  chmod 600 "$file.new"
  mv -f "$file.new" "$file"
}

case "$rotate" in
  "")
    if [ "$(count)" -eq 0 ]; then
      new_key | replace
      echo "Generated an API key for the service into $file"
    fi
    ;;
  add)
    { keys; new_key; } | replace
    echo "Added a fresh API key to $file: the service accepts it within a second; the others stay accepted"
    ;;
  drop-oldest)
    if [ "$(count)" -gt 1 ]; then
      keys | tail -n +2 | replace
      echo "Dropped the oldest API key from $file: the service refuses it within a second"
    else
      echo "Only one API key in $file: kept (add one first with ROTATE=add)"
    fi
    ;;
  *)
    echo "ROTATE must be empty, add or drop-oldest, got '$rotate'" >&2
    exit 2
    ;;
esac
echo "$file holds $(count) API key(s); the newest is its last line"
