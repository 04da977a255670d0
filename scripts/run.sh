#!/bin/sh
# `npm start` and `npm run nudge`: which code runs, decided in one place.
#   NODE_ENV=production → the compiled JavaScript in dist/ (`npm run build`), no TypeScript loader;
#                         what the Docker image runs (node dist/main.js).
#   otherwise           → the TypeScript source under tsx, so a fresh clone needs only `npm ci && npm start`.
# exec: node itself receives the supervisor's signals (SIGTERM drains, see src/main.ts).
set -eu
entry=$1
shift
if [ "${NODE_ENV:-}" = production ]; then
  if [ ! -f "dist/$entry.js" ]; then
    echo "Deep Thoughts could not start: NODE_ENV=production runs the compiled build, and dist/$entry.js is missing: run \`npm run build\` first, or unset NODE_ENV to run from source." >&2
    exit 1
  fi
  exec node "dist/$entry.js" "$@"
fi
exec node --import tsx "src/$entry.ts" "$@"
