# Production image: HTTP or Socket Mode against real Slack, with DATABASE_URL
# pointing at a managed Postgres (embedded Postgres is for local mode and tests).
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY tsconfig.json ./
COPY src ./src
COPY migrations ./migrations
USER node
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# node itself is PID 1's child: SIGTERM reaches the app, which drains before it exits (as npm start runs it).
CMD ["node", "--import", "tsx", "src/main.ts"]
