/**
 * Service: the rules of ValidateService (pkg/apis/core/validation/validation.go) that depend on spec.type and the
 * fields around it, which service.ts (port names, numbers, targetPort, uniqueness, selector) leaves out: the type,
 * ports required, headless, ExternalName, clusterIP/clusterIPs/ipFamilies/ipFamilyPolicy
 * (ValidateServiceClusterIPsRelatedFields), sessionAffinity (validateClientIPAffinityConfig), externalIPs
 * (ValidateNonSpecialIP), nodePort on ClusterIP, loadBalancerSourceRanges, allocateLoadBalancerNodePorts,
 * loadBalancerClass (validateLoadBalancerClassField), externalTrafficPolicy and healthCheckNodePort
 * (validateServiceExternalTrafficPolicy), internalTrafficPolicy (validateServiceInternalTrafficFieldsValue),
 * trafficDistribution (validateServiceTrafficDistribution), port protocol and appProtocol (validateServicePort), and
 * the topology annotations. Plus the create-time checks of pkg/registry/core/service/storage/alloc.go that do not depend
 * on the cluster's flags (initIPFamilyFields, initNodePorts).
 *
 * The object is judged as the server sees it: after SetDefaults_Service (pkg/apis/core/v1/defaults.go: type ClusterIP,
 * sessionAffinity None with its config dropped, ClientIP timeout 10800, protocol TCP, externalTrafficPolicy Cluster
 * when externally accessible, internalTrafficPolicy Cluster, allocateLoadBalancerNodePorts true for LoadBalancer) and
 * after normalizeClusterIPs (storage.go: clusterIP alone fills clusterIPs), so an omitted field gives no finding.
 * Left out, as they depend on cluster flags: the nodePort range (--service-node-port-range, 30000-32767 by default),
 * the service CIDRs, whether the cluster is dual-stack (RequireDualStack, ipFamilies "not configured on this
 * cluster"), and whether an IP or port is free. trafficDistribution values other than PreferClose (PreferSameZone,
 * PreferSameNode) need the PreferSameTrafficDistribution gate, which 1.32 does not have.
 */
import { DNS1123_SUBDOMAIN, QUALIFIED_NAME_RULE, formatProblem, qualifiedNameProblem, suggestName } from './formats.js';
import { parseCidr } from './network-policy.js';
import { SRC, asArr, asObj, asStr, fieldOf, ptr, quote, type Obj, type Report } from './report.js';

const TYPES = ['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'];
const IP_FAMILIES = ['IPv4', 'IPv6'];
const IP_FAMILY_POLICIES = ['SingleStack', 'PreferDualStack', 'RequireDualStack'];
const PROTOCOLS = ['TCP', 'UDP', 'SCTP'];
const MAX_AFFINITY_SECONDS = 86400; // core.MaxClientIPServiceAffinitySeconds
const SOURCE_RANGES_ANNOTATION = 'service.beta.kubernetes.io/load-balancer-source-ranges';
const TOPOLOGY_MODE = 'service.kubernetes.io/topology-mode';
const TOPOLOGY_HINTS = 'service.kubernetes.io/topology-aware-hints';
const ALLOC = 'kube-apiserver: pkg/registry/core/service/storage/alloc.go';
const IP_EXAMPLE = 'e.g. 10.9.8.7 or 2001:db8::ffff';
const CIDR_EXAMPLE = 'e.g. 10.9.8.0/24 or 2001:db8::/64';

const core = (fn: string): string => `${SRC.core} (${fn})`;
const oneOf = (values: string[]): string => values.join(', ').replace(/, ([^,]*)$/, ' or $1');
/** `is not supported; use A or B (case matters).`, with a "did you mean" when only the case is wrong. */
function unsupported(value: string, allowed: string[]): string {
  const near = allowed.find((a) => a.toLowerCase() === value.toLowerCase());
  return near
    ? `${quote(value)} is not supported: values are case-sensitive; write "${near}".`
    : `${quote(value)} is not supported; use ${oneOf(allowed)} (case matters).`;
}

/** An IP address as netutils.ParseIPSloppy reads it (IPv4, IPv6, leading zeros allowed), IPv4-mapped IPv6 unwrapped. */
function parseIP(text: string): number[] | undefined {
  if (text.includes('/')) return undefined;
  const bytes = parseCidr(`${text}/0`)?.bytes;
  if (bytes?.length === 16 && bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff)
    return bytes.slice(12);
  return bytes;
}
const familyOf = (bytes: number[]): string => (bytes.length === 4 ? 'IPv4' : 'IPv6');

/** ValidateNonSpecialIP: why an external IP is refused, or undefined. */
function specialIP(b: number[]): string | undefined {
  const v4 = b.length === 4;
  if (b.every((x) => x === 0)) return 'it is the unspecified address';
  if (v4 ? b[0] === 127 : b.slice(0, 15).every((x) => x === 0) && b[15] === 1)
    return 'it is in the loopback range (127.0.0.0/8, ::1/128)';
  if (v4 ? b[0] === 169 && b[1] === 254 : b[0] === 0xfe && (b[1]! & 0xc0) === 0x80)
    return 'it is in the link-local range (169.254.0.0/16, fe80::/10)';
  if (v4 ? b[0] === 224 && b[1] === 0 && b[2] === 0 : b[0] === 0xff && (b[1]! & 0x0f) === 0x02)
    return 'it is in the link-local multicast range (224.0.0.0/24, ff02::/16)';
  return undefined;
}

export function checkServiceType(object: Obj, report: Report): void {
  const spec = asObj(object.spec);
  if (!spec) return;
  // SetDefaults_Service: an empty or missing type is ClusterIP.
  const type = spec.type === undefined || spec.type === null || spec.type === '' ? 'ClusterIP' : asStr(spec.type);
  if (type === undefined) return;
  if (!TYPES.includes(type)) {
    report.add('/spec/type', `spec.type ${unsupported(type, TYPES)}`, core('ValidateService'));
    return;
  }
  const clusterIPs = checkClusterIPs(spec, type, report);
  const headless = clusterIPs.length === 1 && clusterIPs[0]!.value === 'None';
  const ports = spec.ports;
  if (
    type !== 'ExternalName' &&
    !headless &&
    (ports === undefined || ports === null || (Array.isArray(ports) && ports.length === 0))
  )
    report.add(
      '/spec/ports',
      `spec.ports is missing: a ${type} Service needs at least one port (only a headless Service, clusterIP "None", or an ExternalName Service may have none); add a port.`,
      core('ValidateService'),
    );
  if (headless && (type === 'NodePort' || type === 'LoadBalancer'))
    report.add(
      clusterIPs[0]!.at,
      `${fieldOf(clusterIPs[0]!.at)} "None" (headless) may not be set for ${type} services: a ${type} Service needs a cluster IP; remove clusterIP or make the Service type ClusterIP.`,
      core('ValidateService'),
    );
  if (type === 'ExternalName') checkExternalName(spec, report);
  checkPorts(spec, type, report);
  checkSessionAffinity(spec, report);
  const externalIPs = checkExternalIPs(spec, report);
  checkLoadBalancerFields(object, spec, type, report);
  checkTrafficPolicies(spec, type, externalIPs, report);
  checkTopologyAnnotations(object, report);
}

interface ClusterIP {
  value: string;
  at: string;
}

/**
 * ValidateServiceClusterIPsRelatedFields, after normalizeClusterIPs, and the ipFamilyPolicy check of initIPFamilyFields.
 * Returns the cluster IPs with the pointer where each was written ([] when they are not strings: a schema matter).
 */
function checkClusterIPs(spec: Obj, type: string, report: Report): ClusterIP[] {
  const clusterIP = spec.clusterIP === undefined || spec.clusterIP === null ? '' : asStr(spec.clusterIP);
  const listed = asArr(spec.clusterIPs);
  if (clusterIP === undefined || !listed.every((v) => typeof v === 'string')) return [];
  const ips: ClusterIP[] = listed.length
    ? (listed as string[]).map((value, i) => ({ value, at: ptr('/spec/clusterIPs', i) }))
    : clusterIP
      ? [{ value: clusterIP, at: '/spec/clusterIP' }]
      : [];
  const families = asArr(spec.ipFamilies);
  const policy = spec.ipFamilyPolicy;
  if (type === 'ExternalName') {
    // ValidateService: an ExternalName Service has no cluster IP, no families and no policy.
    if (ips.length) {
      const at = listed.length ? '/spec/clusterIPs' : '/spec/clusterIP';
      report.add(
        at,
        `${fieldOf(at)} may not be set for ExternalName services: an ExternalName Service is a DNS alias (CNAME) without a cluster IP; remove ${fieldOf(at)}.`,
        core('ValidateService'),
      );
    }
    if (families.length)
      report.add(
        '/spec/ipFamilies',
        'spec.ipFamilies may not be set for ExternalName services; remove it.',
        core('ValidateService'),
      );
    if (policy !== undefined && policy !== null)
      report.add(
        '/spec/ipFamilyPolicy',
        'spec.ipFamilyPolicy may not be set for ExternalName services; remove it.',
        core('ValidateService'),
      );
    return ips;
  }
  const source = core('ValidateServiceClusterIPsRelatedFields');
  const before = report.violations.length;
  if (clusterIP && listed.length && listed[0] !== clusterIP)
    report.add(
      '/spec/clusterIPs',
      `spec.clusterIPs ${quote(listed)} does not start with spec.clusterIP ${quote(clusterIP)}: the first value must match clusterIP; write the same address in both, or set only one of them.`,
      source,
    );
  const seen = new Map<string, number>();
  families.forEach((family, i) => {
    if (typeof family !== 'string') return;
    const at = ptr('/spec/ipFamilies', i);
    if (!IP_FAMILIES.includes(family)) report.add(at, `${fieldOf(at)} ${unsupported(family, IP_FAMILIES)}`, source);
    const first = seen.get(family);
    if (first !== undefined)
      report.add(
        at,
        `${fieldOf(at)} ${quote(family)} repeats spec.ipFamilies[${first}]: list each IP family at most once (a dual-stack Service lists IPv4 and IPv6); remove it.`,
        source,
      );
    else seen.set(family, i);
  });
  if (typeof policy === 'string' && !IP_FAMILY_POLICIES.includes(policy))
    report.add('/spec/ipFamilyPolicy', `spec.ipFamilyPolicy ${unsupported(policy, IP_FAMILY_POLICIES)}`, source);
  const parsed: (number[] | undefined)[] = [];
  let invalid = false;
  ips.forEach((ip, i) => {
    if (i === 0 && ip.value === 'None') {
      if (ips.length > 1) {
        invalid = true;
        report.add(
          '/spec/clusterIPs',
          `spec.clusterIPs ${quote(listed)}: "None" (headless) must be the first and only value; remove the other addresses or the "None".`,
          source,
        );
      }
      return;
    }
    const bytes = parseIP(ip.value);
    parsed[i] = bytes;
    if (!bytes) {
      invalid = true;
      report.add(
        ip.at,
        `${fieldOf(ip.at)} ${quote(ip.value)} is not a valid IP address (${IP_EXAMPLE}): write an address from the cluster's service range, "None" for a headless Service, or leave it out to have one allocated.`,
        source,
      );
    }
  });
  if (ips.length > 2) {
    invalid = true;
    report.add(
      '/spec/clusterIPs',
      `spec.clusterIPs holds ${ips.length} values: it may hold at most 2 (one IPv4 and one IPv6 address); remove the extra ones.`,
      source,
    );
  }
  if (invalid) return ips;
  const [a, b] = [parsed[0], parsed[1]];
  if (a && b && familyOf(a) === familyOf(b))
    report.add(
      '/spec/clusterIPs',
      `spec.clusterIPs ${quote(listed)} holds two ${familyOf(a)} addresses: it may hold no more than one IP for each IP family; remove one.`,
      source,
    );
  parsed.forEach((bytes, i) => {
    const family = families[i];
    if (!bytes || typeof family !== 'string' || !IP_FAMILIES.includes(family) || family === familyOf(bytes)) return;
    report.add(
      ips[i]!.at,
      `${fieldOf(ips[i]!.at)} ${quote(ips[i]!.value)} is an ${familyOf(bytes)} address, but spec.ipFamilies[${i}] is ${family}: the address must be of the family listed at the same position; fix the address or the order of ipFamilies.`,
      source,
    );
  });
  // alloc.go initIPFamilyFields (create): an explicit SingleStack policy with two addresses or two families.
  // An omitted policy is left alone: the server picks it (SingleStack, RequireDualStack for headless without selector).
  if (policy === 'SingleStack' && report.violations.length === before && (ips.length === 2 || families.length === 2))
    report.add(
      '/spec/ipFamilyPolicy',
      `spec.ipFamilyPolicy is "SingleStack", but spec.${ips.length === 2 ? 'clusterIPs holds two addresses' : 'ipFamilies lists two families'}: it must be 'RequireDualStack' or 'PreferDualStack' for a dual-stack Service; change the policy or keep one ${ips.length === 2 ? 'address' : 'family'}.`,
      `${ALLOC} (initIPFamilyFields)`,
    );
  return ips;
}

/** ValidateService, type ExternalName: spec.externalName is required and a DNS subdomain (one trailing dot allowed). */
function checkExternalName(spec: Obj, report: Report): void {
  const raw = spec.externalName === undefined || spec.externalName === null ? '' : asStr(spec.externalName);
  if (raw === undefined) return;
  const name = raw.replace(/\.$/, '');
  if (name === '') {
    report.add(
      '/spec/externalName',
      'spec.externalName is missing: an ExternalName Service needs the DNS name it points to; add it (e.g. db.example.com).',
      core('ValidateService'),
    );
    return;
  }
  const extra = formatProblem(name, DNS1123_SUBDOMAIN);
  if (extra === undefined) return;
  const fix = suggestName(name, DNS1123_SUBDOMAIN);
  report.add(
    '/spec/externalName',
    `spec.externalName ${quote(raw)} is not a valid DNS name: it must be a ${DNS1123_SUBDOMAIN.plural.replace(/s$/, '')} (${DNS1123_SUBDOMAIN.rule}), with an optional trailing '.'${extra}; ${fix ? `write it as "${fix}"` : 'fix it'}.`,
    core('ValidateService'),
  );
}

/** ValidateService and validateServicePort: nodePort by type, protocol, appProtocol; alloc.go initNodePorts: port range. */
function checkPorts(spec: Obj, type: string, report: Report): void {
  asArr(spec.ports).forEach((entry, i) => {
    const port = asObj(entry);
    if (!port) return;
    const at = ptr('/spec/ports', i);
    const nodePort = port.nodePort;
    if (typeof nodePort === 'number' && nodePort !== 0) {
      if (type === 'ClusterIP')
        report.add(
          ptr(at, 'nodePort'),
          `${fieldOf(ptr(at, 'nodePort'))} may not be used when type is ClusterIP: only NodePort and LoadBalancer Services open node ports; remove nodePort or make the Service type NodePort.`,
          core('ValidateService'),
        );
      else if ((type === 'NodePort' || type === 'LoadBalancer') && (nodePort < 0 || nodePort > 65535))
        report.add(
          ptr(at, 'nodePort'),
          `${fieldOf(ptr(at, 'nodePort'))} ${nodePort} is not in the node port range (30000-32767 unless the cluster sets --service-node-port-range); pick a port in that range or leave nodePort out to have one allocated.`,
          `${ALLOC} (initNodePorts)`,
        );
    }
    const protocol = port.protocol;
    if (typeof protocol === 'string' && protocol !== '' && !PROTOCOLS.includes(protocol))
      report.add(
        ptr(at, 'protocol'),
        `${fieldOf(ptr(at, 'protocol'))} ${unsupported(protocol, PROTOCOLS)}`,
        core('validateServicePort'),
      );
    const appProtocol = port.appProtocol;
    if (typeof appProtocol === 'string') {
      const problem = qualifiedNameProblem(appProtocol);
      if (problem)
        report.add(
          ptr(at, 'appProtocol'),
          `${fieldOf(ptr(at, 'appProtocol'))} ${quote(appProtocol)} is not a valid application protocol: it must be a qualified name (${QUALIFIED_NAME_RULE}), but ${problem}; use e.g. "http", "kubernetes.io/h2c" or "example.com/custom".`,
          core('validateServicePort'),
        );
    }
  });
}

/** ValidateService and validateClientIPAffinityConfig (validateAffinityTimeout). */
function checkSessionAffinity(spec: Obj, report: Report): void {
  const affinity = asStr(spec.sessionAffinity);
  if (affinity === undefined || affinity === '') return;
  if (affinity !== 'ClientIP' && affinity !== 'None') {
    report.add(
      '/spec/sessionAffinity',
      `spec.sessionAffinity ${unsupported(affinity, ['ClientIP', 'None'])}`,
      core('ValidateService'),
    );
    return;
  }
  // With None the defaults drop sessionAffinityConfig; with ClientIP they fill a missing timeout with 10800.
  if (affinity !== 'ClientIP') return;
  const timeout = asObj(asObj(spec.sessionAffinityConfig)?.clientIP)?.timeoutSeconds;
  const at = '/spec/sessionAffinityConfig/clientIP/timeoutSeconds';
  if (typeof timeout === 'number' && (timeout <= 0 || timeout > MAX_AFFINITY_SECONDS))
    report.add(
      at,
      `${fieldOf(at)} is ${timeout}: it must be greater than 0 and at most ${MAX_AFFINITY_SECONDS} (one day); pick a value in that range, or leave it out for the default 10800 (3 hours).`,
      core('validateClientIPAffinityConfig'),
    );
}

/** ValidateService: each external IP is an IP address (IsValidIP) and not a special one (ValidateNonSpecialIP). */
function checkExternalIPs(spec: Obj, report: Report): number {
  const ips = asArr(spec.externalIPs);
  ips.forEach((ip, i) => {
    if (typeof ip !== 'string') return;
    const at = ptr('/spec/externalIPs', i);
    const bytes = parseIP(ip);
    const special = bytes && specialIP(bytes);
    if (!bytes)
      report.add(
        at,
        `${fieldOf(at)} ${quote(ip)} is not a valid IP address (${IP_EXAMPLE}); write a plain address, without a prefix length or port.`,
        core('ValidateService'),
      );
    else if (special)
      report.add(
        at,
        `${fieldOf(at)} ${quote(ip)} may not be used as an external IP: ${special}; use an address that routes to the nodes.`,
        core('ValidateNonSpecialIP'),
      );
  });
  return ips.length;
}

/** ValidateService (loadBalancerSourceRanges, its annotation, allocateLoadBalancerNodePorts), validateLoadBalancerClassField. */
function checkLoadBalancerFields(object: Obj, spec: Obj, type: string, report: Report): void {
  const lb = type === 'LoadBalancer';
  const ranges = asArr(spec.loadBalancerSourceRanges);
  const cidr = (value: string, at: string): void => {
    if (!parseCidr(value.trim()))
      report.add(
        at,
        `${fieldOf(at)} ${quote(value)} is not a valid CIDR (${CIDR_EXAMPLE}): write an address and a prefix length; fix it.`,
        core('ValidateService'),
      );
  };
  const annotations = asObj(asObj(object.metadata)?.annotations);
  const annotation = annotations?.[SOURCE_RANGES_ANNOTATION];
  if (ranges.length) {
    if (!lb)
      report.add(
        '/spec/loadBalancerSourceRanges',
        'spec.loadBalancerSourceRanges may only be used when type is LoadBalancer (the server names it spec.LoadBalancerSourceRanges); remove it or make the Service type LoadBalancer.',
        core('ValidateService'),
      );
    ranges.forEach((value, i) => {
      if (typeof value === 'string') cidr(value, ptr('/spec/loadBalancerSourceRanges', i));
    });
  } else if (typeof annotation === 'string') {
    // The field wins over the annotation; the annotation is checked only when the field is empty.
    const at = ptr('/metadata/annotations', SOURCE_RANGES_ANNOTATION);
    if (!lb)
      report.add(
        at,
        `${fieldOf(at)} may only be used when type is LoadBalancer; remove the annotation or make the Service type LoadBalancer.`,
        core('ValidateService'),
      );
    if (annotation.trim() !== '') for (const value of annotation.split(',')) cidr(value.trim(), at);
  }
  if (typeof spec.allocateLoadBalancerNodePorts === 'boolean' && !lb)
    report.add(
      '/spec/allocateLoadBalancerNodePorts',
      'spec.allocateLoadBalancerNodePorts may only be used when type is LoadBalancer; remove it.',
      core('ValidateService'),
    );
  const lbClass = spec.loadBalancerClass;
  if (typeof lbClass !== 'string') return;
  const problem = qualifiedNameProblem(lbClass);
  if (!lb)
    report.add(
      '/spec/loadBalancerClass',
      'spec.loadBalancerClass may only be used when type is LoadBalancer; remove it or make the Service type LoadBalancer.',
      core('validateLoadBalancerClassField'),
    );
  else if (problem)
    report.add(
      '/spec/loadBalancerClass',
      `spec.loadBalancerClass ${quote(lbClass)} is not a valid class name: it must be a qualified name (${QUALIFIED_NAME_RULE}), but ${problem}; use e.g. "example.com/internal-vip".`,
      core('validateLoadBalancerClassField'),
    );
}

/**
 * validateServiceExternalTrafficPolicy (with apiservice.ExternallyAccessible and NeedsHealthCheck),
 * validateServiceInternalTrafficFieldsValue and validateServiceTrafficDistribution.
 */
function checkTrafficPolicies(spec: Obj, type: string, externalIPs: number, report: Report): void {
  // pkg/api/service/util.go ExternallyAccessible: LoadBalancer, NodePort, or ClusterIP with externalIPs.
  const accessible = type === 'LoadBalancer' || type === 'NodePort' || (type === 'ClusterIP' && externalIPs > 0);
  const etp = asStr(spec.externalTrafficPolicy) ?? '';
  if (etp !== '' && !accessible)
    report.add(
      '/spec/externalTrafficPolicy',
      `spec.externalTrafficPolicy ${quote(etp)} may only be set for externally-accessible services (type NodePort or LoadBalancer, or ClusterIP with externalIPs); remove it.`,
      core('validateServiceExternalTrafficPolicy'),
    );
  else if (etp !== '' && etp !== 'Cluster' && etp !== 'Local')
    report.add(
      '/spec/externalTrafficPolicy',
      `spec.externalTrafficPolicy ${unsupported(etp, ['Cluster', 'Local'])}`,
      core('validateServiceExternalTrafficPolicy'),
    );
  // NeedsHealthCheck: LoadBalancer with externalTrafficPolicy Local; the port is then allocated when left out.
  const hc = spec.healthCheckNodePort;
  if (typeof hc === 'number' && hc !== 0) {
    if (!(type === 'LoadBalancer' && etp === 'Local'))
      report.add(
        '/spec/healthCheckNodePort',
        'spec.healthCheckNodePort may only be set when type is LoadBalancer and externalTrafficPolicy is Local; remove it.',
        core('validateServiceExternalTrafficPolicy'),
      );
    else if (!Number.isInteger(hc) || hc < 1 || hc > 65535)
      report.add(
        '/spec/healthCheckNodePort',
        `spec.healthCheckNodePort ${hc} is not a valid port number: it must be between 1 and 65535 (and in the node port range); fix it or leave it out to have one allocated.`,
        core('validateServiceExternalTrafficPolicy'),
      );
  }
  const itp = spec.internalTrafficPolicy;
  if (typeof itp === 'string' && itp !== 'Cluster' && itp !== 'Local')
    report.add(
      '/spec/internalTrafficPolicy',
      `spec.internalTrafficPolicy ${unsupported(itp, ['Cluster', 'Local'])}`,
      core('validateServiceInternalTrafficFieldsValue'),
    );
  const distribution = spec.trafficDistribution;
  if (typeof distribution === 'string' && distribution !== 'PreferClose')
    report.add(
      '/spec/trafficDistribution',
      `spec.trafficDistribution ${unsupported(distribution, ['PreferClose'])}`,
      core('validateServiceTrafficDistribution'),
    );
}

/** ValidateService: the topology-mode annotation must agree with the deprecated topology-aware-hints one. */
function checkTopologyAnnotations(object: Obj, report: Report): void {
  const annotations = asObj(asObj(object.metadata)?.annotations);
  const mode = annotations?.[TOPOLOGY_MODE];
  const hints = annotations?.[TOPOLOGY_HINTS];
  if (typeof mode !== 'string' || typeof hints !== 'string' || mode === hints) return;
  const at = ptr('/metadata/annotations', TOPOLOGY_MODE);
  report.add(
    at,
    `${fieldOf(at)} ${quote(mode)} must match annotations[${TOPOLOGY_HINTS}] ${quote(hints)} when both are set; keep only ${TOPOLOGY_MODE}.`,
    core('ValidateService'),
  );
}
