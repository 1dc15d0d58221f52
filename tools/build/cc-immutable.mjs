// Regenerates libs/validator/src/config-connector/immutable-fields.json from the pinned Config Connector
// CRDs: downloads each (or reads it from --mirror DIR), checks its sha256, lists the fields marked Immutable.
//   npm run cc-immutable                                                  (online)
//   npm run cc-immutable -- --mirror ../shared/crds/config-connector@v1.155.1   (offline)
import { importTs } from './import-ts.mjs';
import { regeneratePinnedData } from './pinned-data.mjs';

const { compileImmutableFields, IMMUTABLE_FIELD_SOURCES } = await importTs(
  'cc-immutable',
  "export { compileImmutableFields, IMMUTABLE_FIELD_SOURCES } from './libs/validator/src/config-connector/immutable-fields.ts';",
);
await regeneratePinnedData({
  sources: IMMUTABLE_FIELD_SOURCES,
  compile: compileImmutableFields,
  target: 'libs/validator/src/config-connector/immutable-fields.json',
});
