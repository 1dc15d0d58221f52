// Regenerates libs/validator/src/argocd-health/builtin-health.json from the pinned Argo CD release: downloads
// each built-in health script (or reads it from --mirror DIR), checks its sha256, and stores it as data.
//   npm run argocd-health                                                          (online)
//   npm run argocd-health -- --mirror ../shared/crds/argo-cd@v3.5.1/resource_customizations   (offline)
import { importTs } from './import-ts.mjs';
import { regeneratePinnedData } from './pinned-data.mjs';

const { compileBuiltinHealth, BUILTIN_HEALTH_SOURCES } = await importTs(
  'argocd-health',
  "export { compileBuiltinHealth, BUILTIN_HEALTH_SOURCES } from './libs/validator/src/argocd-health/builtin.ts';",
);
await regeneratePinnedData({
  sources: BUILTIN_HEALTH_SOURCES,
  compile: compileBuiltinHealth,
  target: 'libs/validator/src/argocd-health/builtin-health.json',
});
