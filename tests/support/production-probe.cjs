/**
 * Preloaded (`node --require`) into the compiled bot by
 * tests/server/production-build.e2e.test.ts. Production installs with
 * `npm ci --omit=dev`, so here every package that only a devDependency
 * brings (PROBE_DEV_PACKAGES, read from the lockfile by the test) is
 * refused as absent, exactly as in the image, and each refusal is recorded.
 * At exit it writes to PROBE_REPORT what was loaded (every file in
 * require.cache) and the process's own node flags, so the test can check
 * that no TypeScript loader (tsx, typescript, esbuild) ran.
 * Plain CommonJS: it runs before, and without, any TypeScript support.
 */
'use strict';
const Module = require('node:module');
const fs = require('node:fs');

const devPackages = new Set(JSON.parse(process.env.PROBE_DEV_PACKAGES || '[]'));
const report = process.env.PROBE_REPORT;
const refused = [];

/** 'pkg' or '@scope/pkg' of a bare specifier; undefined for relative paths and node: built-ins. */
function packageOf(request) {
  if (request.startsWith('.') || request.startsWith('/') || request.startsWith('node:')) return undefined;
  const parts = request.split('/');
  return request.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  const name = packageOf(request);
  if (name !== undefined && devPackages.has(name)) {
    refused.push(name);
    const error = new Error(`Cannot find module '${request}' (a devDependency: --omit=dev leaves it out)`);
    error.code = 'MODULE_NOT_FOUND';
    throw error;
  }
  return resolve.call(this, request, ...rest);
};

process.on('exit', () => {
  if (!report) return;
  fs.writeFileSync(report, JSON.stringify({ execArgv: process.execArgv, loaded: Object.keys(require.cache), refused }));
});
