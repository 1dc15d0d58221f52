// One cluster: the Argo CD app-of-apps tree and the per-cluster platform overlays.
import {
  allowedRoutesOf,
  exposureOf,
  GKE_LB_TYPE_ANNOTATION,
  KSERVE_BUILDS,
  kserveBuild,
  type ClusterSpec,
} from '@inference-gitops/cluster-spec';
import {
  application,
  authorizationPolicy,
  certificate,
  clusterIssuer,
  gateway,
  requestAuthentication,
  sailIstio,
} from '@inference-gitops/k8s-builders';
import { GATED_PLUGIN_NAME } from './argocd-config.js';
import { generated, kustomization, personOwned } from './emit.js';
import { endpointDir, planEndpoint } from './endpoint.js';
import { planNamespaces } from './namespaces.js';
import { smokeTestGatewayAccess } from './smoke-test.js';
import { infrastructureDir, planInfrastructure } from './infrastructure.js';
import { childProjects, infrastructureProject, infrastructureProjectName, PROJECTS, rootProject } from './projects.js';
import type { PlannedFile } from './types.js';

/** Upstream sources, each pinned by the spec's versions. */
export const UPSTREAM = {
  certManagerCharts: 'https://charts.jetstack.io',
  lws: 'https://github.com/kubernetes-sigs/lws.git',
  inferenceExtension: 'https://github.com/kubernetes-sigs/gateway-api-inference-extension.git',
  kserve: KSERVE_BUILDS.odh.repoURL,
  kserveCommunity: KSERVE_BUILDS.community.repoURL,
  sailOperatorCharts: 'https://istio-ecosystem.github.io/sail-operator',
} as const;

/** Sync waves between child Applications (they need Argo CD's Application health check, see docs). */
export const WAVES = {
  crds: -4,
  controllers: -3,
  pki: -2,
  kserve: -1,
  namespaces: -1,
  gateway: 0,
  endpoints: 1,
  custom: 2,
} as const;

const FINALIZER = 'resources-finalizer.argocd.argoproj.io';

export function planCluster(spec: ClusterSpec, specPath: string): PlannedFile[] {
  const files: PlannedFile[] = [];
  const apps: Array<{ file: string; doc: unknown; from: string }> = [];
  const c = spec.name;
  const argoNs = spec.argocd.namespace ?? 'argocd';
  const gated = (spec.argocd.render ?? (spec.environment === 'prod' ? 'gated' : 'plain')) === 'gated';
  const build = kserveBuild(spec.versions.kserve);

  const app = (
    name: string,
    wave: number,
    source: Record<string, unknown> | Array<Record<string, unknown>>,
    destinationNamespace: string,
    options: {
      serverSide?: boolean;
      createNamespace?: boolean;
      from?: string;
      project?: string;
    } = {},
  ) => {
    const syncOptions = [
      ...(options.createNamespace !== false ? ['CreateNamespace=true'] : []),
      ...(options.serverSide ? ['ServerSideApply=true'] : []),
    ];
    const sources = Array.isArray(source) ? { sources: source } : { source };
    const doc = application({
      metadata: {
        name: `${c}-${name}`,
        namespace: argoNs,
        annotations: { 'argocd.argoproj.io/sync-wave': String(wave) },
        labels: { 'inference-gitops.dev/cluster': c },
        finalizers: [FINALIZER],
      },
      spec: {
        project: options.project ?? PROJECTS.platform,
        ...sources,
        destination: { server: 'https://kubernetes.default.svc', namespace: destinationNamespace },
        syncPolicy: { ...syncPolicy(spec), syncOptions },
      } as never,
    });
    apps.push({ file: `${name}.yaml`, doc, from: options.from ?? '' });
  };
  const local = (path: string) =>
    gated
      ? {
          repoURL: spec.argocd.repoURL,
          targetRevision: spec.argocd.targetRevision,
          path,
          plugin: { name: GATED_PLUGIN_NAME },
        }
      : { repoURL: spec.argocd.repoURL, targetRevision: spec.argocd.targetRevision, path };

  // CRDs first: too large for client-side apply's annotation, so server-side apply.
  app(
    'lws',
    WAVES.crds,
    { repoURL: UPSTREAM.lws, targetRevision: spec.versions.lws, path: 'config/default' },
    'lws-system',
    { serverSide: true, from: '/versions/lws' },
  );
  app(
    'inference-extension-crds',
    WAVES.crds,
    [
      { repoURL: UPSTREAM.inferenceExtension, targetRevision: spec.versions.inferenceExtension, path: 'config/crd' },
      // The OpenDataHub build still writes InferenceModel objects, which GAIE dropped after v0.3.
      ...(build === 'odh'
        ? [
            {
              repoURL: UPSTREAM.inferenceExtension,
              targetRevision: spec.versions.inferenceModel ?? '',
              path: 'config/crd/bases',
              directory: { include: 'inference.networking.x-k8s.io_inferencemodels.yaml' },
            },
          ]
        : []),
    ],
    'default',
    { serverSide: true, createNamespace: false, from: '/versions/inferenceExtension' },
  );
  app(
    'cert-manager',
    WAVES.controllers,
    {
      repoURL: UPSTREAM.certManagerCharts,
      chart: 'cert-manager',
      targetRevision: spec.versions.certManager,
      helm: { valuesObject: { crds: { enabled: true } } },
    },
    'cert-manager',
    { serverSide: true, from: '/versions/certManager' },
  );
  if (spec.variant === 'istio') {
    app(
      'sail-operator',
      WAVES.controllers,
      {
        repoURL: UPSTREAM.sailOperatorCharts,
        chart: 'sail-operator',
        targetRevision: spec.versions.sailOperator ?? '',
      },
      'sail-operator',
      { serverSide: true, from: '/versions/sailOperator' },
    );
    app('istio', WAVES.pki, local(`overlays/clusters/${c}/istio`), 'istio-system');
    files.push(generated(`overlays/clusters/${c}/istio/istio.yaml`, specPath, [istioControlPlane(spec)]));
    files.push(
      generated(`overlays/clusters/${c}/istio/kustomization.yaml`, specPath, [
        kustomization({ resources: ['istio.yaml'], components: [`../../../components/env-${spec.environment}`] }),
      ]),
    );
  }
  // The OpenDataHub build expects its PKI (opendatahub-ca); community KServe's overlay brings its own issuer.
  if (build === 'odh') {
    app('kserve-pki', WAVES.pki, local(`overlays/clusters/${c}/kserve-pki`), 'cert-manager');
    files.push(
      generated(`overlays/clusters/${c}/kserve-pki/kustomization.yaml`, specPath, [
        kustomization({
          resources: ['../../../bases/kserve-pki'],
          components: [`../../../components/env-${spec.environment}`],
        }),
      ]),
    );
  }
  const kserve = KSERVE_BUILDS[build];
  const kserveSources = kserve.paths.map((path) => ({
    repoURL: kserve.repoURL,
    targetRevision: spec.versions.kserve,
    path,
  }));
  app('kserve', WAVES.kserve, kserveSources.length === 1 ? kserveSources[0]! : kserveSources, kserve.namespace, {
    serverSide: true,
    from: '/versions/kserve',
  });

  // The serving Applications create no namespace: the kserve install (the gateway's) and the namespaces
  // Application (the endpoints') do, in the platform project.
  const serving = { project: PROJECTS.serving, createNamespace: false } as const;
  app('gateway', WAVES.gateway, local(`overlays/clusters/${c}/gateway`), spec.gateway.namespace, {
    from: '/gateway',
    ...serving,
  });
  files.push(...planGateway(spec, specPath));

  // The GKE cluster and its TPU node pools, as Config Connector resources in the management cluster: an
  // Application of its own root, synced by the management cluster's Argo CD (see infrastructureRoot).
  const infrastructure = planInfrastructure(spec, specPath);
  if (infrastructure.length > 0) {
    files.push(...infrastructure);
    files.push(infrastructureRoot(spec, specPath, local(infrastructureDir(spec)), argoNs));
  }

  // Endpoint namespaces and the Secrets shared by every endpoint of a namespace: one owner each.
  const namespaces = planNamespaces(spec, specPath);
  if (namespaces.length > 0) {
    app('namespaces', WAVES.namespaces, local(`overlays/clusters/${c}/namespaces`), 'default', {
      createNamespace: false,
    });
    files.push(...namespaces);
  }

  for (const endpoint of spec.endpoints) {
    app(`endpoint-${endpoint.name}`, WAVES.endpoints, local(endpointDir(c, endpoint.name)), endpoint.namespace, {
      from: `/endpoints/${spec.endpoints.indexOf(endpoint)}`,
      ...serving,
    });
    files.push(...planEndpoint(spec, endpoint, specPath));
  }

  // The people's Applications, last, in a project that allows Applications and nothing else.
  app('custom', WAVES.custom, local(`clusters/${c}/argocd/custom`), argoNs, {
    project: PROJECTS.custom,
    createNamespace: false,
  });
  // The project allows the upstream sources this cluster installs, and no other.
  const upstreams = Object.values(UPSTREAM).filter(
    (u) =>
      (u !== UPSTREAM.sailOperatorCharts || spec.variant === 'istio') &&
      (u !== UPSTREAM.kserve || build === 'odh') &&
      (u !== UPSTREAM.kserveCommunity || build === 'community'),
  );
  const appsDir = `clusters/${c}/argocd/apps`;
  apps.sort((a, b) => a.file.localeCompare(b.file));
  files.push(generated(`${appsDir}/projects.yaml`, specPath, childProjects(spec, argoNs, upstreams)));
  for (const a of apps) {
    const fromRepo = [
      { doc: 0, pointer: '', spec: a.from },
      { doc: 0, pointer: '/spec/source/repoURL', spec: '/argocd/repoURL' },
      { doc: 0, pointer: '/spec/source/targetRevision', spec: '/argocd/targetRevision' },
    ];
    files.push({
      ...generated(`${appsDir}/${a.file}`, specPath, [a.doc]),
      provenance: a.from.startsWith('/versions') ? [{ doc: 0, pointer: '', spec: a.from }] : fromRepo,
    });
  }
  // Argo CD's own settings first (wave -100), then the Applications; `../custom` holds the people's own.
  files.push(
    generated(`overlays/clusters/${c}/argocd-config/kustomization.yaml`, specPath, [
      kustomization({ namespace: argoNs, resources: ['../../../bases/argocd-config'] }),
    ]),
  );
  files.push(
    generated(`${appsDir}/kustomization.yaml`, specPath, [
      kustomization({
        resources: [`../../../../overlays/clusters/${c}/argocd-config`, 'projects.yaml', ...apps.map((a) => a.file)],
      }),
    ]),
  );
  files.push(
    personOwned(
      `clusters/${c}/argocd/custom/kustomization.yaml`,
      specPath,
      [
        '# Your own Argo CD Applications for this cluster. Created once by `gitops generate` and never',
        '# overwritten or pruned: add an Application file here and list it under resources. The `custom`',
        '# Application syncs this folder in project gitops-custom, which allows Applications and nothing else;',
        '# name the project gitops-serving in yours (never default; see docs/generated-tree.md).',
        'apiVersion: kustomize.config.k8s.io/v1beta1',
        'kind: Kustomization',
        'resources: []',
        '',
      ].join('\n'),
    ),
  );
  files.push(
    generated(`clusters/${c}/argocd/root.yaml`, specPath, [
      rootProject(spec, argoNs),
      application({
        metadata: { name: `${c}-root`, namespace: argoNs, labels: { 'inference-gitops.dev/cluster': c } },
        spec: {
          project: PROJECTS.root,
          source: { repoURL: spec.argocd.repoURL, targetRevision: spec.argocd.targetRevision, path: appsDir },
          destination: { server: 'https://kubernetes.default.svc', namespace: argoNs },
          syncPolicy: syncPolicy(spec),
        } as never,
      }),
    ]),
  );
  return files;
}

/**
 * The infrastructure Application, alone in its own root: the management cluster's Argo CD syncs it where
 * Config Connector runs. Apart from the workload root, a Config Connector failure (quota, a refused update)
 * never holds back the workload waves, and no cluster holds the ContainerCluster it runs in.
 */
function infrastructureRoot(
  spec: ClusterSpec,
  specPath: string,
  source: Record<string, unknown>,
  argoNs: string,
): PlannedFile {
  const cc = spec.configConnector!;
  const doc = application({
    metadata: {
      name: `${spec.name}-infrastructure`,
      namespace: argoNs,
      labels: {
        'inference-gitops.dev/cluster': spec.name,
        'inference-gitops.dev/management-cluster': cc.managementCluster,
      },
      finalizers: [FINALIZER],
    },
    spec: {
      project: infrastructureProjectName(spec.name),
      source,
      destination: { server: cc.server ?? 'https://kubernetes.default.svc', namespace: cc.namespace },
      syncPolicy: {
        ...syncPolicy(spec),
        syncOptions: ['CreateNamespace=true'],
        // Config Connector's namespaced mode: the namespace carries the project it manages.
        managedNamespaceMetadata: { annotations: { 'cnrm.cloud.google.com/project-id': spec.gcp.project } },
      },
    } as never,
  });
  return {
    // Its project first: the management cluster's Argo CD gets both from one `kubectl apply -f`.
    ...generated(`clusters/${spec.name}/argocd/infrastructure-root.yaml`, specPath, [
      infrastructureProject(spec, argoNs),
      doc,
    ]),
    provenance: [
      { doc: 0, pointer: '', spec: '/configConnector' },
      { doc: 1, pointer: '', spec: '/configConnector' },
      { doc: 1, pointer: '/spec/source/repoURL', spec: '/argocd/repoURL' },
      { doc: 1, pointer: '/spec/source/targetRevision', spec: '/argocd/targetRevision' },
    ],
  };
}

/** dev: prune and self-heal; staging: automated without prune; prod: self-heal on a pinned revision. */
function syncPolicy(spec: ClusterSpec): Record<string, unknown> {
  const automated =
    spec.environment === 'dev'
      ? { prune: true, selfHeal: true }
      : spec.environment === 'staging'
        ? { prune: false, selfHeal: true }
        : { prune: false, selfHeal: true };
  return { automated, retry: { limit: 5, backoff: { duration: '30s', factor: 2, maxDuration: '10m' } } };
}

function planGateway(spec: ClusterSpec, specPath: string): PlannedFile[] {
  const dir = `overlays/clusters/${spec.name}/gateway`;
  const g = spec.gateway;
  const listeners = g.listeners.map((l) => ({
    name: l.name,
    protocol: l.protocol,
    port: l.port,
    allowedRoutes: allowedRoutesOf(spec, l),
    ...(l.protocol === 'HTTPS' && g.tls
      ? { tls: { mode: 'Terminate' as const, certificateRefs: [{ kind: 'Secret', name: g.tls.secretName }] } }
      : {}),
  }));
  const istio = spec.variant === 'istio';
  const docs: unknown[] = [
    gateway({
      metadata: { name: g.name, namespace: g.namespace },
      spec: {
        gatewayClassName: g.className,
        listeners,
        ...(istio
          ? {
              // As the seed's setup-gateway.sh did: KServe's gateway label, and a parameters ConfigMap that mounts
              // the ODH CA bundle into istio-proxy so the gateway trusts the KServe backends.
              infrastructure: {
                labels: { 'serving.kserve.io/gateway': 'kserve-ingress-gateway' },
                // Internal exposure: Istio puts these annotations on the gateway's Service, and GKE then makes
                // an internal passthrough load balancer (reachable from the VPC only).
                ...(exposureOf(spec) === 'internal' ? { annotations: { [GKE_LB_TYPE_ANNOTATION]: 'Internal' } } : {}),
                // The ODH CA bundle: only the OpenDataHub build serves its backends over TLS by default.
                ...(kserveBuild(spec.versions.kserve) === 'odh'
                  ? { parametersRef: { group: '', kind: 'ConfigMap', name: 'inference-gateway-config' } }
                  : {}),
              },
            }
          : {}),
      } as never,
    }),
  ];
  if (g.tls) {
    docs.push(
      certificate({
        metadata: { name: `${g.name}-tls`, namespace: g.namespace },
        spec: {
          secretName: g.tls.secretName,
          issuerRef: { kind: 'ClusterIssuer', name: g.tls.issuer },
          dnsNames: g.tls.dnsNames,
          duration: '2160h',
          renewBefore: '360h',
          privateKey: { algorithm: 'RSA', size: 2048 },
        },
      }),
    );
  }
  // Istio: a JWT of the issuer on every request. RequestAuthentication alone lets a request without a token
  // through; the AuthorizationPolicy lets only requests with a principal in (istio.io security references).
  const jwt = istio ? g.authentication?.jwt : undefined;
  if (jwt) {
    const targetRefs = [{ group: 'gateway.networking.k8s.io' as const, kind: 'Gateway' as const, name: g.name }];
    docs.push(
      requestAuthentication(
        { name: `${g.name}-jwt`, namespace: g.namespace },
        {
          targetRefs,
          jwtRules: [
            { issuer: jwt.issuer, jwksUri: jwt.jwksUri, ...(jwt.audiences ? { audiences: jwt.audiences } : {}) },
          ],
        },
      ),
      authorizationPolicy(
        { name: `${g.name}-require-jwt`, namespace: g.namespace },
        { targetRefs, action: 'ALLOW', rules: [{ from: [{ source: { requestPrincipals: ['*'] } }] }] },
      ),
    );
  }
  docs.push(...smokeTestGatewayAccess(spec));
  const resources = ['gateway.yaml', ...(istio ? ['../../../bases/istio-gateway-config'] : [])];
  return [
    {
      ...generated(`${dir}/gateway.yaml`, specPath, docs),
      provenance: [
        { doc: 0, pointer: '', spec: '/gateway' },
        { doc: 0, pointer: '/spec/gatewayClassName', spec: '/gateway/className' },
        { doc: 0, pointer: '/spec/listeners', spec: '/gateway/listeners' },
        ...(g.tls ? [{ doc: 1, pointer: '', spec: '/gateway/tls' }] : []),
      ],
    },
    generated(`${dir}/kustomization.yaml`, specPath, [
      kustomization({
        namespace: g.namespace,
        resources,
        components: [`../../../components/variant-${spec.variant}`, `../../../components/env-${spec.environment}`],
      }),
    ]),
  ];
}

function istioControlPlane(spec: ClusterSpec) {
  return sailIstio('default', {
    version: spec.versions.istio ?? '',
    namespace: 'istio-system',
    values: {
      pilot: {
        env: {
          PILOT_ENABLE_GATEWAY_API: 'true',
          PILOT_ENABLE_GATEWAY_API_STATUS: 'true',
          PILOT_ENABLE_GATEWAY_API_DEPLOYMENT_CONTROLLER: 'true',
          ENABLE_GATEWAY_API_INFERENCE_EXTENSION: 'true',
        },
      },
    },
  });
}

/** The ODH PKI KServe expects: self-signed root -> RSA 2048 CA `opendatahub-ca` -> `opendatahub-ca-issuer`. */
export function kservePki(): unknown[] {
  return [
    clusterIssuer({ metadata: { name: 'opendatahub-selfsigned-issuer' }, spec: { selfSigned: {} } }),
    certificate({
      metadata: { name: 'opendatahub-ca', namespace: 'cert-manager' },
      spec: {
        isCA: true,
        commonName: 'opendatahub-ca',
        secretName: 'opendatahub-ca',
        // KServe expects an RSA CA; ECDSA broke the seed deployment (HELM fix d).
        privateKey: { algorithm: 'RSA', size: 2048 },
        issuerRef: { kind: 'ClusterIssuer', name: 'opendatahub-selfsigned-issuer', group: 'cert-manager.io' },
      },
    }),
    clusterIssuer({ metadata: { name: 'opendatahub-ca-issuer' }, spec: { ca: { secretName: 'opendatahub-ca' } } }),
  ];
}
