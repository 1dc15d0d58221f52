'use strict';
// Nx require()s executors; their code is TypeScript (src/executor.ts), bundled to ESM with the plugin.
const load = () => import('../dist/plugin.mjs');

module.exports = async function validate(options, context) {
  return (await load()).validateExecutor(options, context);
};

module.exports.batch = async function* batch(taskGraph, inputs, overrides, context) {
  yield* (await load()).validateBatch(taskGraph, inputs, overrides, context);
};
