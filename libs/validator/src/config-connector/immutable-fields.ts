// The fields of the Config Connector kinds the tree emits that GCP cannot change in place. Config
// Connector's admission webhook refuses an edit of one ("cannot make changes to immutable field(s)"), or the
// object turns UpdateFailed; it never recreates the resource. Most are marked "Immutable." in the CRDs'
// descriptions: those are compiled from the pinned CRDs into immutable-fields.json (`npm run
// cc-immutable`, checked against the sha256 below, with a regenerate test). TPU placement is not marked,
// but the vendored Terraform schema makes the whole placement_policy block ForceNew.
// Sources: k8s-config-connector v1.155.1 config/crds/resources (CRDs), pkg/webhook/immutable_fields_validator.go,
// pkg/controller/tf/controller.go (diff.RequiresNew); the vendored google provider's
// resource_container_node_pool.go (placement_policy ForceNew). See ../shared/research/serving-safety.md B7.
import { createHash } from 'node:crypto';
import { parseAllDocuments } from 'yaml';

const REPO =
  'https://raw.githubusercontent.com/GoogleCloudPlatform/k8s-config-connector/v1.155.1/config/crds/resources';

/** The pinned CRDs the list is compiled from (mirror layout: ../shared/crds/config-connector@v1.155.1/). */
export const IMMUTABLE_FIELD_SOURCES = [
  {
    path: 'apiextensions.k8s.io_v1_customresourcedefinition_containerclusters.container.cnrm.cloud.google.com.yaml',
    sha256: 'b84bd526ede46a337d92d3e5d176aa41b20b56e9b171321162b00983914dc0de',
  },
  {
    path: 'apiextensions.k8s.io_v1_customresourcedefinition_containernodepools.container.cnrm.cloud.google.com.yaml',
    sha256: 'b1e3ed69ced9972db8cd57c01401687fa625985305260fcc9d0a472db912e55c',
  },
].map((s) => ({ ...s, url: `${REPO}/${s.path}` }));

/** Fields GCP cannot change in place that the CRDs do not mark, each with its source. */
export const UNMARKED_IMMUTABLE: Record<string, Array<{ path: string; source: string }>> = {
  ContainerNodePool: [
    {
      path: '/spec/placementPolicy',
      source: 'the vendored Terraform provider: placement_policy is ForceNew (TPU topology, COMPACT placement)',
    },
  ],
};

export interface ImmutableFieldsFile {
  generatedBy: string;
  sources: Array<{ url: string; sha256: string }>;
  /** kind -> JSON pointers (`*` for every item of a list) whose value cannot change in place. */
  kinds: Record<string, string[]>;
}

/** The pointers under spec whose descriptions say "Immutable.", for each kind of the CRDs. */
export function compileImmutableFields(
  read: (source: (typeof IMMUTABLE_FIELD_SOURCES)[number]) => Uint8Array,
): ImmutableFieldsFile {
  const kinds: Record<string, string[]> = {};
  for (const source of IMMUTABLE_FIELD_SOURCES) {
    const bytes = read(source);
    const actual = createHash('sha256').update(bytes).digest('hex');
    if (actual !== source.sha256)
      throw new Error(`${source.path}: sha256 ${actual} does not match the pinned ${source.sha256}; refusing it`);
    for (const doc of parseAllDocuments(Buffer.from(bytes).toString('utf8'))) {
      const crd = doc.toJS() as {
        spec?: { names?: { kind?: string }; versions?: Array<{ schema?: { openAPIV3Schema?: Schema } }> };
      };
      const kind = crd.spec?.names?.kind;
      if (!kind) continue;
      const paths = new Set<string>();
      for (const v of crd.spec?.versions ?? []) {
        const spec = v.schema?.openAPIV3Schema?.properties?.spec;
        if (spec) walk(spec, '/spec', paths);
      }
      kinds[kind] = [...paths].sort();
    }
  }
  return {
    generatedBy: 'npm run cc-immutable',
    sources: IMMUTABLE_FIELD_SOURCES.map(({ url, sha256 }) => ({ url, sha256 })),
    kinds,
  };
}

type Schema = { description?: string; properties?: Record<string, Schema>; items?: Schema };

function walk(node: Schema, pointer: string, out: Set<string>): void {
  if (/(^|\s)Immutable\./.test(node.description ?? '')) {
    out.add(pointer);
    return; // the whole field: nothing below it can change either
  }
  for (const [key, child] of Object.entries(node.properties ?? {}))
    walk(child, `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`, out);
  if (node.items && typeof node.items === 'object') walk(node.items, `${pointer}/*`, out);
}
