import { basename, dirname } from 'node:path';
import type { Finding, Severity } from '@inference-gitops/core';
import {
  acceleratorNames,
  acceleratorsOfferedIn,
  getAccelerator,
  isOfferedIn,
  lookupShape,
  machineTypesFor,
  topologiesFor,
  zonesFor,
} from '@inference-gitops/tpu-catalog';
import { exposureOf } from './gateway.js';
import { GKE_DEFAULT_DISK_GB, modelSizeGb, requiredDiskGb } from './model-size.js';
import { slicePoolNames } from './slices.js';
import type { ClusterSpec, NodePoolSpec } from './types.js';
import { kserveBuild } from './kserve-build.js';

type At = (pointer: string, message: string, hint?: string, severity?: Severity) => Finding;

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const MODEL_URI_SCHEMES = ['hf://', 's3://', 'pvc://', 'oci://'];
const REGIONAL_GKE_CLASSES = ['gke-l7-regional-external-managed', 'gke-l7-rilb'];
const BRANCH_LIKE = /^(HEAD|main|master|develop|dev|trunk|release)$/;
/**
 * KServe derives these names from an LLMInferenceService name; past 63 characters it hashes them. (The
 * longest also covers a multi-host endpoint's pods, `<name>-kserve-mn-<group>-<worker>`.)
 */
const CHILD_SUFFIXES = [
  '-kserve-workload-svc',
  '-kserve-router-scheduler',
  '-inference-pool',
  '-kserve-route',
  '-epp-service',
  '-workload-http',
];

/**
 * Checks the schema cannot express: references between sections, TPU facts, naming limits.
 * Works on partially valid input (the schema pass reports structure), so every access is guarded.
 */
export function semanticChecks(spec: ClusterSpec, file: string, at: At): Finding[] {
  const out: Finding[] = [];
  const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  const str = (v: unknown): v is string => typeof v === 'string';

  const folder = basename(dirname(file));
  if (str(spec.name) && basename(file) === 'cluster.yaml' && folder !== 'clusters' && spec.name !== folder) {
    out.push(
      at(
        '/name',
        `cluster name "${spec.name}" does not match its folder clusters/${folder}/`,
        `Rename the folder or set name: ${folder}.`,
      ),
    );
  }

  const pools = Array.isArray(spec.nodePools) ? spec.nodePools : [];
  const poolNames = new Set<string>();
  // Node pools have no zone of their own: every TPU node pool is created in gcp.zone.
  const zone = isObj(spec.gcp) && str(spec.gcp.zone) ? spec.gcp.zone : undefined;
  pools.forEach((pool, i) => {
    if (!isObj(pool)) return;
    const base = `/nodePools/${i}`;
    if (str(pool.name)) {
      if (poolNames.has(pool.name))
        out.push(at(`${base}/name`, `node pool "${pool.name}" is defined twice`, 'Node pool names must be unique.'));
      poolNames.add(pool.name);
    }
    if (!str(pool.accelerator) || !str(pool.topology)) return;
    if (!getAccelerator(pool.accelerator)) {
      // the schema's enum reports it; nothing more can be checked
      return;
    }
    if (zone !== undefined && isOfferedIn(pool.accelerator, zone) === false) {
      const here = acceleratorsOfferedIn(zone);
      // The catalog's zone lists come from Google's pages as far as they could be read: a zone of a region
      // the catalog lists is refused; a region it does not list at all is only a warning.
      const region = zone.replace(/-[a-z0-9]+$/, '');
      const regionKnown = zonesFor(pool.accelerator)!.some((z) => z.startsWith(`${region}-`));
      out.push(
        at(
          '/gcp/zone',
          `TPU ${pool.accelerator} (node pool "${pool.name}") is not offered in zone ${zone}${regionKnown ? '' : ' as far as the TPU catalog knows'}; GKE offers it in: ${zonesFor(pool.accelerator)!.join(', ')}`,
          `Move gcp.zone (and gcp.region) to one of those zones${here.length ? `, or use an accelerator offered in ${zone}: ${here.join(', ')}` : `; no TPU of the catalog is offered in ${zone}`}. If Google has added ${zone} since, add it with its source to libs/tpu-catalog/src/zones.ts.`,
          regionKnown ? 'error' : 'warning',
        ),
      );
    }
    const shape = lookupShape(pool.accelerator, pool.topology, str(pool.machineType) ? pool.machineType : undefined);
    if (!lookupShape(pool.accelerator, pool.topology)) {
      out.push(
        at(
          `${base}/topology`,
          `topology "${pool.topology}" does not exist on ${pool.accelerator}`,
          `Valid topologies for ${pool.accelerator}: ${topologiesFor(pool.accelerator).join(', ')}.`,
        ),
      );
    } else if (!shape && str(pool.machineType)) {
      out.push(
        at(
          `${base}/machineType`,
          `machine type "${pool.machineType}" does not run topology ${pool.topology} on ${pool.accelerator}`,
          `Use ${machineTypesFor(pool.accelerator, pool.topology).join(' or ')}.`,
        ),
      );
    }
    if (typeof pool.minNodes === 'number' && typeof pool.maxNodes === 'number' && pool.minNodes > pool.maxNodes) {
      out.push(
        at(
          `${base}/minNodes`,
          `node pool "${pool.name}" has minNodes ${pool.minNodes} above maxNodes ${pool.maxNodes}`,
          'minNodes must not exceed maxNodes.',
        ),
      );
    }
    out.push(...sliceChecks(pool, shape?.hosts, base, at));
    out.push(...workloadPolicyChecks(pool, shape?.hosts, base, at, spec));
  });
  // The extra slices are GKE node pools named <pool>-2, <pool>-3, ...: none may be another pool's name.
  pools.forEach((pool, i) => {
    if (!isObj(pool) || !str(pool.name) || !str(pool.accelerator) || !str(pool.topology)) return;
    const hosts = lookupShape(
      pool.accelerator,
      pool.topology,
      str(pool.machineType) ? pool.machineType : undefined,
    )?.hosts;
    if (!hosts) return;
    for (const name of slicePoolNames(pool, hosts).slice(1))
      if (poolNames.has(name))
        out.push(
          at(
            `/nodePools/${i}/slices`,
            `slice "${name}" of node pool "${pool.name}" has the name of another node pool`,
            `Rename node pool "${name}" or "${pool.name}": the slices of "${pool.name}" are GKE node pools named ${pool.name}-2, ${pool.name}-3, ...`,
          ),
        );
  });

  const endpoints = Array.isArray(spec.endpoints) ? spec.endpoints : [];
  const endpointNames = new Map<string, number>();
  const strictImages = spec.environment === 'prod';
  endpoints.forEach((ep, i) => {
    if (!isObj(ep)) return;
    const base = `/endpoints/${i}`;
    if (str(ep.name)) {
      const key = `${str(ep.namespace) ? ep.namespace : ''}/${ep.name}`;
      if (endpointNames.has(ep.name))
        out.push(
          at(
            `${base}/name`,
            `endpoint "${ep.name}" is defined twice (first at endpoints[${endpointNames.get(ep.name)}])`,
            'Endpoint names must be unique in a cluster: they name the overlay, the Application and the LLMInferenceService.',
          ),
        );
      else endpointNames.set(ep.name, i);
      void key;
      if (DNS_LABEL.test(ep.name)) {
        const longest = CHILD_SUFFIXES.map((s) => ep.name + s).sort((a, b) => b.length - a.length)[0]!;
        if (longest.length > 63)
          out.push(
            at(
              `${base}/name`,
              `endpoint name "${ep.name}" is too long: KServe derives "${longest}" (${longest.length} characters, limit 63) and would hash it`,
              `Use a name of at most ${63 - '-kserve-router-scheduler'.length} characters.`,
            ),
          );
      }
    }
    if (
      isObj(ep.model) &&
      str(ep.model.uri) &&
      !MODEL_URI_SCHEMES.some((s) => (ep.model.uri as string).startsWith(s))
    ) {
      const scheme = /^[a-z0-9+.-]+:\/\//i.exec(ep.model.uri)?.[0] ?? ep.model.uri;
      out.push(
        at(
          `${base}/model/uri`,
          `model URI "${ep.model.uri}" uses ${scheme.endsWith('://') ? `scheme ${scheme}` : 'no scheme'}, which KServe cannot load`,
          `Use one of ${MODEL_URI_SCHEMES.join(', ')} (for example hf://Qwen/Qwen2.5-3B-Instruct; copy gs:// models to s3:// or a PVC).`,
        ),
      );
    }
    if (str(ep.nodePool)) {
      const pool = pools.find((p) => isObj(p) && p.name === ep.nodePool);
      if (!pool) {
        out.push(
          at(
            `${base}/nodePool`,
            `endpoint "${ep.name}" uses node pool "${ep.nodePool}", which is not defined in nodePools`,
            poolNames.size
              ? `Defined node pools: ${[...poolNames].join(', ')}.`
              : 'Define the pool under nodePools first.',
          ),
        );
      } else if (
        str(pool.accelerator) &&
        str(pool.topology) &&
        typeof ep.replicas === 'number' &&
        typeof pool.maxNodes === 'number'
      ) {
        const shape = lookupShape(pool.accelerator, pool.topology, pool.machineType);
        if (shape && shape.hosts > 1) {
          const slices = typeof pool.slices === 'number' ? pool.slices : 1;
          if (ep.replicas > slices)
            out.push(
              at(
                `${base}/replicas`,
                `endpoint "${ep.name}" needs ${ep.replicas} slices of ${pool.topology} (one per replica) but node pool "${pool.name}" holds ${slices} slice${slices === 1 ? '' : 's'}`,
                `Raise slices of "${pool.name}" to ${ep.replicas} (each slice is a node pool of its own) or lower replicas to ${slices}.`,
              ),
            );
        } else if (shape && ep.replicas * shape.hosts > pool.maxNodes) {
          out.push(
            at(
              `${base}/replicas`,
              `endpoint "${ep.name}" needs ${ep.replicas * shape.hosts} nodes (${ep.replicas} replicas x ${shape.hosts} host${shape.hosts === 1 ? '' : 's'} per ${pool.topology} slice) but node pool "${pool.name}" has maxNodes ${pool.maxNodes}`,
              `Lower replicas to at most ${Math.floor(pool.maxNodes / shape.hosts)} or raise the pool's maxNodes.`,
            ),
          );
        }
      }
    }
    if (str(ep.image)) {
      const lastSegment = ep.image.split('/').pop() ?? '';
      const digest = ep.image.includes('@sha256:');
      const tag = lastSegment.includes(':') ? lastSegment.slice(lastSegment.indexOf(':') + 1) : '';
      if (!digest && (tag === '' || tag === 'latest')) {
        out.push(
          at(
            `${base}/image`,
            `image "${ep.image}" is not pinned (${tag === '' ? 'no tag' : 'tag latest'})`,
            'Pin a version tag or a digest (@sha256:...).',
            strictImages ? 'error' : 'warning',
          ),
        );
      }
    }
    if (Array.isArray(ep.extraArgs)) {
      ep.extraArgs.forEach((arg, j) => {
        if (str(arg) && arg.startsWith('--prefix-cache-block-size'))
          out.push(
            at(
              `${base}/extraArgs/${j}`,
              '--prefix-cache-block-size is a GPU-only vLLM flag; the TPU image refuses to start with it',
              'Remove it: vLLM on TPU tunes the block size itself.',
            ),
          );
        if (str(arg) && /^--(tensor-parallel-size|max-model-len|port)\b/.test(arg))
          out.push(
            at(
              `${base}/extraArgs/${j}`,
              `${arg.split('=')[0]} is set by the generator from the spec`,
              'Remove it from extraArgs; set maxModelLen or the node pool instead.',
            ),
          );
      });
    }
  });

  out.push(...poolCapacity(spec, endpoints, at));
  out.push(...bootDisks(pools, endpoints, at));

  const cc = isObj(spec.configConnector) ? spec.configConnector : undefined;
  if (cc && str(cc.managementCluster) && cc.managementCluster === spec.name)
    out.push(
      at(
        '/configConnector/managementCluster',
        `cluster ${spec.name} names itself as its management cluster: its Config Connector would hold the ContainerCluster of the cluster it runs in, which cannot create itself and is deleted with itself`,
        'Name the cluster that runs Config Connector for this project (a management cluster), not this one.',
      ),
    );

  const gw = isObj(spec.gateway) ? spec.gateway : undefined;
  if (gw && str(gw.className) && spec.variant === 'gke-native' && str(spec.environment)) {
    // The GKE class is the exposure: the regional internal class serves the VPC, the external one the internet.
    const exposure = exposureOf(spec);
    const wanted = exposure === 'internal' ? 'gke-l7-rilb' : 'gke-l7-regional-external-managed';
    if (REGIONAL_GKE_CLASSES.includes(gw.className) && gw.className !== wanted)
      out.push(
        at(
          '/gateway/className',
          `GatewayClass ${gw.className} is ${exposure === 'internal' ? 'external' : 'internal'}, but the gateway's exposure is ${exposure}${gw.exposure ? '' : ` (the default in ${spec.environment})`}`,
          `Use className: ${wanted}, or say exposure: ${exposure === 'internal' ? 'external' : 'internal'}${exposure === 'internal' && spec.environment === 'prod' ? ' (in prod an external gateway needs TLS and authentication)' : ''}.`,
        ),
      );
  }
  out.push(...exposureChecks(spec, at));
  if (gw && str(gw.className)) {
    if (spec.variant === 'gke-native') {
      if (!gw.className.startsWith('gke-l7-')) {
        out.push(
          at(
            '/gateway/className',
            `the gke-native variant needs a GKE GatewayClass, not "${gw.className}"`,
            `Use ${REGIONAL_GKE_CLASSES.join(' or ')}.`,
          ),
        );
      } else if (!REGIONAL_GKE_CLASSES.includes(gw.className)) {
        out.push(
          at(
            '/gateway/className',
            `GatewayClass "${gw.className}" cannot route to an InferencePool: only regional GKE classes implement the Inference Extension`,
            `Use ${REGIONAL_GKE_CLASSES.join(' (external) or ')} (internal).`,
          ),
        );
      }
    } else if (spec.variant === 'istio' && gw.className !== 'istio') {
      out.push(
        at(
          '/gateway/className',
          `the istio variant needs GatewayClass "istio", not "${gw.className}"`,
          'Set className: istio, or variant: gke-native.',
        ),
      );
    }
    if (Array.isArray(gw.listeners) && gw.listeners.some((l) => isObj(l) && l.protocol === 'HTTPS') && !isObj(gw.tls)) {
      out.push(
        at(
          '/gateway/listeners',
          'an HTTPS listener needs gateway.tls (issuer, secretName, dnsNames)',
          'Add gateway.tls or use an HTTP listener.',
        ),
      );
    }
  }

  if (isObj(spec.versions) && str(spec.versions.kserve)) {
    const build = kserveBuild(String(spec.versions.kserve));
    if (build === 'odh' && !str(spec.versions.inferenceModel))
      out.push(
        at(
          '/versions',
          `KServe ${String(spec.versions.kserve)} (the OpenDataHub build) writes InferenceModel objects: versions.inferenceModel is required`,
          'Pin the Inference Extension tag whose InferenceModel CRD it writes, e.g. inferenceModel: v0.3.0.',
        ),
      );
  }
  if (spec.variant === 'istio' && isObj(spec.versions)) {
    for (const key of ['sailOperator', 'istio'] as const) {
      if (!str(spec.versions[key]))
        out.push(
          at(
            '/versions',
            `the istio variant needs versions.${key}`,
            'Pin the sail-operator chart and the Istio version, e.g. sailOperator: 1.27.3, istio: v1.27.3.',
          ),
        );
    }
  }
  if (isObj(spec.secrets) && spec.secrets.provider === 'external-secrets' && !str(spec.secrets.store)) {
    out.push(
      at(
        '/secrets',
        'secrets.provider external-secrets needs secrets.store (the ClusterSecretStore name)',
        'Add store: <ClusterSecretStore name>, or use provider: pre-created.',
      ),
    );
  }
  if (
    spec.environment === 'prod' &&
    isObj(spec.argocd) &&
    str(spec.argocd.targetRevision) &&
    BRANCH_LIKE.test(spec.argocd.targetRevision)
  ) {
    out.push(
      at(
        '/argocd/targetRevision',
        `prod syncs from "${spec.argocd.targetRevision}", a moving branch`,
        'Pin prod to a tag or a commit (e.g. v0.1.0).',
      ),
    );
  }
  void acceleratorNames;
  return out;
}

/**
 * Endpoints on one node pool share its nodes: the sum of replicas x hosts per slice over every endpoint
 * on the pool must fit maxNodes. Reported once per pool, at the endpoint whose replicas take the running
 * total over the limit. An endpoint that alone exceeds maxNodes has its own finding; then this one is left out.
 */
function poolCapacity(spec: ClusterSpec, endpoints: ClusterSpec['endpoints'], at: At): Finding[] {
  const out: Finding[] = [];
  const pools = Array.isArray(spec.nodePools) ? spec.nodePools : [];
  const seen = new Set<string>();
  for (const pool of pools) {
    if (typeof pool !== 'object' || pool === null || typeof pool.name !== 'string' || typeof pool.maxNodes !== 'number')
      continue;
    // endpoints resolve to the first pool of a name; a duplicate has its own finding
    if (seen.has(pool.name)) continue;
    seen.add(pool.name);
    if (typeof pool.accelerator !== 'string' || typeof pool.topology !== 'string') continue;
    const shape = lookupShape(
      pool.accelerator,
      pool.topology,
      typeof pool.machineType === 'string' ? pool.machineType : undefined,
    );
    if (!shape) continue;
    if (shape.hosts > 1) {
      out.push(...sliceCapacity(pool, endpoints, at));
      continue;
    }
    const uses = endpoints
      .map((ep, i) => ({ ep, i }))
      .filter(
        ({ ep }) =>
          typeof ep === 'object' && ep !== null && ep.nodePool === pool.name && typeof ep.replicas === 'number',
      )
      .map(({ ep, i }) => ({ name: String(ep.name), index: i, nodes: ep.replicas * shape.hosts }));
    let running = 0;
    const over = uses.find((u) => (running += u.nodes) > pool.maxNodes);
    if (!over || over.nodes > pool.maxNodes) continue;
    const total = uses.reduce((sum, u) => sum + u.nodes, 0);
    out.push(
      at(
        `/endpoints/${over.index}/replicas`,
        `node pool "${pool.name}" would need ${total} nodes (${uses.map((u) => `${u.name}: ${u.nodes}`).join(', ')}) but has maxNodes ${pool.maxNodes}`,
        `The endpoints on a node pool share its nodes: lower replicas, move an endpoint to another node pool, or raise maxNodes of "${pool.name}" to at least ${total}.`,
      ),
    );
  }
  return out;
}

/** A multi-host pool is `slices` slices of exactly `hosts` nodes each; a single-host pool has no slices. */
function sliceChecks(pool: Partial<NodePoolSpec>, hosts: number | undefined, base: string, at: At): Finding[] {
  if (hosts === undefined) return [];
  if (hosts === 1)
    return pool.slices === undefined
      ? []
      : [
          at(
            `${base}/slices`,
            `node pool "${pool.name}" is single-host (${pool.topology} on ${pool.machineType}): slices is for multi-host topologies`,
            'Remove slices; a single-host pool grows by nodes (maxNodes).',
          ),
        ];
  const out: Finding[] = [];
  if (typeof pool.maxNodes === 'number' && pool.maxNodes !== hosts)
    out.push(
      at(
        `${base}/maxNodes`,
        `node pool "${pool.name}" is a multi-host ${pool.topology} slice of ${hosts} hosts: a slice cannot grow into a second one, so maxNodes must be ${hosts}, not ${pool.maxNodes}`,
        `Set maxNodes: ${hosts}${pool.maxNodes > hosts ? `, and slices: ${Math.floor(pool.maxNodes / hosts)} for that many slices (each its own node pool)` : ''}.`,
      ),
    );
  if (typeof pool.minNodes === 'number' && pool.minNodes !== 0 && pool.minNodes !== hosts)
    out.push(
      at(
        `${base}/minNodes`,
        `node pool "${pool.name}" is a multi-host slice of ${hosts} hosts, created and removed whole: minNodes must be 0 or ${hosts}, not ${pool.minNodes}`,
        `Set minNodes: 0 (the slice scales to zero when unused) or ${hosts} (always up).`,
      ),
    );
  return out;
}

/** The multi-host endpoints on a pool take one slice per replica, together at most `slices`. */
function sliceCapacity(pool: NodePoolSpec, endpoints: ClusterSpec['endpoints'], at: At): Finding[] {
  const slices = typeof pool.slices === 'number' ? pool.slices : 1;
  const uses = endpoints
    .map((ep, i) => ({ ep, i }))
    .filter(
      ({ ep }) => typeof ep === 'object' && ep !== null && ep.nodePool === pool.name && typeof ep.replicas === 'number',
    )
    .map(({ ep, i }) => ({ name: String(ep.name), index: i, replicas: ep.replicas }));
  let running = 0;
  const over = uses.find((u) => (running += u.replicas) > slices);
  // An endpoint that alone needs more slices has its own finding.
  if (!over || over.replicas > slices) return [];
  const total = uses.reduce((sum, u) => sum + u.replicas, 0);
  return [
    at(
      `/endpoints/${over.index}/replicas`,
      `node pool "${pool.name}" would need ${total} slices (${uses.map((u) => `${u.name}: ${u.replicas}`).join(', ')}) but holds ${slices}`,
      `Each replica of a multi-host endpoint takes a whole slice: raise slices of "${pool.name}" to at least ${total}, or lower replicas.`,
    ),
  ];
}

/**
 * TPU7x multi-host slices are placed by a workload policy (HIGH_THROUGHPUT, the slice's accelerator topology),
 * which replaces the TPU topology of other generations (GKE "TPU Ironwood" concepts page; xpk
 * src/xpk/core/nodepool.py). Config Connector cannot create one: the spec names it.
 */
function workloadPolicyChecks(
  pool: Partial<NodePoolSpec>,
  hosts: number | undefined,
  base: string,
  at: At,
  spec: ClusterSpec,
): Finding[] {
  if (hosts === undefined) return [];
  const needs = pool.accelerator === 'tpu7x' && hosts > 1;
  if (needs && !pool.workloadPolicy) {
    const region = typeof spec.gcp === 'object' && spec.gcp ? spec.gcp.region : '<region>';
    return [
      at(
        base,
        `node pool "${pool.name}" is a multi-host TPU7x slice (${pool.topology}): GKE places it by a workload policy, not by a TPU topology, and Config Connector cannot create one`,
        `Create it once (gcloud compute resource-policies create workload-policy ${pool.name}-policy --type=HIGH_THROUGHPUT --accelerator-topology=${pool.topology} --region=${region}) and name it in workloadPolicy.`,
      ),
    ];
  }
  if (!needs && pool.workloadPolicy)
    return [
      at(
        `${base}/workloadPolicy`,
        `node pool "${pool.name}" is not a multi-host TPU7x slice: only those are placed by a workload policy`,
        'Remove workloadPolicy; other multi-host slices are placed by their TPU topology (COMPACT).',
      ),
    ];
  return [];
}

/**
 * Every node of a pool downloads the weights of its endpoints to its boot disk: the disk the spec names must
 * hold the largest of them with room for the images and the system. A model of unknown size is a warning.
 */
function bootDisks(pools: ClusterSpec['nodePools'], endpoints: ClusterSpec['endpoints'], at: At): Finding[] {
  const out: Finding[] = [];
  endpoints.forEach((ep, i) => {
    if (typeof ep !== 'object' || ep === null || typeof ep.nodePool !== 'string') return;
    const index = pools.findIndex((p) => typeof p === 'object' && p !== null && p.name === ep.nodePool);
    const pool = pools[index];
    if (!pool) return;
    const size = modelSizeGb(ep);
    if (size === undefined) {
      if (typeof ep.model?.size === 'string' || typeof ep.model?.uri !== 'string') return;
      out.push(
        at(
          `/endpoints/${i}/model`,
          `the size of model ${ep.model.uri} is not known: the boot disk of node pool "${pool.name}" (${pool.diskSizeGb ?? GKE_DEFAULT_DISK_GB} GB) may not hold its weights`,
          "Add model.size (e.g. 141G for a 70B model in bf16): the pool's boot disk is sized from it.",
          'warning',
        ),
      );
      return;
    }
    const needed = requiredDiskGb(size);
    if (typeof pool.diskSizeGb === 'number' && pool.diskSizeGb < needed)
      out.push(
        at(
          `/nodePools/${index}/diskSizeGb`,
          `node pool "${pool.name}" has ${pool.diskSizeGb} GB boot disks, but endpoint "${ep.name}" downloads ${Math.round(size)} GB of weights to each node: it needs at least ${needed} GB`,
          `Raise diskSizeGb to ${needed} or more (a new size is a new node pool: GCP cannot resize it in place), or remove diskSizeGb to have it sized from the models.`,
        ),
      );
  });
  return out;
}

/**
 * An external gateway in prod needs TLS and authentication (on Istio: gateway.authentication; on GKE none is
 * verified); authentication needs a smoke test that carries a credential. Dev and staging keep an open
 * gateway with warnings (rule gateway-exposure on the tree).
 */
function exposureChecks(spec: ClusterSpec, at: At): Finding[] {
  const out: Finding[] = [];
  const gw = spec.gateway as ClusterSpec['gateway'] | undefined;
  if (!gw || typeof gw !== 'object' || !Array.isArray(gw.listeners)) return out;
  if (gw.authentication && spec.variant === 'gke-native')
    out.push(
      at(
        '/gateway/authentication',
        'gateway.authentication is for the istio variant: no authentication in front of InferencePool backends is verified on GKE',
        'Remove it and keep the GKE gateway internal (className gke-l7-rilb).',
      ),
    );
  const smoke = spec.smokeTest?.enabled !== false;
  if (gw.authentication && smoke && !spec.smokeTest?.token)
    out.push(
      at(
        '/gateway/authentication',
        'the gateway authenticates requests, but the smoke test sends no credential: every sync would fail at its PostSync hook',
        'Give smokeTest.token (a Secret in each endpoint namespace holding a token the issuer signed), or smokeTest.enabled: false.',
      ),
    );
  if (spec.environment !== 'prod' || exposureOf(spec) !== 'external') return out;
  if (gw.listeners.some((l) => typeof l === 'object' && l !== null && l.protocol === 'HTTP'))
    out.push(
      at(
        '/gateway/listeners',
        'an external gateway in prod serves plain HTTP: requests to the models and their answers would cross the internet unencrypted',
        'Serve HTTPS only (gateway.tls), or make the gateway internal (gateway.exposure: internal).',
      ),
    );
  if (spec.variant === 'gke-native' || !gw.authentication)
    out.push(
      at(
        '/gateway',
        spec.variant === 'gke-native'
          ? 'an external GKE gateway in prod has no verified authentication in front of InferencePool backends: anyone on the internet could call the models'
          : 'an external gateway in prod authenticates no one: anyone on the internet could call the models',
        spec.variant === 'gke-native'
          ? 'Make it internal (gateway.exposure: internal, className gke-l7-rilb).'
          : 'Add gateway.authentication (a JWT issuer), or make the gateway internal.',
      ),
    );
  return out;
}
