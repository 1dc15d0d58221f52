// Health checks for the kinds Argo CD syncs in waves that it has none for (up to v3.5.1: no
// LLMInferenceService, LeaderWorkerSet or InferencePool check; argo-cd resource_customizations). Without
// one an object counts as healthy the moment it exists, so later waves and the PostSync smoke test run
// while the model is still loading. Each maps the controller's conditions to Progressing while it works,
// Degraded only on a failure it will not get past by itself, Healthy when it serves. Argo CD runs them in
// gopher-lua (Lua 5.1), with the object as the global `obj`; the tests run them in Debian's lua5.1.
// Not here: InferencePool (KServe creates it; this tree never syncs one) and the Config Connector kinds,
// whose built-in check (`_.cnrm.cloud.google.com/_`, Argo CD v3.3 on) is right: UpToDate -> Healthy,
// UpdateFailed or DependencyNotFound -> Degraded, otherwise Progressing.

/**
 * LLMInferenceService (KServe, the OpenDataHub build odh-v3.4-EA1 and community KServe alike): `Ready` is
 * `WorkloadsReady` and `RouterReady`. While pods start (TPU compilation takes minutes) the workload
 * conditions are False, not Unknown, with the Deployment's or LeaderWorkerSet's reason
 * (MinimumReplicasUnavailable, Progressing): that is Progressing. Reconcile errors, invalid references and
 * a config that is not found are failures KServe does not get past without a change: Degraded. `Stopped`
 * (the serving.kserve.io/stop annotation) is Suspended. Source: opendatahub-io/kserve odh-v3.4-EA1
 * pkg/apis/serving/v1alpha1/llm_inference_service_lifecycle.go, pkg/controller/llmisvc/workload_*.go.
 */
export const LLMISVC_HEALTH_LUA = `local hs = { status = "Progressing", message = "waiting for KServe to report the service's conditions" }
if obj.status == nil or obj.status.conditions == nil then
  return hs
end
local generation = obj.metadata and obj.metadata.generation
if generation ~= nil and obj.status.observedGeneration ~= nil and obj.status.observedGeneration < generation then
  hs.message = "waiting for KServe to observe generation " .. generation
  return hs
end
local failures = {
  CombineBaseError = true, ReconcileSingleNodeWorkloadError = true, ReconcileMultiNodeWorkloadError = true,
  ReconcileWorkloadServiceError = true, ReconcileCertsError = true, SchedulerReconcileError = true,
  HTTPRouteReconcileError = true, RefsInvalid = true, ConfigNotFound = true,
}
local ready = nil
for _, c in ipairs(obj.status.conditions) do
  if c.reason == "Stopped" then
    hs.status = "Suspended"
    hs.message = c.message or "stopped (serving.kserve.io/stop)"
    return hs
  end
  if c.status == "False" and c.reason ~= nil and (failures[c.reason] or string.find(c.reason, "FetchError$")) then
    hs.status = "Degraded"
    hs.message = c.type .. ": " .. (c.message or c.reason)
    return hs
  end
  if c.type == "Ready" then
    ready = c
  end
end
if ready ~= nil and ready.status == "True" then
  hs.status = "Healthy"
  hs.message = ready.message or "ready"
elseif ready ~= nil and ready.message ~= nil then
  hs.message = ready.message
end
return hs
`;

/**
 * LeaderWorkerSet (kubernetes-sigs/lws v0.8): conditions Available, Progressing and UpdateInProgress, and
 * no failure condition: Healthy when Available and every group is ready with no rolling update under way,
 * otherwise Progressing. Source: kubernetes-sigs/lws api/leaderworkerset/v1/leaderworkerset_types.go.
 */
export const LWS_HEALTH_LUA = `local hs = { status = "Progressing", message = "waiting for the groups to become ready" }
if obj.status == nil then
  return hs
end
local wanted = 1
if obj.spec ~= nil and obj.spec.replicas ~= nil then
  wanted = obj.spec.replicas
end
local available = false
local updating = false
for _, c in ipairs(obj.status.conditions or {}) do
  if c.type == "Available" and c.status == "True" then available = true end
  if c.type == "UpdateInProgress" and c.status == "True" then updating = true end
end
local readyGroups = obj.status.readyReplicas or 0
if available and not updating and readyGroups >= wanted then
  hs.status = "Healthy"
  hs.message = readyGroups .. " of " .. wanted .. " groups ready"
else
  hs.message = readyGroups .. " of " .. wanted .. " groups ready" .. (updating and ", rolling update in progress" or "")
end
return hs
`;

/** argocd-cm keys (resource.customizations.health.<group>_<kind>) and their scripts. */
export const WORKLOAD_HEALTH_CHECKS: Record<string, string> = {
  'resource.customizations.health.serving.kserve.io_LLMInferenceService': LLMISVC_HEALTH_LUA,
  'resource.customizations.health.leaderworkerset.x-k8s.io_LeaderWorkerSet': LWS_HEALTH_LUA,
};
