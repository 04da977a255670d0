/**
 * Preloaded into an app under test (`node --require` this file): as the
 * process exits, writes the path of every module it loaded, one a line, to
 * the file named by LOADED_MODULES_FILE. What "nothing of X is loaded" is
 * checked against.
 */
const { writeFileSync } = require('node:fs');

const target = process.env.LOADED_MODULES_FILE;
if (target) {
  process.on('exit', () => {
    writeFileSync(target, Object.keys(require.cache).join('\n'));
  });
}
