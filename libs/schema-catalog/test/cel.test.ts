import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { compileCelValidator } from '../src/cel/index.js';

const repoRoot = resolve(import.meta.dirname, '../../..');
const crdsDir = resolve(repoRoot, '..', 'shared', 'crds');
const schemaOf = (file: string, version: string) => {
  for (const doc of parseAllDocuments(readFileSync(join(crdsDir, file), 'utf8'))) {
    const v = doc.toJS()?.spec?.versions?.find((x: any) => x.name === version);
    if (v) return v.schema.openAPIV3Schema;
  }
  throw new Error('no');
};

describe('smoke', () => {
  it('httproute', () => {
    const t0 = performance.now();
    const v = compileCelValidator(schemaOf('kserve/serving.kserve.io_llminferenceservices.yaml', 'v1alpha1'));
    console.log('kserve compile', performance.now() - t0);
    const h = compileCelValidator(schemaOf('gateway-api/gateway.networking.k8s.io_httproutes.yaml', 'v1'));
    const route = (rules: unknown[]) => ({ apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', metadata: { name: 'r', namespace: 'n' }, spec: { parentRefs: [{ name: 'gw' }], rules } });
    console.log(JSON.stringify(h.validate(route([{ matches: [{ path: { type: 'PathPrefix', value: 'v1/completions' } }], backendRefs: [{ name: 'vllm', port: 8000 }] }])), null, 1));
    console.log(JSON.stringify(h.validate(route([{ filters: [{ type: 'RequestHeaderModifier', requestHeaderModifier: { set: [{ name: 'a', value: 'b' }] } }, { type: 'RequestHeaderModifier', requestHeaderModifier: { set: [{ name: 'c', value: 'd' }] } }], backendRefs: [{ name: 'vllm', port: 8000 }] }])), null, 1));
    console.log(JSON.stringify(h.validate(route([{ backendRefs: [{ name: 'vllm' }] }])), null, 1));
    const ok = route([{ matches: [{ path: { type: 'PathPrefix', value: '/ns/llm/v1/completions' } }], filters: [{ type: 'URLRewrite', urlRewrite: { path: { type: 'ReplacePrefixMatch', replacePrefixMatch: '/v1/completions' } } }], backendRefs: [{ group: 'inference.networking.k8s.io', kind: 'InferencePool', name: 'pool', port: 8000 }], timeouts: { request: '0s', backendRequest: '600s' } }]);
    let t = performance.now();
    for (let i = 0; i < 100; i++) h.validate(ok);
    console.log('per validate ms', (performance.now() - t) / 100, JSON.stringify(h.validate(ok)));
    const kobj = { apiVersion: 'serving.kserve.io/v1alpha1', kind: 'LLMInferenceService', metadata: { name: 'x' }, spec: { router: { route: { http: { spec: ok.spec } } } } };
    t = performance.now();
    for (let i = 0; i < 100; i++) v.validate(kobj);
    console.log('kserve per validate ms', (performance.now() - t) / 100, JSON.stringify(v.validate(kobj)));
  });
});
