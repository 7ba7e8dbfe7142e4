#!/usr/bin/env bash
# Generates a drizzle migration from the committed tree plus the given schema files, and commits
# them together. Serialized by a lock, so people working in one tree at once never take the same
# migration number or pick up each other's half-done schema edits.
#   scripts/generate-migration.sh <name> <schema.ts> [more schema.ts ...]
set -euo pipefail
name="$1"; shift
root="$(git rev-parse --show-toplevel)"
exec 9>/tmp/cartwright-migrations.lock
flock 9
tree="$(mktemp -d /tmp/cw-migration-XXXXXX)"
trap 'git -C "$root" worktree remove --force "$tree" >/dev/null 2>&1 || rm -rf "$tree"' EXIT
git -C "$root" worktree add -q --detach "$tree" HEAD
for file in "$@"; do mkdir -p "$(dirname "$tree/$file")"; cp "$root/$file" "$tree/$file"; done
ln -s "$root/node_modules" "$tree/node_modules"
before="$(ls "$tree/migrations" | grep -c '\.sql$' || true)"
(cd "$tree" && npx drizzle-kit generate --name "$name" >/dev/null)
after="$(ls "$tree/migrations" | grep -c '\.sql$' || true)"
if [ "$after" = "$before" ]; then echo "no schema changes: nothing generated"; exit 1; fi
sql="$(cd "$tree/migrations" && ls -- *.sql | sort | tail -1)"
snap="meta/${sql%%_*}_snapshot.json"
cp "$tree/migrations/$sql" "$root/migrations/$sql"
cp "$tree/migrations/$snap" "$root/migrations/$snap"
cp "$tree/migrations/meta/_journal.json" "$root/migrations/meta/_journal.json"
cd "$root"
git add -- "migrations/$sql" "migrations/$snap" migrations/meta/_journal.json "$@"
git commit -q -m "Migration ${sql%.sql}" -- "migrations/$sql" "migrations/$snap" migrations/meta/_journal.json "$@"
echo "committed migrations/$sql"
