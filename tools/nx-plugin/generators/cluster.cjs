'use strict';
module.exports = async function cluster(tree, options) {
  const { clusterGenerator } = await import('../dist/generators.mjs');
  await clusterGenerator(tree, options);
};
