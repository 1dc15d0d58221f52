'use strict';
// Nx require()s executors; their code is TypeScript (src/executor.ts), bundled to ESM on its own (the
// batch worker needs none of the project graph's code).
const load = () => import('../dist/executor.mjs');

module.exports = async function validate(options, context) {
  return (await load()).validateExecutor(options, context);
};

module.exports.batch = async function* batch(taskGraph, inputs, overrides, context) {
  yield* (await load()).validateBatch(taskGraph, inputs, overrides, context);
};
