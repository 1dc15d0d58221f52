'use strict';
module.exports = async function modelEndpoint(tree, options) {
  const { modelEndpointGenerator } = await import('../dist/plugin.mjs');
  await modelEndpointGenerator(tree, options);
};
