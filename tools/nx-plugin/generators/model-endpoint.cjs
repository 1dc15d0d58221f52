'use strict';
module.exports = async function modelEndpoint(tree, options) {
  const { modelEndpointGenerator } = await import('../dist/generators.mjs');
  await modelEndpointGenerator(tree, options);
};
