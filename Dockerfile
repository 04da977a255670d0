# Production image: HTTP or Socket Mode against real Slack, with DATABASE_URL
# pointing at a managed Postgres (embedded Postgres is for local mode and tests).
# Two stages on the same slim base: the first compiles src/ with the
# developer dependencies (TypeScript), the second holds the compiled
# JavaScript, the migrations and the production dependencies only.
# tests/production-image.test.ts checks this file without Docker.

FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# No install scripts are needed to compile (esbuild's, say, is for tsx, which the build does not run).
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY migrations ./migrations
# scripts/run.sh: so that `npm run nudge` (and `npm start`) in the container run dist/ too.
COPY scripts ./scripts
# The base image's unprivileged account: the app writes nothing but its log to stdout.
USER node
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# node is PID 1 itself (no npm, no shell in between): SIGTERM reaches the app, which drains before it exits.
CMD ["node", "dist/main.js"]
