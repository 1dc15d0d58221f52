import { describe, expect, it } from 'vitest';
import { parseManifests, type Resource } from '@inference-gitops/core';
import { immutableChanges, immutableFindings } from '../src/immutable.js';

const r = (yaml: string): Resource => parseManifests(yaml, { file: '/x.yaml' }).resources[0]!;
const changes = (a: string, b: string) => immutableChanges(r(a), r(b)).map((c) => `${c.path.join('.')}: ${c.message}`);

describe('Argo CD sync hooks', () => {
  // A PostSync smoke test as the generator writes it (argocd.argoproj.io/hook + hook-delete-policy).
  const hook = (image: string, annotations: string) =>
    r(
      `apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: smoke\n  annotations: {${annotations}}\nspec:\n  template: {spec: {restartPolicy: Never, containers: [{name: c, image: ${image}}]}}\n`,
    );
  const findings = (annotations: string) =>
    immutableFindings([hook('curl:1', annotations)], [hook('curl:2', annotations)]).map((f) => f.finding.path);

  it('accepts a changed hook Argo CD deletes before creating it again (BeforeHookCreation, stated or by default)', () => {
    expect(
      findings('argocd.argoproj.io/hook: PostSync, argocd.argoproj.io/hook-delete-policy: BeforeHookCreation'),
    ).toEqual([]);
    expect(
      findings(
        'argocd.argoproj.io/hook: PostSync, argocd.argoproj.io/hook-delete-policy: "HookSucceeded,BeforeHookCreation"',
      ),
    ).toEqual([]);
    expect(findings('argocd.argoproj.io/hook: PostSync')).toEqual([]);
    expect(findings('helm.sh/hook: post-install, helm.sh/hook-delete-policy: before-hook-creation')).toEqual([]);
  });

  it('still refuses a changed Job that stays in place: no hook, a skipped one, or a hook kept across syncs', () => {
    expect(findings('team: ml')).toEqual(['/spec/template']);
    expect(findings('argocd.argoproj.io/hook: Skip')).toEqual(['/spec/template']);
    expect(findings('argocd.argoproj.io/hook: PostSync, argocd.argoproj.io/hook-delete-policy: HookFailed')).toEqual([
      '/spec/template',
    ]);
  });
});

describe('immutable fields', () => {
  it('StatefulSet: only replicas, ordinals, template, updateStrategy, revisionHistoryLimit, PVC retention, minReadySeconds may change', () => {
    const sts = (size: string, replicas: number) =>
      `apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: db}\nspec:\n  replicas: ${replicas}\n  serviceName: db\n  selector: {matchLabels: {app: db}}\n  template: {metadata: {labels: {app: db}}, spec: {containers: [{name: db, image: db:1}]}}\n  volumeClaimTemplates: [{metadata: {name: data}, spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: ${size}}}}}]\n`;
    expect(changes(sts('10Gi', 1), sts('10Gi', 3))).toEqual([]);
    expect(changes(sts('10Gi', 1), sts('20Gi', 1))).toEqual([
      'spec.volumeClaimTemplates: spec.volumeClaimTemplates of StatefulSet db changed; updates to a StatefulSet may change only replicas, ordinals, template, updateStrategy, revisionHistoryLimit, persistentVolumeClaimRetentionPolicy, minReadySeconds (Forbidden)',
    ]);
  });

  it('Job selector and template, Service clusterIP, Secret type, immutable ConfigMaps, shrinking PVCs, KServe parallelism', () => {
    const job = (image: string) =>
      `apiVersion: batch/v1\nkind: Job\nmetadata: {name: j}\nspec:\n  template: {spec: {restartPolicy: Never, containers: [{name: c, image: ${image}}]}}\n`;
    expect(changes(job('a:1'), job('a:2'))).toEqual([
      'spec.template: spec.template of Job j changed from {"spec":{"restartPolicy":"Never","containers":[{"name":"c","image":"a:1"}]}} to {"spec":{"restartPolicy":"Never","containers":[{"name":"c","image":"a:2"}]}}, but it is immutable',
    ]);
    const svc = (ip: string) =>
      `apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec: {clusterIP: ${ip}, ports: [{port: 80}]}\n`;
    expect(changes(svc('10.0.0.1'), svc('10.0.0.2'))).toEqual([
      'spec.clusterIP: spec.clusterIP of Service s changed from "10.0.0.1" to "10.0.0.2", but it is immutable',
    ]);
    const secret = (type: string) => `apiVersion: v1\nkind: Secret\nmetadata: {name: s}\ntype: ${type}\n`;
    expect(changes(secret('Opaque'), secret('kubernetes.io/tls'))).toEqual([
      'type: type of Secret s changed from Opaque to kubernetes.io/tls, but it is immutable',
    ]);
    const cm = (immutable: boolean, v: string) =>
      `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\nimmutable: ${immutable}\ndata: {k: ${v}}\n`;
    expect(changes(cm(true, 'a'), cm(true, 'b'))).toEqual([
      'data: ConfigMap c is immutable (immutable: true) but its data changed',
    ]);
    expect(changes(cm(false, 'a'), cm(false, 'b'))).toEqual([]);
    const claim = (size: string) =>
      `apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {name: p}\nspec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: ${size}}}}\n`;
    expect(changes(claim('100Gi'), claim('200Gi'))).toEqual([]);
    expect(changes(claim('100Gi'), claim('50Gi'))).toEqual([
      'spec.resources.requests.storage: PersistentVolumeClaim p shrinks from 100Gi to 50Gi; storage can only grow',
    ]);
  });

  it("KServe's parallelism size (data / dataLocal, else pipeline), for the service and its prefill; tensor parallelism may change", () => {
    const svcLlm = (parallelism: string, prefill = '') =>
      `apiVersion: serving.kserve.io/v1alpha1\nkind: LLMInferenceService\nmetadata: {name: m}\nspec: {model: {uri: "hf://a/b"}, parallelism: ${parallelism}${prefill ? `, prefill: {parallelism: ${prefill}}` : ''}}\n`;
    const refused = (what: string, from: number, to: number) =>
      `${what}: the total parallelism size (${what}: data / dataLocal, else pipeline) of LLMInferenceService m changed from ${from} to ${to}; KServe's webhook refuses to change it on update`;
    expect(changes(svcLlm('{tensor: 4}'), svcLlm('{tensor: 8}'))).toEqual([]);
    expect(changes(svcLlm('{data: 8, dataLocal: 8}'), svcLlm('{data: 16, dataLocal: 16}'))).toEqual([]);
    expect(changes(svcLlm('{data: 8, dataLocal: 4}'), svcLlm('{data: 16, dataLocal: 4}'))).toEqual([
      refused('spec.parallelism', 2, 4),
    ]);
    expect(changes(svcLlm('{tensor: 4}'), svcLlm('{tensor: 4, pipeline: 2}'))).toEqual([
      refused('spec.parallelism', 1, 2),
    ]);
    expect(changes(svcLlm('{pipeline: 2}', '{pipeline: 2}'), svcLlm('{pipeline: 2}', '{pipeline: 4}'))).toEqual([
      refused('spec.prefill.parallelism', 2, 4),
    ]);
  });
});
