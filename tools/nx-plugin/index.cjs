// Nx loads local plugins with require(); the plugin's code is TypeScript (src/), bundled to ESM by
// `npm ci` (tools/build/build.mjs) and imported here on first use.
'use strict';
let loaded;
const load = () => (loaded ??= import('./dist/plugin.mjs'));

const GLOB = '{clusters/*/cluster.yaml,overlays/**/kustomization.yaml}';
const createNodesFn = async (files, options, context) => (await load()).createNodesFromFiles(files, options, context);

module.exports = {
  name: '@inference-gitops/nx-plugin',
  createNodes: [GLOB, createNodesFn],
  createNodesV2: [GLOB, createNodesFn],
  createDependencies: async (options, context) => (await load()).createDependencies(options, context),
};
