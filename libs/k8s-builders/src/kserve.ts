// Own typed interfaces for the KServe and Inference Extension objects (no @kubernetes-models package
// ships them), covering the fields the generator emits. Shapes follow serving.kserve.io/v1alpha1 at
// opendatahub odh-v3.4-EA1 and inference.networking.k8s.io/v1 at GAIE v1.2.0.
import type { IObjectMeta } from '@kubernetes-models/apimachinery/apis/meta/v1/ObjectMeta';
import type { IPodSpec } from 'kubernetes-models/v1/PodSpec';

export interface HTTPRouteRuleSpec {
  matches?: Array<{
    path?: { type: 'Exact' | 'PathPrefix'; value: string };
    headers?: Array<{ name: string; value: string }>;
  }>;
  filters?: Array<{
    type: 'URLRewrite';
    urlRewrite: { path: { type: 'ReplacePrefixMatch'; replacePrefixMatch: string } };
  }>;
  backendRefs?: Array<{ group?: string; kind?: string; name: string; port?: number; weight?: number }>;
  timeouts?: { request?: string; backendRequest?: string };
}

export interface LLMInferenceServiceSpec {
  model: { uri: string; name?: string };
  replicas?: number;
  router?: {
    scheduler?: { template?: IPodSpec };
    gateway?: { refs?: Array<{ name: string; namespace: string }> };
    route?: { http?: { spec?: { rules: HTTPRouteRuleSpec[] } } } | Record<string, never>;
  };
  template?: IPodSpec;
  worker?: IPodSpec;
  parallelism?: { tensor?: number; pipeline?: number; data?: number; dataLocal?: number };
  baseRefs?: Array<{ name: string }>;
}

/** v1alpha1 (the OpenDataHub build) or v1alpha2 (community KServe v0.17 and later, its storage version). */
export type LLMInferenceServiceVersion = 'serving.kserve.io/v1alpha1' | 'serving.kserve.io/v1alpha2';

export interface LLMInferenceService {
  apiVersion: LLMInferenceServiceVersion;
  kind: 'LLMInferenceService';
  metadata: IObjectMeta;
  spec: LLMInferenceServiceSpec;
}

export interface LLMInferenceServiceConfig {
  apiVersion: 'serving.kserve.io/v1alpha1';
  kind: 'LLMInferenceServiceConfig';
  metadata: IObjectMeta;
  spec: Omit<Partial<LLMInferenceServiceSpec>, 'model'> & { model?: { uri?: string; name?: string } };
}

export interface InferencePoolV1 {
  apiVersion: 'inference.networking.k8s.io/v1';
  kind: 'InferencePool';
  metadata: IObjectMeta;
  spec: {
    selector: { matchLabels: Record<string, string> };
    targetPorts: Array<{ number: number }>;
    endpointPickerRef: {
      name: string;
      kind?: 'Service';
      port: { number: number };
      failureMode?: 'FailOpen' | 'FailClose';
    };
  };
}

export interface InferencePoolV1Alpha2 {
  apiVersion: 'inference.networking.x-k8s.io/v1alpha2';
  kind: 'InferencePool';
  metadata: IObjectMeta;
  spec: {
    selector: Record<string, string>;
    targetPortNumber: number;
    extensionRef: { name: string; failureMode?: 'FailOpen' | 'FailClose' };
  };
}

export function llmInferenceService(
  metadata: IObjectMeta,
  spec: LLMInferenceServiceSpec,
  apiVersion: LLMInferenceServiceVersion = 'serving.kserve.io/v1alpha1',
): LLMInferenceService {
  return { apiVersion, kind: 'LLMInferenceService', metadata, spec };
}

export function inferencePoolV1(metadata: IObjectMeta, spec: InferencePoolV1['spec']): InferencePoolV1 {
  return { apiVersion: 'inference.networking.k8s.io/v1', kind: 'InferencePool', metadata, spec };
}

/** sail-operator's Istio control plane (sailoperator.io/v1), the fields the generator sets. */
export interface SailIstio {
  apiVersion: 'sailoperator.io/v1';
  kind: 'Istio';
  metadata: IObjectMeta;
  spec: {
    version: string;
    namespace: string;
    values?: { pilot?: { env?: Record<string, string> }; meshConfig?: Record<string, unknown> };
  };
}

export function sailIstio(name: string, spec: SailIstio['spec']): SailIstio {
  return { apiVersion: 'sailoperator.io/v1', kind: 'Istio', metadata: { name }, spec };
}
