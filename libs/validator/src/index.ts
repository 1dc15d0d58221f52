export * from './validate.js';
export * from './repo-config.js';
export * from './locate.js';
export * from './builtin-rules.js';
export { parseKubeconformOutput, runKubeconform, type KubeconformResult } from './kubeconform-engine.js';
export { rehearse } from './rehearse.js';
export { platformOfSpec, selectionChanges, SPEC_VERSION_SETS, unusedSets, type ClusterPlatform } from './platform.js';
