// What GCP cannot change in place on the Config Connector objects the tree emits, and the list's source.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseManifests, type Resource } from '@inference-gitops/core';
import { itWith, upstream } from '@inference-gitops/core/testing';
import { compileImmutableFields } from '../src/config-connector/immutable-fields.js';
import { immutableChanges } from '../src/immutable.js';

const repoRoot = resolve(import.meta.dirname, '../../..');

// A TPU pool as the generator writes it (after Config Connector's ContainerNodePool samples).
const pool = (spec: string): Resource =>
  parseManifests(
    `apiVersion: container.cnrm.cloud.google.com/v1beta1\nkind: ContainerNodePool\nmetadata: {name: tpu, namespace: cnrm}\nspec:\n  clusterRef: {name: c}\n  location: europe-west4-a\n${spec}`,
    { file: '/pools.yaml' },
  ).resources[0]!;
const v6e = (machineType: string, extra = '') =>
  pool(
    `  nodeLocations: [europe-west4-a]\n  autoscaling: {minNodeCount: 0, maxNodeCount: 4}\n  nodeConfig:\n    machineType: ${machineType}\n${extra}`,
  );
const changes = (a: Resource, b: Resource) => immutableChanges(a, b).map((c) => `${c.path.join('.')}: ${c.message}`);

describe('Config Connector node pools (--base)', () => {
  it('refuses a new machine type, a boot disk set later, and a new TPU placement, naming the way to change them', () => {
    expect(changes(v6e('ct6e-standard-4t'), v6e('ct6e-standard-8t'))).toEqual([
      'spec.nodeConfig.machineType: spec.nodeConfig.machineType of ContainerNodePool tpu changes from "ct6e-standard-4t" to "ct6e-standard-8t", but GCP cannot change it in place: Config Connector refuses the update (or the object turns UpdateFailed) and never recreates the node pool',
    ]);
    expect(
      changes(v6e('ct6e-standard-4t'), v6e('ct6e-standard-4t', '    diskSizeGb: 500\n')).map((c) => c.split(':')[0]),
    ).toEqual(['spec.nodeConfig.diskSizeGb']);
    const placed = (topology: string) =>
      v6e('ct6e-standard-4t', `  placementPolicy: {type: COMPACT, tpuTopology: ${topology}}\n`);
    expect(changes(placed('4x4'), placed('4x8')).map((c) => c.split(':')[0])).toEqual(['spec.placementPolicy']);
    expect(immutableChanges(v6e('a'), v6e('b'))[0]!.hint).toBe(
      'Add a node pool with the new value under a new name (nodePools), move the endpoints to it, then remove the old one (list it in configConnector.removals).',
    );
  });

  it('accepts what GKE changes in place: autoscaling bounds and node locations', () => {
    const bounds = (max: number, zones: string) =>
      pool(
        `  nodeLocations: [${zones}]\n  autoscaling: {minNodeCount: 0, maxNodeCount: ${max}}\n  nodeConfig: {machineType: ct6e-standard-4t}\n`,
      );
    expect(changes(bounds(4, 'europe-west4-a'), bounds(8, 'europe-west4-a, europe-west4-b'))).toEqual([]);
  });
});

describe('the list of immutable fields (libs/validator/src/config-connector/immutable-fields.json)', () => {
  const crds = upstream('crds/config-connector@v1.155.1', "Config Connector's pinned CRDs");
  itWith(
    crds,
    'is exactly what the pinned CRDs give (npm run cc-immutable -- --mirror ../shared/crds/config-connector@v1.155.1)',
    () => {
      const compiled = compileImmutableFields((s) => readFileSync(join(crds.path, s.path)));
      const committed = JSON.parse(
        readFileSync(join(repoRoot, 'libs/validator/src/config-connector/immutable-fields.json'), 'utf8'),
      );
      expect(committed).toEqual(compiled);
      expect(compiled.kinds.ContainerNodePool).toContain('/spec/nodeConfig/machineType');
    },
  );

  it('refuses a CRD whose bytes differ from the pinned sha256', () => {
    expect(() => compileImmutableFields(() => new TextEncoder().encode('kind: CustomResourceDefinition\n'))).toThrow(
      /^apiextensions\.k8s\.io_v1_customresourcedefinition_containerclusters\.container\.cnrm\.cloud\.google\.com\.yaml: sha256 [0-9a-f]{64} does not match the pinned b84bd526/,
    );
  });
});
