// Status fixtures of the kinds a sync wave waits on, in the spirit of Argo CD's health_test.yaml files: each
// case is an object in one phase of its life (starting, ready, failed, or another state) with what a correct
// health check says of it. `gitops validate` runs a cluster's health checks against them; the generator's
// tests run its own scripts against them too. Written for this repository from the conditions the
// controllers set, not copied from a cluster:
// - LLMInferenceService: opendatahub-io/kserve odh-v3.4-EA1 llm_inference_service_lifecycle.go and
//   pkg/controller/llmisvc/workload_*.go (workload conditions are False, not Unknown, while pods start).
// - LeaderWorkerSet: kubernetes-sigs/lws v0.8 leaderworkerset_types.go (Available, Progressing,
//   UpdateInProgress).
// - InferenceService (KServe v1beta1, which Argo CD checks itself): kserve pkg/apis/serving/v1beta1
//   inference_service_status.go (PredictorReady, IngressReady, Ready; modelStatus.transitionStatus
//   InProgress, UpToDate, BlockedByFailedLoad).

export type Phase = 'starting' | 'ready' | 'failed' | 'updating' | 'stopped';

export interface StatusCase {
  name: string;
  phase: Phase;
  /** What a correct check says: Argo CD's status, and its message when it matters. */
  expected: 'Healthy' | 'Progressing' | 'Degraded' | 'Suspended';
  message?: string;
  obj: Record<string, unknown>;
}

/** `<group>/<kind>` -> its cases. */
export const STATUS_CASES: Record<string, StatusCase[]> = {
  'serving.kserve.io/LLMInferenceService': [
    {
      name: 'just created, no status yet',
      phase: 'starting',
      expected: 'Progressing',
      obj: {
        metadata: {
          generation: 1,
        },
      },
    },
    {
      name: "pods starting (TPU compilation): the workload conditions are False with the Deployment's reason",
      phase: 'starting',
      expected: 'Progressing',
      message: 'Deployment does not have minimum availability.',
      obj: {
        metadata: {
          generation: 1,
        },
        status: {
          observedGeneration: 1,
          conditions: [
            {
              type: 'MainWorkloadReady',
              status: 'False',
              reason: 'MinimumReplicasUnavailable',
              message: 'Deployment does not have minimum availability.',
            },
            {
              type: 'WorkloadsReady',
              status: 'False',
              reason: 'MinimumReplicasUnavailable',
              message: 'Deployment does not have minimum availability.',
            },
            {
              type: 'RouterReady',
              status: 'False',
              reason: 'GatewaysNotReady',
              message: 'waiting for the gateway',
            },
            {
              type: 'Ready',
              status: 'False',
              reason: 'MinimumReplicasUnavailable',
              message: 'Deployment does not have minimum availability.',
            },
          ],
        },
      },
    },
    {
      name: 'a multi-host slice still forming, reason Progressing',
      phase: 'starting',
      expected: 'Progressing',
      obj: {
        metadata: {
          generation: 2,
        },
        status: {
          observedGeneration: 2,
          conditions: [
            {
              type: 'WorkerWorkloadReady',
              status: 'False',
              reason: 'Progressing',
            },
            {
              type: 'Ready',
              status: 'False',
              reason: 'Progressing',
            },
          ],
        },
      },
    },
    {
      name: 'serving',
      phase: 'ready',
      expected: 'Healthy',
      obj: {
        metadata: {
          generation: 3,
        },
        status: {
          observedGeneration: 3,
          conditions: [
            {
              type: 'WorkloadsReady',
              status: 'True',
            },
            {
              type: 'RouterReady',
              status: 'True',
            },
            {
              type: 'Ready',
              status: 'True',
            },
          ],
        },
      },
    },
    {
      name: 'serving, but the controller has not seen the last change yet',
      phase: 'updating',
      expected: 'Progressing',
      message: 'waiting for KServe to observe generation 4',
      obj: {
        metadata: {
          generation: 4,
        },
        status: {
          observedGeneration: 3,
          conditions: [
            {
              type: 'Ready',
              status: 'True',
            },
          ],
        },
      },
    },
    {
      name: 'a reconcile error KServe does not get past by itself',
      phase: 'failed',
      expected: 'Degraded',
      message: 'MainWorkloadReady: failed to create deployment: admission webhook denied the request',
      obj: {
        metadata: {
          generation: 1,
        },
        status: {
          observedGeneration: 1,
          conditions: [
            {
              type: 'MainWorkloadReady',
              status: 'False',
              reason: 'ReconcileSingleNodeWorkloadError',
              message: 'failed to create deployment: admission webhook denied the request',
            },
            {
              type: 'Ready',
              status: 'False',
              reason: 'ReconcileSingleNodeWorkloadError',
            },
          ],
        },
      },
    },
    {
      name: 'a base config that cannot be fetched',
      phase: 'failed',
      expected: 'Degraded',
      obj: {
        metadata: {
          generation: 1,
        },
        status: {
          observedGeneration: 1,
          conditions: [
            {
              type: 'PresetsCombined',
              status: 'False',
              reason: 'ConfigFetchError',
              message: 'LLMInferenceServiceConfig kserve-config-llm-template not found',
            },
          ],
        },
      },
    },
    {
      name: 'stopped with serving.kserve.io/stop',
      phase: 'stopped',
      expected: 'Suspended',
      obj: {
        metadata: {
          generation: 1,
        },
        status: {
          observedGeneration: 1,
          conditions: [
            {
              type: 'Ready',
              status: 'False',
              reason: 'Stopped',
              message: 'the service is stopped',
            },
          ],
        },
      },
    },
  ],
  'leaderworkerset.x-k8s.io/LeaderWorkerSet': [
    {
      name: 'groups starting',
      phase: 'starting',
      expected: 'Progressing',
      message: '0 of 2 groups ready',
      obj: {
        spec: {
          replicas: 2,
        },
        status: {
          readyReplicas: 0,
          conditions: [
            {
              type: 'Progressing',
              status: 'True',
            },
            {
              type: 'Available',
              status: 'False',
            },
          ],
        },
      },
    },
    {
      name: 'every group ready',
      phase: 'ready',
      expected: 'Healthy',
      message: '2 of 2 groups ready',
      obj: {
        spec: {
          replicas: 2,
        },
        status: {
          readyReplicas: 2,
          conditions: [
            {
              type: 'Available',
              status: 'True',
            },
          ],
        },
      },
    },
    {
      name: 'a rolling update under way',
      phase: 'updating',
      expected: 'Progressing',
      message: '2 of 2 groups ready, rolling update in progress',
      obj: {
        spec: {
          replicas: 2,
        },
        status: {
          readyReplicas: 2,
          conditions: [
            {
              type: 'Available',
              status: 'True',
            },
            {
              type: 'UpdateInProgress',
              status: 'True',
            },
          ],
        },
      },
    },
    {
      name: 'no status yet, one group by default',
      phase: 'starting',
      expected: 'Progressing',
      obj: {
        spec: {},
      },
    },
  ],
  'serving.kserve.io/InferenceService': [
    {
      name: 'predictor starting, the model loading',
      phase: 'starting',
      expected: 'Progressing',
      obj: {
        status: {
          modelStatus: { transitionStatus: 'InProgress' },
          conditions: [
            { type: 'PredictorReady', status: 'False', reason: 'ProgressDeadlineNotExceeded' },
            { type: 'Ready', status: 'False' },
          ],
        },
      },
    },
    {
      name: 'serving',
      phase: 'ready',
      expected: 'Healthy',
      obj: {
        status: {
          modelStatus: { transitionStatus: 'UpToDate' },
          conditions: [
            { type: 'IngressReady', status: 'True' },
            { type: 'PredictorReady', status: 'True' },
            { type: 'Ready', status: 'True' },
          ],
        },
      },
    },
    {
      name: 'the model failed to load',
      phase: 'failed',
      expected: 'Degraded',
      obj: {
        status: {
          modelStatus: { transitionStatus: 'BlockedByFailedLoad' },
          conditions: [{ type: 'Ready', status: 'False', reason: 'ModelLoadFailed' }],
        },
      },
    },
  ],
};
