// Nx generators: model-endpoint and cluster. They work on Nx's Tree, so `--dry-run` shows the files and
// a refusal (thrown before any tree.write) leaves the workspace untouched.
import { parseDocument, stringify } from 'yaml';
import {
  isDnsLabel,
  validateClusterSpecText,
  SUPPORTED_MODEL_URI_SCHEMES,
  type ClusterSpec,
  type NodePoolSpec,
} from '@inference-gitops/cluster-spec';
import { planCluster, planShared } from '@inference-gitops/generator';
import { acceleratorNames, getAccelerator, lookupShape, topologiesFor } from '@inference-gitops/tpu-catalog';

/** The part of Nx's Tree the generators use. */
export interface Tree {
  read(path: string, encoding: 'utf-8'): string | null;
  write(path: string, content: string): void;
  exists(path: string): boolean;
  children(path: string): string[];
}

export interface ModelEndpointOptions {
  cluster: string;
  name: string;
  namespace?: string;
  modelUri: string;
  modelName?: string;
  nodePool?: string;
  accelerator?: string;
  topology?: string;
  replicas?: number;
  image?: string;
  maxModelLen?: number;
  prefixCaching?: boolean;
}

export class GeneratorRefusal extends Error {}

const DEFAULT_IMAGE = 'registry.redhat.io/rhaiis/vllm-tpu-rhel9:3.2.5';

function refuse(message: string): never {
  throw new GeneratorRefusal(message);
}

function clusters(tree: Tree): string[] {
  return tree.exists('clusters')
    ? tree
        .children('clusters')
        .filter((c) => tree.exists(`clusters/${c}/cluster.yaml`))
        .sort()
    : [];
}

export async function modelEndpointGenerator(tree: Tree, options: ModelEndpointOptions): Promise<void> {
  const known = clusters(tree);
  if (!known.includes(options.cluster))
    refuse(
      `--cluster "${options.cluster}" is not a cluster of this repository; allowed values: ${known.join(', ') || '(none: create one with the cluster generator)'}`,
    );
  const specPath = `clusters/${options.cluster}/cluster.yaml`;
  const text = tree.read(specPath, 'utf-8')!;
  const current = validateClusterSpecText(text, specPath);
  if (!current.spec) refuse(`${specPath} has errors; fix them first (gitops validate ${options.cluster})`);
  const spec = current.spec;
  if (!isDnsLabel(options.name))
    refuse(
      `--name "${options.name}" is not a DNS label; allowed: lowercase letters, digits and "-", at most 63 characters, starting and ending with a letter or digit`,
    );
  if (spec.endpoints.some((e) => e.name === options.name))
    refuse(
      `--name "${options.name}" already exists in cluster ${options.cluster}; existing endpoints: ${spec.endpoints.map((e) => e.name).join(', ')}`,
    );
  if (!SUPPORTED_MODEL_URI_SCHEMES.some((s) => options.modelUri.startsWith(s)))
    refuse(
      `--modelUri "${options.modelUri}" uses a scheme KServe cannot load; allowed schemes: ${SUPPORTED_MODEL_URI_SCHEMES.join(', ')}`,
    );
  const namespace = options.namespace ?? spec.endpoints[0]?.namespace ?? 'llm-inference';
  if (!isDnsLabel(namespace)) refuse(`--namespace "${namespace}" is not a DNS label`);
  const replicas = options.replicas ?? 1;
  if (!Number.isInteger(replicas) || replicas < 1)
    refuse(`--replicas must be a whole number >= 1, not ${String(options.replicas)}`);

  const doc = parseDocument(text);
  let pool: NodePoolSpec | undefined;
  if (options.nodePool) {
    pool = spec.nodePools.find((p) => p.name === options.nodePool);
    if (!pool)
      refuse(
        `--nodePool "${options.nodePool}" is not a node pool of ${options.cluster}; allowed values: ${spec.nodePools.map((p) => p.name).join(', ')}`,
      );
  } else if (options.accelerator || options.topology) {
    const acc = options.accelerator ?? '';
    if (!getAccelerator(acc))
      refuse(`--accelerator "${acc}" is unknown; allowed values: ${acceleratorNames().join(', ')}`);
    if (!options.topology || !lookupShape(acc, options.topology))
      refuse(
        `--topology "${options.topology ?? ''}" does not exist on ${acc}; allowed values: ${topologiesFor(acc).join(', ')}`,
      );
    pool = spec.nodePools.find((p) => p.accelerator === acc && p.topology === options.topology);
    if (!pool) {
      const shape = lookupShape(acc, options.topology)!;
      pool = {
        name: `${acc.replace(/-slice|-podslice/, '')}-${options.topology}-pool`.replace(/[^a-z0-9-]/g, '-'),
        accelerator: acc as NodePoolSpec['accelerator'],
        topology: options.topology,
        machineType: shape.machineType,
        minNodes: 0,
        // A multi-host slice cannot grow: one slice per replica, each its own GKE node pool.
        maxNodes: shape.hosts > 1 ? shape.hosts : replicas,
        ...(shape.hosts > 1 && replicas > 1 ? { slices: replicas } : {}),
      };
      (doc.get('nodePools') as { add(v: unknown): void }).add(doc.createNode(pool));
    }
  } else {
    pool = spec.nodePools[0];
    if (!pool) refuse(`cluster ${options.cluster} has no node pool; pass --accelerator and --topology`);
  }
  const shape = lookupShape(pool.accelerator, pool.topology, pool.machineType)!;
  const slices = pool.slices ?? 1;
  if (shape.hosts > 1 && replicas > slices)
    refuse(
      `--replicas ${replicas} needs ${replicas} slices of ${pool.topology} (one per replica), but node pool ${pool.name} holds ${slices}; allowed: --replicas up to ${slices}, or raise slices`,
    );
  if (shape.hosts === 1 && replicas * shape.hosts > pool.maxNodes)
    refuse(
      `--replicas ${replicas} needs ${replicas * shape.hosts} nodes of ${pool.topology} slices, but node pool ${pool.name} has maxNodes ${pool.maxNodes}; allowed: --replicas up to ${Math.floor(pool.maxNodes / shape.hosts)}, or raise maxNodes`,
    );

  const endpoint = {
    name: options.name,
    namespace,
    model: { uri: options.modelUri, name: options.modelName ?? options.modelUri.replace(/^[a-z+]+:\/\//, '') },
    nodePool: pool.name,
    replicas,
    image: options.image ?? DEFAULT_IMAGE,
    maxModelLen: options.maxModelLen ?? 2048,
    ...(options.prefixCaching ? { prefixCaching: true } : {}),
  };
  (doc.get('endpoints') as { add(v: unknown): void }).add(doc.createNode(endpoint));
  const updated = doc.toString({ lineWidth: 0 });
  const checked = validateClusterSpecText(updated, specPath);
  const errors = checked.findings.filter((f) => f.severity === 'error');
  if (errors.length > 0 || !checked.spec)
    refuse(
      `the endpoint would make ${specPath} invalid: ${errors.map((f) => `${f.message}${f.hint ? ` (${f.hint})` : ''}`).join('; ')}`,
    );
  tree.write(specPath, updated);
  writePlan(tree, checked.spec, specPath);
}

function writePlan(tree: Tree, spec: ClusterSpec, specPath: string): void {
  for (const file of [...planShared(), ...planCluster(spec, specPath)]) {
    if (file.owner === 'person' && tree.exists(file.path)) continue;
    if (tree.read(file.path, 'utf-8') !== file.content) tree.write(file.path, file.content);
  }
}

export interface ClusterOptions {
  name: string;
  environment: 'dev' | 'staging' | 'prod';
  variant: 'istio' | 'gke-native';
  project?: string;
  region?: string;
  zone?: string;
  repoURL?: string;
}

export async function clusterGenerator(tree: Tree, options: ClusterOptions): Promise<void> {
  if (!isDnsLabel(options.name))
    refuse(
      `--name "${options.name}" is not a DNS label; allowed: lowercase letters, digits and "-", at most 63 characters`,
    );
  if (tree.exists(`clusters/${options.name}/cluster.yaml`))
    refuse(`--name "${options.name}": clusters/${options.name}/cluster.yaml already exists`);
  if (!['dev', 'staging', 'prod'].includes(options.environment))
    refuse(`--environment "${options.environment}" is not allowed; allowed values: dev, staging, prod`);
  if (!['istio', 'gke-native'].includes(options.variant))
    refuse(`--variant "${options.variant}" is not allowed; allowed values: istio, gke-native`);
  const region = options.region ?? 'europe-west4';
  const spec: ClusterSpec = {
    name: options.name,
    environment: options.environment,
    variant: options.variant,
    gcp: { project: options.project ?? 'my-gcp-project', region, zone: options.zone ?? `${region}-a` },
    argocd: {
      repoURL: options.repoURL ?? 'https://github.com/example/inference-gitops.git',
      targetRevision: options.environment === 'prod' ? 'v0.1.0' : 'main',
    },
    gateway: {
      name: 'inference-gateway',
      namespace: 'opendatahub',
      className: options.variant === 'istio' ? 'istio' : 'gke-l7-regional-external-managed',
      listeners: [{ name: 'http', protocol: 'HTTP', port: 80, allowedRoutes: 'All' }],
    },
    nodePools: [
      {
        name: 'tpu-v6e-pool',
        accelerator: 'tpu-v6e-slice',
        topology: '2x2',
        machineType: 'ct6e-standard-4t',
        minNodes: 0,
        maxNodes: 2,
      },
    ],
    versions: {
      certManager: 'v1.16.2',
      lws: 'v0.8.0',
      inferenceExtension: 'v1.2.0',
      inferenceModel: 'v0.3.0',
      kserve: 'odh-v3.4-EA1',
      ...(options.variant === 'istio' ? { sailOperator: '1.27.3', istio: 'v1.27.3' } : {}),
    },
    secrets: { provider: 'pre-created', huggingFaceToken: { name: 'hf-token', key: 'HF_TOKEN' } },
    endpoints: [],
  };
  const specPath = `clusters/${options.name}/cluster.yaml`;
  const text = `# yaml-language-server: $schema=../../schemas/cluster-spec.schema.json\n# Scaffolded by \`nx g @inference-gitops/nx-plugin:cluster\`. Add endpoints with the model-endpoint generator.\n${stringify(spec, { lineWidth: 0 })}`;
  const checked = validateClusterSpecText(text, specPath);
  if (!checked.spec) refuse(`the scaffolded spec is invalid: ${checked.findings.map((f) => f.message).join('; ')}`);
  tree.write(specPath, text);
  writePlan(tree, checked.spec, specPath);
}
