/**
 * Pod specs (pkg/apis/core/validation/validation.go ValidatePodSpec and what it calls: validateContainers,
 * validateInitContainers, ValidateVolumes, ValidateVolumeMounts, ValidateVolumeDevices, validateEnv,
 * validateEnvVarValueFrom, validateContainerPorts, ValidateContainerResourceRequirements, validateProbe,
 * validateHandler, validateLifecycle, ValidateTolerations, validateHostNetwork), and the list-map keys that
 * server-side apply enforces on env (name) and ports (containerPort, protocol).
 */
import {
  DNS1123_LABEL,
  DNS1123_SUBDOMAIN,
  PORT_NAME_RULE,
  QUALIFIED_NAME_RULE,
  configKeyProblem,
  formatProblem,
  isPortNumber,
  labelValueProblem,
  portNameProblems,
  qualifiedNameProblem,
} from './formats.js';
import { checkLabels } from './metadata.js';
import { compareQuantities, isNegative, milliValue, parseQuantity, type Quantity } from './quantity.js';
import { SRC, asArr, asObj, asStr, fieldOf, isInt, ptr, quote, type Obj, type Report } from './report.js';
import { checkPortNumOrName } from './service.js';
import { checkPodSpecExtras } from './pod-spec-extras.js';

export interface PodSpecContext {
  /** The kind holding the pod spec, for messages: "Deployment". */
  owner: string;
  /** A bare Pod (image is required, ephemeral containers are added later through a subresource). */
  isPod: boolean;
  /**
   * The spec is merged by a controller with other templates before it becomes a Pod (KServe LLMInferenceService
   * over its LLMInferenceServiceConfig): checks that need the whole Pod (volume references, handler present,
   * a limit beside a request) are skipped.
   */
  partial: boolean;
  /** A custom resource whose CRD declares env and ports as list-maps, so duplicates are refused with any apply. */
  customResource: boolean;
  /** restartPolicy values the owner accepts; a missing restartPolicy means Always. Undefined: any. */
  restartPolicies?: readonly string[];
  /** Volume names that exist without being in spec.volumes (StatefulSet/LWS volumeClaimTemplates). */
  claimTemplates: ReadonlySet<string>;
  /** Workload templates refuse activeDeadlineSeconds. */
  forbidActiveDeadline: boolean;
}

const VOLUME_SOURCES = [
  'hostPath',
  'emptyDir',
  'gcePersistentDisk',
  'awsElasticBlockStore',
  'gitRepo',
  'secret',
  'nfs',
  'iscsi',
  'glusterfs',
  'persistentVolumeClaim',
  'rbd',
  'flexVolume',
  'cinder',
  'cephfs',
  'flocker',
  'downwardAPI',
  'fc',
  'azureFile',
  'configMap',
  'vsphereVolume',
  'quobyte',
  'azureDisk',
  'photonPersistentDisk',
  'projected',
  'portworxVolume',
  'scaleIO',
  'storageos',
  'csi',
  'ephemeral',
  'image',
];
const PROBE_HANDLERS = ['exec', 'httpGet', 'tcpSocket', 'grpc'];
const LIFECYCLE_HANDLERS = ['exec', 'httpGet', 'tcpSocket', 'sleep'];
const ENV_SOURCES = ['fieldRef', 'resourceFieldRef', 'configMapKeyRef', 'secretKeyRef', 'fileKeyRef'];
const STANDARD_CONTAINER_RESOURCES = new Set(['cpu', 'memory', 'ephemeral-storage']);

const list = (items: string[]): string =>
  items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;

export function checkPodSpec(spec: Obj, base: string, ctx: PodSpecContext, report: Report): void {
  // Affinity, topology spread, DNS, security contexts and the other scalar fields (pod-spec-extras.ts). Where
  // activeDeadlineSeconds is forbidden altogether that refusal is the one to read, not its range.
  const { activeDeadlineSeconds: _deadline, ...rest } = spec;
  checkPodSpecExtras(ctx.forbidActiveDeadline ? rest : spec, base, report, { partial: ctx.partial });
  // Volumes: names unique DNS labels, at most one source each (none defaults to emptyDir).
  const volumes = new Set<string>(ctx.claimTemplates);
  asArr(spec.volumes).forEach((entry, i) => {
    const volume = asObj(entry);
    if (!volume) return;
    const at = ptr(base, 'volumes', i);
    const name = asStr(volume.name);
    if (!name) {
      report.add(
        ptr(at, 'name'),
        `${fieldOf(ptr(at, 'name'))} is missing: every volume needs a name; add one.`,
        `${SRC.core} (ValidateVolumes)`,
      );
    } else {
      const extra = formatProblem(name, DNS1123_LABEL);
      if (extra !== undefined)
        report.add(
          ptr(at, 'name'),
          `${fieldOf(ptr(at, 'name'))} ${quote(name)} is not a valid volume name: volume names must be ${DNS1123_LABEL.plural} (${DNS1123_LABEL.rule})${extra}; rename it and the volumeMounts that use it.`,
          `${SRC.core} (ValidateVolumes)`,
        );
      if (volumes.has(name) && !ctx.claimTemplates.has(name))
        report.add(
          ptr(at, 'name'),
          `${fieldOf(ptr(at, 'name'))} ${quote(name)} is the name of an earlier volume too; volume names must be unique within a pod, so rename or remove one.`,
          `${SRC.core} (ValidateVolumes)`,
        );
      volumes.add(name);
    }
    const sources = VOLUME_SOURCES.filter((s) => volume[s] !== undefined && volume[s] !== null);
    if (sources.length > 1)
      report.add(
        at,
        `${fieldOf(at)} has ${sources.length} volume sources (${list(sources)}); a volume must have exactly one, so split it into several volumes.`,
        `${SRC.core} (validateVolumeSource)`,
      );
    checkFileModes(volume, at, report);
  });

  // Containers: names unique across containers, initContainers and ephemeralContainers.
  const names = new Map<string, string>();
  const groups: [string, 'container' | 'init' | 'ephemeral'][] = [
    ['containers', 'container'],
    ['initContainers', 'init'],
    ['ephemeralContainers', 'ephemeral'],
  ];
  for (const [field, role] of groups) {
    asArr(spec[field]).forEach((entry, i) => {
      const container = asObj(entry);
      if (!container) return;
      const at = ptr(base, field, i);
      const name = asStr(container.name);
      if (!name) {
        report.add(
          ptr(at, 'name'),
          `${fieldOf(ptr(at, 'name'))} is missing: every container needs a name; add one.`,
          `${SRC.core} (validateContainers)`,
        );
      } else {
        const extra = formatProblem(name, DNS1123_LABEL);
        if (extra !== undefined)
          report.add(
            ptr(at, 'name'),
            `${fieldOf(ptr(at, 'name'))} ${quote(name)} is not a valid container name: container names must be ${DNS1123_LABEL.plural} (${DNS1123_LABEL.rule})${extra}; rename it.`,
            `${SRC.core} (validateContainers)`,
          );
        const first = names.get(name);
        if (first !== undefined)
          report.add(
            ptr(at, 'name'),
            `${fieldOf(ptr(at, 'name'))} ${quote(name)} is already the name of ${first}; container names must be unique across containers, initContainers and ephemeralContainers, so rename one.`,
            `${SRC.core} (validateContainers)`,
          );
        else names.set(name, fieldOf(at));
      }
      checkContainer(container, at, role, volumes, ctx, report);
    });
  }
  if (asArr(spec.ephemeralContainers).length > 0) {
    const at = ptr(base, 'ephemeralContainers');
    report.add(
      at,
      `${fieldOf(at)} is set, but ephemeral containers cannot be created with ${ctx.isPod ? 'a Pod' : 'a pod template'}; they are added to running Pods with \`kubectl debug\`, so remove them.`,
      `${SRC.core} (ValidatePodCreate, ValidatePodTemplateSpec)`,
    );
  }

  // restartPolicy by owner kind; a missing one defaults to Always.
  if (ctx.restartPolicies) {
    const given = asStr(spec.restartPolicy);
    const effective = given ?? 'Always';
    if (!ctx.restartPolicies.includes(effective)) {
      const at = ptr(base, 'restartPolicy');
      const allowed = ctx.restartPolicies.map((p) => JSON.stringify(p)).join(' or ');
      report.add(
        at,
        given === undefined
          ? `${fieldOf(at)} is missing, so it defaults to "Always", but a ${ctx.owner} accepts only ${allowed}; set restartPolicy: ${ctx.restartPolicies[0]!}.`
          : `${fieldOf(at)} ${quote(given)} is not allowed in a ${ctx.owner}, which accepts only ${allowed}; set restartPolicy: ${ctx.restartPolicies[0]!}${ctx.restartPolicies.length === 1 ? ' or remove it' : ''}.`,
        ctx.owner === 'Job' || ctx.owner === 'CronJob'
          ? `${SRC.batch} (validateJobSpec)`
          : `${SRC.apps} (ValidatePodTemplateSpecForReplicaSet, ValidateStatefulSetSpec, ValidateDaemonSetSpec)`,
      );
    }
  }
  if (ctx.forbidActiveDeadline && spec.activeDeadlineSeconds !== undefined && spec.activeDeadlineSeconds !== null) {
    const at = ptr(base, 'activeDeadlineSeconds');
    report.add(
      at,
      `${fieldOf(at)} is set, but a ${ctx.owner} runs its Pods indefinitely and refuses activeDeadlineSeconds; remove it.`,
      SRC.apps,
    );
  }

  // hostNetwork: hostPort defaults to containerPort, and a different one is refused.
  if (spec.hostNetwork === true) {
    for (const field of ['containers', 'initContainers']) {
      asArr(spec[field]).forEach((entry, i) => {
        asArr(asObj(entry)?.ports).forEach((p, j) => {
          const port = asObj(p);
          if (!port || !isInt(port.hostPort) || port.hostPort === 0 || port.hostPort === port.containerPort) return;
          const at = ptr(base, field, i, 'ports', j, 'hostPort');
          report.add(
            at,
            `${fieldOf(at)} ${port.hostPort} differs from containerPort ${String(port.containerPort)}, but with hostNetwork: true they must be equal; remove hostPort (it then defaults to containerPort).`,
            `${SRC.core} (validateHostNetwork)`,
          );
        });
      });
    }
  }

  checkLabels(spec.nodeSelector, ptr(base, 'nodeSelector'), report, 'node selector');
  checkTolerations(spec.tolerations, ptr(base, 'tolerations'), report);
}

function checkContainer(
  c: Obj,
  at: string,
  role: 'container' | 'init' | 'ephemeral',
  volumes: ReadonlySet<string>,
  ctx: PodSpecContext,
  report: Report,
): void {
  if (ctx.isPod && role !== 'ephemeral' && !asStr(c.image))
    report.add(
      ptr(at, 'image'),
      `${fieldOf(ptr(at, 'image'))} is missing: a Pod's containers need an image; add one.`,
      `${SRC.core} (validateContainersOnlyForPod)`,
    );
  const image = asStr(c.image);
  if (image !== undefined && image !== image.trim())
    report.add(
      ptr(at, 'image'),
      `${fieldOf(ptr(at, 'image'))} ${quote(image)} has leading or trailing whitespace, which the API server refuses; remove it.`,
      `${SRC.core} (validateContainersOnlyForPod, ValidatePodTemplateSpec)`,
    );

  checkVolumeMounts(c, at, volumes, ctx, report);
  checkEnv(c, at, ctx, report);
  checkContainerPorts(c, at, ctx, report);
  checkResources(asObj(c.resources), ptr(at, 'resources'), ctx, report);

  const sidecar = role === 'init' && c.restartPolicy === 'Always';
  for (const probe of ['livenessProbe', 'readinessProbe', 'startupProbe']) {
    const p = asObj(c[probe]);
    if (!p) continue;
    const pat = ptr(at, probe);
    if (role === 'init' && !sidecar) {
      report.add(
        pat,
        `${fieldOf(pat)} is set on an init container that is not a sidecar; init containers without restartPolicy: Always may not have probes, so remove it (or make the container a sidecar).`,
        `${SRC.core} (validateInitContainers)`,
      );
      continue;
    }
    checkHandler(p, pat, 'probe', PROBE_HANDLERS, ctx, report);
    for (const field of [
      'initialDelaySeconds',
      'timeoutSeconds',
      'periodSeconds',
      'successThreshold',
      'failureThreshold',
    ]) {
      if (typeof p[field] === 'number' && (p[field] as number) < 0)
        report.add(
          ptr(pat, field),
          `${fieldOf(ptr(pat, field))} ${String(p[field])} is negative; it must be zero or more (zero means the default).`,
          `${SRC.core} (validateProbe)`,
        );
    }
    if (
      probe !== 'readinessProbe' &&
      typeof p.successThreshold === 'number' &&
      p.successThreshold !== 0 &&
      p.successThreshold !== 1
    ) {
      report.add(
        ptr(pat, 'successThreshold'),
        `${fieldOf(ptr(pat, 'successThreshold'))} ${p.successThreshold} is not allowed: ${probe === 'livenessProbe' ? 'liveness' : 'startup'} probes must have successThreshold 1; set it to 1 or remove it.`,
        `${SRC.core} (validateContainers)`,
      );
    }
    if (typeof p.terminationGracePeriodSeconds === 'number' && p.terminationGracePeriodSeconds <= 0) {
      report.add(
        ptr(pat, 'terminationGracePeriodSeconds'),
        `${fieldOf(ptr(pat, 'terminationGracePeriodSeconds'))} ${p.terminationGracePeriodSeconds} must be greater than 0; raise it or remove it.`,
        `${SRC.core} (validateProbe)`,
      );
    }
  }
  const lifecycle = asObj(c.lifecycle);
  if (lifecycle) {
    if (role === 'init' && !sidecar) {
      report.add(
        ptr(at, 'lifecycle'),
        `${fieldOf(ptr(at, 'lifecycle'))} is set on an init container that is not a sidecar; init containers without restartPolicy: Always may not have lifecycle hooks, so remove it.`,
        `${SRC.core} (validateInitContainers)`,
      );
    } else {
      for (const hook of ['postStart', 'preStop']) {
        const h = asObj(lifecycle[hook]);
        if (h) checkHandler(h, ptr(at, 'lifecycle', hook), 'lifecycle hook', LIFECYCLE_HANDLERS, ctx, report);
      }
    }
  }
}

/** validateHandler: exactly one handler, with a valid port or command. */
function checkHandler(h: Obj, at: string, what: string, kinds: string[], ctx: PodSpecContext, report: Report): void {
  const present = kinds.filter((k) => h[k] !== undefined && h[k] !== null);
  if (present.length > 1) {
    report.add(
      at,
      `${fieldOf(at)} has ${present.length} handlers (${list(present)}), but a ${what} must have exactly one of ${list(kinds)}; keep one.`,
      `${SRC.core} (validateHandler: "may not specify more than 1 handler type")`,
    );
  } else if (present.length === 0 && !ctx.partial) {
    report.add(
      at,
      `${fieldOf(at)} has no handler, but a ${what} must have exactly one of ${list(kinds)}; add one.`,
      `${SRC.core} (validateHandler: "must specify a handler type")`,
    );
  }
  const httpGet = asObj(h.httpGet);
  if (httpGet)
    checkPortNumOrName(httpGet.port, ptr(at, 'httpGet', 'port'), report, `${SRC.core} (validateHTTPGetAction)`);
  const tcp = asObj(h.tcpSocket);
  if (tcp) checkPortNumOrName(tcp.port, ptr(at, 'tcpSocket', 'port'), report, `${SRC.core} (validateTCPSocketAction)`);
  const grpc = asObj(h.grpc);
  if (grpc && typeof grpc.port === 'number' && !isPortNumber(grpc.port))
    report.add(
      ptr(at, 'grpc', 'port'),
      `${fieldOf(ptr(at, 'grpc', 'port'))} ${grpc.port} is not a valid port number: ports must be between 1 and 65535; fix the number.`,
      `${SRC.core} (validateGRPCAction)`,
    );
  const exec = asObj(h.exec);
  if (exec && asArr(exec.command).length === 0)
    report.add(
      ptr(at, 'exec', 'command'),
      `${fieldOf(ptr(at, 'exec', 'command'))} is empty: an exec handler needs a command; add it.`,
      `${SRC.core} (validateExecAction)`,
    );
}

function checkVolumeMounts(
  c: Obj,
  at: string,
  volumes: ReadonlySet<string>,
  ctx: PodSpecContext,
  report: Report,
): void {
  const paths = new Map<string, number>();
  asArr(c.volumeMounts).forEach((entry, i) => {
    const m = asObj(entry);
    if (!m) return;
    const mat = ptr(at, 'volumeMounts', i);
    const name = asStr(m.name);
    if (name && !ctx.partial && !volumes.has(name))
      report.add(
        ptr(mat, 'name'),
        `${fieldOf(ptr(mat, 'name'))} ${quote(name)} does not name a volume of the pod; add a volume named ${quote(name)} to the pod's volumes, or fix the name.`,
        `${SRC.core} (ValidateVolumeMounts: "Not found")`,
      );
    const mountPath = asStr(m.mountPath);
    if (mountPath) {
      const first = paths.get(mountPath);
      if (first !== undefined)
        report.add(
          ptr(mat, 'mountPath'),
          `${fieldOf(ptr(mat, 'mountPath'))} ${quote(mountPath)} is already mounted by volumeMounts[${first}]; a mount path may be used only once per container, so change one.`,
          `${SRC.core} (ValidateVolumeMounts: "must be unique")`,
        );
      else paths.set(mountPath, i);
    }
    const subPath = asStr(m.subPath);
    if (subPath) {
      if (subPath.startsWith('/'))
        report.add(
          ptr(mat, 'subPath'),
          `${fieldOf(ptr(mat, 'subPath'))} ${quote(subPath)} is an absolute path, but a subPath must be relative to the volume root; drop the leading '/'.`,
          `${SRC.core} (validateLocalDescendingPath)`,
        );
      else if (subPath.split(/[/\\]/).includes('..'))
        report.add(
          ptr(mat, 'subPath'),
          `${fieldOf(ptr(mat, 'subPath'))} ${quote(subPath)} contains '..', but a subPath may not leave the volume; remove the '..'.`,
          `${SRC.core} (validatePathNoBacksteps)`,
        );
      if (asStr(m.subPathExpr))
        report.add(
          ptr(mat, 'subPathExpr'),
          `${fieldOf(ptr(mat, 'subPathExpr'))} is set together with subPath; they are mutually exclusive, so keep one.`,
          `${SRC.core} (ValidateVolumeMounts)`,
        );
    }
  });
  asArr(c.volumeDevices).forEach((entry, i) => {
    const d = asObj(entry);
    const name = asStr(d?.name);
    const dat = ptr(at, 'volumeDevices', i, 'name');
    if (name && !ctx.partial && !volumes.has(name))
      report.add(
        dat,
        `${fieldOf(dat)} ${quote(name)} does not name a volume of the pod; add a persistentVolumeClaim volume named ${quote(name)}, or fix the name.`,
        `${SRC.core} (ValidateVolumeDevices)`,
      );
  });
}

function duplicateMessage(path: string, key: string, firstIndex: number, ctx: PodSpecContext, what: string): string {
  const why = ctx.customResource
    ? `the ${ctx.owner} CRD declares ${what} a list keyed by ${what === 'env' ? 'name' : 'containerPort and protocol'}, so the API server refuses it with either kind of apply`
    : 'server-side apply refuses it; client-side apply silently keeps the last';
  return `${fieldOf(path)} repeats ${what}[${firstIndex}]: duplicate entries for key ${key} (${why}); remove one of them.`;
}

function checkEnv(c: Obj, at: string, ctx: PodSpecContext, report: Report): void {
  const seen = new Map<string, number>();
  asArr(c.env).forEach((entry, i) => {
    const e = asObj(entry);
    if (!e) return;
    const eat = ptr(at, 'env', i);
    const name = asStr(e.name);
    if (!name) {
      report.add(
        ptr(eat, 'name'),
        `${fieldOf(ptr(eat, 'name'))} is missing: every env entry needs a name; add it.`,
        `${SRC.core} (validateEnv)`,
      );
    } else {
      // RelaxedEnvironmentVariableValidation (on by default since 1.32): printable ASCII except '='.
      if (!/^[\x20-\x3c\x3e-\x7e]+$/.test(name))
        report.add(
          ptr(eat, 'name'),
          `${fieldOf(ptr(eat, 'name'))} ${quote(name)} is not a valid environment variable name: it may contain only printable ASCII characters other than '='; rename it.`,
          `${SRC.core} (validateEnv, IsRelaxedEnvVarName)`,
        );
      const first = seen.get(name);
      if (first !== undefined)
        report.add(
          ptr(eat, 'name'),
          duplicateMessage(eat, `[name=${JSON.stringify(name)}]`, first, ctx, 'env'),
          ctx.customResource ? SRC.crdListMap : SRC.ssa,
        );
      else seen.set(name, i);
    }
    const valueFrom = asObj(e.valueFrom);
    if (!valueFrom) return;
    const vat = ptr(eat, 'valueFrom');
    const sources = ENV_SOURCES.filter((s) => valueFrom[s] !== undefined && valueFrom[s] !== null);
    if (typeof e.value === 'string' && e.value !== '') {
      report.add(
        vat,
        `${fieldOf(eat)} has both value and valueFrom; an env entry takes its value from one of them, so remove one.`,
        `${SRC.core} (validateEnvVarValueFrom: "may not be specified when \`value\` is not empty")`,
      );
    } else if (sources.length === 0) {
      report.add(
        vat,
        `${fieldOf(vat)} names no source; it needs exactly one of fieldRef, resourceFieldRef, configMapKeyRef and secretKeyRef, so add one.`,
        `${SRC.core} (validateEnvVarValueFrom)`,
      );
    } else if (sources.length > 1) {
      report.add(
        vat,
        `${fieldOf(vat)} has ${sources.length} sources (${list(sources)}), but it takes exactly one; split it into several env entries.`,
        `${SRC.core} (validateEnvVarValueFrom)`,
      );
    }
    for (const ref of ['configMapKeyRef', 'secretKeyRef']) {
      const r = asObj(valueFrom[ref]);
      if (!r) continue;
      const rat = ptr(vat, ref);
      const refName = asStr(r.name) ?? '';
      const extra = formatProblem(refName, DNS1123_SUBDOMAIN);
      if (extra !== undefined)
        report.add(
          ptr(rat, 'name'),
          `${fieldOf(ptr(rat, 'name'))} ${quote(refName)} is not a valid ${ref === 'secretKeyRef' ? 'Secret' : 'ConfigMap'} name: names must be ${DNS1123_SUBDOMAIN.plural} (${DNS1123_SUBDOMAIN.rule})${extra}; name the ${ref === 'secretKeyRef' ? 'Secret' : 'ConfigMap'} to read from.`,
          `${SRC.core} (validateConfigMapKeySelector, validateSecretKeySelector)`,
        );
      const key = asStr(r.key);
      const why = key === undefined || key === '' ? 'it is empty' : configKeyProblem(key);
      if (why)
        report.add(
          ptr(rat, 'key'),
          `${fieldOf(ptr(rat, 'key'))}${key ? ` ${quote(key)}` : ''} is not a valid key: keys are letters, digits, '-', '_' and '.' (at most 253 characters), but ${why}; name the key to read.`,
          `${SRC.core} (validateConfigMapKeySelector, validateSecretKeySelector)`,
        );
    }
  });
}

function checkContainerPorts(c: Obj, at: string, ctx: PodSpecContext, report: Report): void {
  const names = new Map<string, number>();
  const keys = new Map<string, number>();
  asArr(c.ports).forEach((entry, i) => {
    const p = asObj(entry);
    if (!p) return;
    const pat = ptr(at, 'ports', i);
    const name = asStr(p.name);
    if (name) {
      const problems = portNameProblems(name);
      if (problems.length)
        report.add(
          ptr(pat, 'name'),
          `${fieldOf(ptr(pat, 'name'))} ${quote(name)} is not a valid container port name: it must be ${PORT_NAME_RULE}, but ${problems.join(', ')}; rename it (and the Service targetPort or probe that refers to it).`,
          `${SRC.core} (validateContainerPorts)`,
        );
      else if (names.has(name))
        report.add(
          ptr(pat, 'name'),
          `${fieldOf(ptr(pat, 'name'))} ${quote(name)} is already the name of ports[${names.get(name)!}]; port names must be unique within a container, so rename one.`,
          `${SRC.core} (validateContainerPorts)`,
        );
      else names.set(name, i);
    }
    if (typeof p.containerPort === 'number' && !isPortNumber(p.containerPort))
      report.add(
        ptr(pat, 'containerPort'),
        `${fieldOf(ptr(pat, 'containerPort'))} ${p.containerPort} is not a valid port number: ports must be between 1 and 65535; fix the number.`,
        `${SRC.core} (validateContainerPorts)`,
      );
    if (typeof p.hostPort === 'number' && p.hostPort !== 0 && !isPortNumber(p.hostPort))
      report.add(
        ptr(pat, 'hostPort'),
        `${fieldOf(ptr(pat, 'hostPort'))} ${p.hostPort} is not a valid port number: ports must be between 1 and 65535; fix the number.`,
        `${SRC.core} (validateContainerPorts)`,
      );
    if (typeof p.containerPort === 'number') {
      const protocol = asStr(p.protocol) ?? 'TCP';
      const key = `${p.containerPort}/${protocol}`;
      const first = keys.get(key);
      if (first !== undefined)
        report.add(
          pat,
          duplicateMessage(
            pat,
            `[containerPort=${p.containerPort},protocol=${JSON.stringify(protocol)}]`,
            first,
            ctx,
            'ports',
          ),
          ctx.customResource ? SRC.crdListMap : SRC.ssa,
        );
      else keys.set(key, i);
    }
  });
}

const isNative = (name: string): boolean => !name.includes('/') || name.includes('kubernetes.io/');
const isHugePages = (name: string): boolean => name.startsWith('hugepages-');
/** helper.IsOvercommitAllowed: native resources except huge pages. */
const overcommitAllowed = (name: string): boolean => isNative(name) && !isHugePages(name);
/** helper.IsExtendedResourceName: a domain other than kubernetes.io, valid as a quota name `requests.<name>`. */
const isExtended = (name: string): boolean =>
  !isNative(name) && !name.startsWith('requests.') && qualifiedNameProblem(`requests.${name}`) === undefined;

/** Suggest a quantity for common slips: "4GB" -> "4G", "16gi" -> "16Gi", "100 Mi" -> "100Mi". */
function quantityHint(text: string): string {
  const compact = text.replace(/\s+/g, '');
  const m = /^([+-]?(?:\d+(?:\.\d*)?|\.\d+))([kKmMgGtTpPeE])(i?)[bB]?$/.exec(compact);
  if (!m) return '';
  const unit = m[2]!.toUpperCase() === 'K' && !m[3] ? 'k' : m[2]!.toUpperCase();
  const candidate = `${m[1]!}${unit}${m[3] ? 'i' : ''}`;
  if (candidate === text || !parseQuantity(candidate)) return '';
  const binary = m[3] ? '' : ` or ${JSON.stringify(`${m[1]!}${m[2]!.toUpperCase()}i`)}`;
  return ` (did you mean ${JSON.stringify(candidate)}${binary}?)`;
}

function checkResources(res: Obj | undefined, at: string, ctx: PodSpecContext, report: Report): void {
  if (!res) return;
  const parsed: Record<'requests' | 'limits', Map<string, Quantity>> = { requests: new Map(), limits: new Map() };
  for (const bag of ['limits', 'requests'] as const) {
    for (const [name, value] of Object.entries(asObj(res[bag]) ?? {})) {
      const qat = ptr(at, bag, name);
      const label = fieldOf(qat);
      if (!name.includes('/')) {
        if (!STANDARD_CONTAINER_RESOURCES.has(name) && !isHugePages(name))
          report.add(
            qat,
            `${label} names the resource ${quote(name)}, which a container cannot request: names without a domain must be cpu, memory, ephemeral-storage or hugepages-<size>; use one of those or a device plugin's full name (e.g. google.com/tpu).`,
            `${SRC.core} (validateContainerResourceName)`,
          );
      } else if (!isNative(name) && !isExtended(name)) {
        const why = qualifiedNameProblem(name);
        report.add(
          qat,
          `${label} names the resource ${quote(name)}, which is not a valid extended resource name: it must be a qualified name (${QUALIFIED_NAME_RULE})${why ? `, but ${why}` : ''}; fix the name.`,
          `${SRC.core} (validateContainerResourceName)`,
        );
      }
      if (value === null || value === undefined) continue;
      const q = parseQuantity(value);
      if (!q) {
        const text = typeof value === 'string' ? value : JSON.stringify(value);
        report.add(
          qat,
          `${label} ${quote(value)} is not a valid quantity: a quantity is a number with an optional suffix (Ki, Mi, Gi, Ti, Pi, Ei; n, u, m, k, M, G, T, P, E; or an exponent such as e3), e.g. 500m, 4Gi, 1.5${quantityHint(text)}; fix it.`,
          'kube-apiserver: staging/src/k8s.io/apimachinery/pkg/api/resource/quantity.go (ParseQuantity)',
        );
        continue;
      }
      if (isNegative(q)) {
        report.add(
          qat,
          `${label} ${quote(value)} is negative; resource quantities must be zero or more.`,
          `${SRC.core} (ValidateNonnegativeQuantity)`,
        );
        continue;
      }
      if (isExtended(name) && milliValue(q) % 1000n !== 0n) {
        report.add(
          qat,
          `${label} ${quote(value)} is not a whole number; extended resources such as ${name} are counted in whole devices, so use an integer.`,
          `${SRC.core} (ValidateResourceQuantityValue: "must be an integer")`,
        );
      }
      parsed[bag].set(name, q);
    }
  }
  for (const [name, request] of parsed.requests) {
    const rat = ptr(at, 'requests', name);
    const limit = parsed.limits.get(name);
    if (limit) {
      const cmp = compareQuantities(request, limit);
      if (cmp !== 0 && !overcommitAllowed(name)) {
        report.add(
          rat,
          `${fieldOf(rat)} ${quote(request.text)} differs from the limit ${quote(limit.text)}; ${name} cannot be overcommitted, so its request must equal its limit (or give only the limit, and the request defaults to it).`,
          `${SRC.core} (ValidateContainerResourceRequirements: "must be equal to ... limit")`,
        );
      } else if (cmp > 0) {
        report.add(
          rat,
          `${fieldOf(rat)} ${quote(request.text)} is more than the limit ${quote(limit.text)}; a request may not exceed the limit of the same resource, so lower the request or raise the limit.`,
          `${SRC.core} (ValidateContainerResourceRequirements: "must be less than or equal to ... limit")`,
        );
      }
    } else if (!overcommitAllowed(name) && !ctx.partial) {
      report.add(
        rat,
        `${fieldOf(rat)} ${quote(request.text)} has no matching limit; ${name} cannot be overcommitted, so set ${fieldOf(ptr(at, 'limits', name))} too (the request may then be omitted, it defaults to the limit).`,
        `${SRC.core} (ValidateContainerResourceRequirements: "Limit must be set for non overcommitable resources")`,
      );
    }
  }
}

function checkTolerations(tolerations: unknown, base: string, report: Report): void {
  asArr(tolerations).forEach((entry, i) => {
    const t = asObj(entry);
    if (!t) return;
    const at = ptr(base, i);
    const key = asStr(t.key) ?? '';
    const operator = asStr(t.operator) ?? 'Equal';
    if (key) {
      const why = qualifiedNameProblem(key);
      if (why)
        report.add(
          ptr(at, 'key'),
          `${fieldOf(ptr(at, 'key'))} ${quote(key)} is not a valid taint key: keys must be qualified names (${QUALIFIED_NAME_RULE}), but ${why}; fix the key.`,
          `${SRC.core} (ValidateTolerations)`,
        );
    } else if (operator !== 'Exists') {
      report.add(
        ptr(at, 'operator'),
        `${fieldOf(at)} has no key, which means "every taint", and that needs operator: Exists (not ${operator}); set operator: Exists or add the key.`,
        `${SRC.core} (ValidateTolerations)`,
      );
    }
    if (t.tolerationSeconds !== undefined && t.tolerationSeconds !== null && t.effect !== 'NoExecute') {
      report.add(
        ptr(at, 'effect'),
        `${fieldOf(at)} sets tolerationSeconds, which only applies to effect: NoExecute; set effect: NoExecute or remove tolerationSeconds.`,
        `${SRC.core} (ValidateTolerations)`,
      );
    }
    const value = asStr(t.value) ?? '';
    if (operator === 'Exists' && value !== '') {
      report.add(
        ptr(at, 'value'),
        `${fieldOf(ptr(at, 'value'))} ${quote(value)} is set with operator: Exists, which takes no value; remove the value or use operator: Equal.`,
        `${SRC.core} (ValidateTolerations)`,
      );
    } else if (operator === 'Equal') {
      const why = labelValueProblem(value);
      if (why)
        report.add(
          ptr(at, 'value'),
          `${fieldOf(ptr(at, 'value'))} ${quote(value)} is not a valid taint value: values follow the label value rules, but ${why}; fix the value.`,
          `${SRC.core} (ValidateTolerations)`,
        );
    }
  });
}

/**
 * File modes of secret, configMap, downwardAPI and projected volumes (validateSecretVolumeSource and its siblings,
 * validateKeyToPath, validateProjectedVolumeSource): between 0 and 0777. Written as a plain number they are decimal,
 * so `defaultMode: 644` (not 0644) is refused.
 */
function checkFileModes(volume: Obj, at: string, report: Report): void {
  const mode = (value: unknown, path: string, fn: string) => {
    if (typeof value === 'number' && (value < 0 || value > 0o777))
      report.add(
        path,
        `${fieldOf(path)} is ${value}: a file mode must be a number between 0 and 0777 (octal), both inclusive (${value} is ${value.toString(8)} in octal); write it in octal with a leading 0 (e.g. 0644), or in decimal (420).`,
        `${SRC.core} (${fn})`,
      );
  };
  const items = (source: Obj, base: string, fn: string) =>
    asArr(source.items).forEach((item, i) => mode(asObj(item)?.mode, ptr(base, 'items', i, 'mode'), fn));
  for (const [field, fn] of [
    ['secret', 'validateSecretVolumeSource'],
    ['configMap', 'validateConfigMapVolumeSource'],
    ['downwardAPI', 'validateDownwardAPIVolumeSource'],
  ] as const) {
    const source = asObj(volume[field]);
    if (!source) continue;
    mode(source.defaultMode, ptr(at, field, 'defaultMode'), fn);
    items(source, ptr(at, field), field === 'downwardAPI' ? fn : 'validateKeyToPath');
  }
  const projected = asObj(volume.projected);
  if (!projected) return;
  mode(projected.defaultMode, ptr(at, 'projected', 'defaultMode'), 'validateProjectedVolumeSource');
  asArr(projected.sources).forEach((entry, i) => {
    const source = asObj(entry);
    if (!source) return;
    for (const field of ['secret', 'configMap', 'downwardAPI']) {
      const inner = asObj(source[field]);
      if (inner) items(inner, ptr(at, 'projected', 'sources', i, field), 'validateProjectedVolumeSource');
    }
  });
}
