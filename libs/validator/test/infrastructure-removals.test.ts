// --base and the GKE cluster's and node pools' Config Connector objects: a removal deletes the GCP
// resource unless the object is abandoned or the spec lists the removal.
import { describe, expect, it } from 'vitest';
import { parseManifests, type Resource } from '@inference-gitops/core';
import type { ClusterSpec } from '@inference-gitops/cluster-spec';
import { infrastructureRemovals } from '../src/infrastructure-removals.js';

const pool = (name: string, annotations = '{}'): Resource =>
  parseManifests(
    `apiVersion: container.cnrm.cloud.google.com/v1beta1\nkind: ContainerNodePool\nmetadata: {name: ${name}, namespace: cnrm, annotations: ${annotations}}\nspec: {clusterRef: {name: c}, location: europe-west4-a}\n`,
    { file: '/pools.yaml' },
  ).resources[0]!;
const spec = (removals: unknown[] = []) =>
  ({ name: 'c', environment: 'dev', configConnector: { namespace: 'cnrm', removals } }) as unknown as ClusterSpec;
const messages = (base: Resource[], head: Resource[], s?: ClusterSpec) =>
  infrastructureRemovals(base, head, s ? { name: 'c', spec: s, repoRoot: '/nowhere' } : undefined).map(
    (f) => f.message,
  );

describe('removing a Config Connector cluster or node pool (--base)', () => {
  it('refuses a pool renamed or removed whose policy deletes it in GCP, saying so', () => {
    expect(messages([pool('tpu-a')], [pool('tpu-b')], spec())).toEqual([
      'this change removes ContainerNodePool tpu-a (namespace cnrm), and Config Connector then deletes the GKE node pool in GCP: its deletion policy is not abandon, and Config Connector never recreates it',
    ]);
    expect(messages([pool('tpu-a')], [], undefined)).toHaveLength(1);
  });

  it('accepts a removal the spec lists, one of an abandoned object, and a pool that stays', () => {
    expect(
      messages([pool('tpu-a')], [], spec([{ kind: 'ContainerNodePool', name: 'tpu-a', reason: 'v6e moves to v7' }])),
    ).toEqual([]);
    expect(messages([pool('tpu-a', '{cnrm.cloud.google.com/deletion-policy: abandon}')], [], spec())).toEqual([]);
    expect(messages([pool('tpu-a')], [pool('tpu-a')], spec())).toEqual([]);
    // A removal listed for another kind or name does not cover this one.
    expect(
      messages([pool('tpu-a')], [], spec([{ kind: 'ContainerCluster', name: 'tpu-a', reason: 'x' }])),
    ).toHaveLength(1);
  });
});
