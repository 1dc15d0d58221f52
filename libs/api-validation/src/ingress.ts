/**
 * Ingress and IngressClass (networking.k8s.io/v1; pkg/apis/networking/validation/validation.go ValidateIngressCreate,
 * ValidateIngressSpec, validateIngressRules, validateHTTPIngressRuleValue, validateHTTPIngressPath,
 * validateIngressBackend, validateIngressTypedLocalObjectReference, validateIngressTLS, validateIngressClassSpec,
 * validateIngressClassParametersReference). As of kube-apiserver 1.32 with default feature gates: backend Service
 * names are DNS-1035 labels (RelaxedServiceNameValidation, which relaxes them to DNS-1123 labels, arrived in 1.34).
 */
import {
  DNS1035_LABEL,
  DNS1123_LABEL,
  DNS1123_SUBDOMAIN,
  PATH_SEGMENT,
  PORT_NAME_RULE,
  formatProblem,
  isPortNumber,
  portNameProblems,
} from './formats.js';
import { parseCidr } from './network-policy.js';
import { SRC, asArr, asObj, asStr, fieldOf, ptr, quote, type Obj, type Report } from './report.js';

const src = (fn: string, detail?: string): string => `${SRC.networking} (${fn}${detail ? `: ${detail}` : ''})`;
const missing = (v: unknown): boolean => v === undefined || v === null || v === '';

const WILDCARD_RULE =
  "'*.' followed by a lowercase RFC 1123 subdomain, at most 253 characters in all: the '*' may only be the whole first label, as in \"*.example.com\"";
const WILDCARD_RE = new RegExp(`^\\*\\.${DNS1123_SUBDOMAIN.re.source.slice(1)}`);

/** A host of a rule or of a TLS entry: with a '*' IsWildcardDNS1123Subdomain, else IsDNS1123Subdomain. */
function checkHost(host: string, at: string, report: Report, source: string): void {
  if (host.includes('*')) {
    if (host.length > 253 || !WILDCARD_RE.test(host))
      report.add(
        at,
        `${fieldOf(at)} ${quote(host)} is not a valid wildcard host: it must be ${WILDCARD_RULE}${host.length > 253 ? `, and this one is ${host.length} characters long` : ''}; fix the host (hosts are lower-case, without scheme, port or path).`,
        source,
      );
    return;
  }
  const extra = formatProblem(host, DNS1123_SUBDOMAIN);
  if (extra !== undefined)
    report.add(
      at,
      `${fieldOf(at)} ${quote(host)} is not a valid host: hosts must be ${DNS1123_SUBDOMAIN.plural} (${DNS1123_SUBDOMAIN.rule})${extra}; write the bare host name in lower case, without scheme, port or path.`,
      source,
    );
}

/** netutils.ParseIPSloppy: an IPv4 (leading zeros allowed) or IPv6 address. */
const isIPAddress = (host: string): boolean => !host.includes('/') && parseCidr(`${host}/0`) !== undefined;

/** A name that must be a lowercase RFC 1123 subdomain (NameIsDNSSubdomain / IsDNS1123Subdomain). */
function checkSubdomain(value: string, at: string, what: string, action: string, report: Report, source: string): void {
  const extra = formatProblem(value, DNS1123_SUBDOMAIN);
  if (extra !== undefined)
    report.add(
      at,
      `${fieldOf(at)} ${quote(value)} is not a valid ${what}: it must be a lowercase RFC 1123 subdomain (${DNS1123_SUBDOMAIN.rule})${extra}; ${action}.`,
      source,
    );
}

/** apiGroup, kind and name of a backend resource or IngressClass parameters. */
function checkObjectReference(ref: Obj, at: string, report: Report, source: string): void {
  const apiGroup = asStr(ref.apiGroup);
  if (apiGroup !== undefined)
    checkSubdomain(
      apiGroup,
      ptr(at, 'apiGroup'),
      'API group',
      apiGroup === ''
        ? 'for the core group leave apiGroup out instead of setting it to ""'
        : 'use the group of the referenced kind, e.g. "k8s.example.com"',
      report,
      source,
    );
  for (const key of ['kind', 'name'] as const) {
    const value = ref[key];
    const kat = ptr(at, key);
    if (missing(value))
      report.add(kat, `${fieldOf(kat)} is required; set the ${key} of the referenced object.`, source);
    else if (typeof value === 'string' && formatProblem(value, PATH_SEGMENT) !== undefined)
      report.add(
        kat,
        `${fieldOf(kat)} ${quote(value)} is not a valid ${key}: it must be ${PATH_SEGMENT.rule}; fix the ${key}.`,
        source,
      );
  }
}

/** validateIngressBackend: exactly one of service and resource; a service needs a name and one of port name or number. */
function checkBackend(backend: Obj, at: string, report: Report): void {
  const source = src('validateIngressBackend');
  const service = asObj(backend.service);
  const resource = asObj(backend.resource);
  if (service && resource) {
    report.add(
      at,
      `${fieldOf(at)} sets both service and resource; a backend is one or the other, so remove one of them.`,
      source,
    );
    return;
  }
  if (resource) {
    checkObjectReference(resource, ptr(at, 'resource'), report, src('validateIngressTypedLocalObjectReference'));
    return;
  }
  if (!service) {
    report.add(
      at,
      `${fieldOf(at)} has neither service nor resource; a backend needs one, e.g. service: {name: my-svc, port: {number: 80}}.`,
      source,
    );
    return;
  }
  const sat = ptr(at, 'service');
  const name = service.name;
  if (missing(name))
    report.add(
      ptr(sat, 'name'),
      `${fieldOf(ptr(sat, 'name'))} is required; set the name of the Service in the Ingress's namespace.`,
      source,
    );
  else if (typeof name === 'string') {
    const extra = formatProblem(name, DNS1035_LABEL);
    if (extra !== undefined)
      report.add(
        ptr(sat, 'name'),
        `${fieldOf(ptr(sat, 'name'))} ${quote(name)} is not a valid Service name: Service names must be ${DNS1035_LABEL.plural} (${DNS1035_LABEL.rule})${extra}; use the name of the Service (metadata.name), not a host name.`,
        src('validateIngressBackend', 'ValidateServiceName = NameIsDNS1035Label'),
      );
  }
  const pat = ptr(sat, 'port');
  const port = asObj(service.port) ?? {};
  const portName = asStr(port.name) ?? '';
  const number = port.number;
  const hasNumber = typeof number === 'number' && number !== 0;
  if (portName !== '' && hasNumber)
    report.add(
      pat,
      `${fieldOf(pat)} sets both name ${quote(portName)} and number ${number}; a Service port is referenced by one of them, so remove the other.`,
      source,
    );
  else if (portName !== '') {
    const problems = portNameProblems(portName);
    if (problems.length)
      report.add(
        ptr(pat, 'name'),
        `${fieldOf(ptr(pat, 'name'))} ${quote(portName)} is not a valid port name: it must be ${PORT_NAME_RULE}, but ${problems.join(', ')}; use the Service port's name or its number.`,
        source,
      );
  } else if (hasNumber) {
    if (!isPortNumber(number))
      report.add(
        ptr(pat, 'number'),
        `${fieldOf(ptr(pat, 'number'))} ${number} is not a valid port number: ports must be between 1 and 65535; use the Service's port.`,
        source,
      );
  } else
    report.add(
      pat,
      `${fieldOf(pat)} needs a name or a number; set port.number (e.g. 80) or port.name of the Service port.`,
      source,
    );
}

const BAD_SEQUENCES = ['//', '/./', '/../', '%2f', '%2F'];
const BAD_SUFFIXES = ['/..', '/.'];

/** validateHTTPIngressPath: pathType required (no default in v1); path rules by pathType; then the backend. */
function checkPath(entry: Obj, at: string, report: Report): void {
  const source = src('validateHTTPIngressPath');
  const pathType = entry.pathType;
  if (pathType === undefined || pathType === null) {
    // The server stops here: the backend of a path without pathType is not checked.
    report.add(
      ptr(at, 'pathType'),
      `${fieldOf(ptr(at, 'pathType'))} is required in networking.k8s.io/v1; set it to Prefix, Exact or ImplementationSpecific.`,
      source,
    );
    return;
  }
  const path = asStr(entry.path) ?? '';
  const pat = ptr(at, 'path');
  if (pathType === 'Exact' || pathType === 'Prefix') {
    const problems: string[] = [];
    if (!path.startsWith('/')) problems.push("it must be an absolute path (start with '/')");
    if (path !== '') {
      for (const seq of BAD_SEQUENCES) if (path.includes(seq)) problems.push(`it must not contain '${seq}'`);
      for (const suffix of BAD_SUFFIXES) if (path.endsWith(suffix)) problems.push(`it must not end with '${suffix}'`);
    }
    if (problems.length)
      report.add(
        pat,
        `${fieldOf(pat)} ${quote(path)} is not valid for pathType ${pathType}: ${problems.join(', ')}; write a normalized absolute path such as "/api", or use pathType ImplementationSpecific.`,
        source,
      );
  } else if (pathType === 'ImplementationSpecific') {
    if (path !== '' && !path.startsWith('/'))
      report.add(
        pat,
        `${fieldOf(pat)} ${quote(path)} is not an absolute path: with pathType ImplementationSpecific the path must be empty or start with '/'; add the leading '/'.`,
        source,
      );
  } else {
    report.add(
      ptr(at, 'pathType'),
      `${fieldOf(ptr(at, 'pathType'))} ${quote(pathType)} is not supported; use Exact, ImplementationSpecific or Prefix (case matters).`,
      source,
    );
  }
  checkBackend(asObj(entry.backend) ?? {}, ptr(at, 'backend'), report);
}

const ANNOTATION_INGRESS_CLASS = 'kubernetes.io/ingress.class';

export function checkIngress(object: Obj, report: Report): void {
  const spec = asObj(object.spec) ?? {};
  const rules = asArr(spec.rules);
  const defaultBackend = asObj(spec.defaultBackend);
  if (rules.length === 0 && !defaultBackend)
    report.add(
      '/spec',
      'spec has neither rules nor defaultBackend; an Ingress needs at least one of them, so add spec.rules or spec.defaultBackend.',
      src('ValidateIngressSpec'),
    );
  if (defaultBackend) checkBackend(defaultBackend, '/spec/defaultBackend', report);

  rules.forEach((entry, i) => {
    const rule = asObj(entry);
    if (!rule) return;
    const at = ptr('/spec/rules', i);
    const host = asStr(rule.host);
    if (host) {
      if (isIPAddress(host))
        report.add(
          ptr(at, 'host'),
          `${fieldOf(ptr(at, 'host'))} ${quote(host)} is an IP address; a rule's host must be a DNS name, so use a host name or leave host out to match every host.`,
          src('validateIngressRules'),
        );
      else checkHost(host, ptr(at, 'host'), report, src('validateIngressRules'));
    }
    const http = asObj(rule.http);
    if (!http) return;
    const paths = asArr(http.paths);
    if (paths.length === 0)
      report.add(
        ptr(at, 'http', 'paths'),
        `${fieldOf(ptr(at, 'http', 'paths'))} is required: an http rule needs at least one path; add a path or remove http.`,
        src('validateHTTPIngressRuleValue'),
      );
    paths.forEach((p, j) => {
      const path = asObj(p);
      if (path) checkPath(path, ptr(at, 'http', 'paths', j), report);
    });
  });

  asArr(spec.tls).forEach((entry, i) => {
    const tls = asObj(entry);
    if (!tls) return;
    const at = ptr('/spec/tls', i);
    asArr(tls.hosts).forEach((h, j) => {
      if (typeof h === 'string') checkHost(h, ptr(at, 'hosts', j), report, src('validateIngressTLS'));
    });
    const secretName = asStr(tls.secretName);
    if (secretName)
      checkSubdomain(
        secretName,
        ptr(at, 'secretName'),
        'Secret name',
        "use the name of the TLS Secret in the Ingress's namespace",
        report,
        src('validateIngressTLS', 'ValidateSecretName'),
      );
  });

  const className = asStr(spec.ingressClassName);
  if (className !== undefined)
    checkSubdomain(
      className,
      '/spec/ingressClassName',
      'IngressClass name',
      className === ''
        ? 'leave ingressClassName out (or null) to use the default IngressClass'
        : 'use the metadata.name of an IngressClass',
      report,
      src('ValidateIngressSpec', 'ValidateIngressClassName'),
    );

  // Refused on create only (an existing Ingress may be updated to this state); equal values are accepted since 1.27.
  const annotation = asStr(asObj(asObj(object.metadata)?.annotations)?.[ANNOTATION_INGRESS_CLASS]);
  if (annotation !== undefined && className !== undefined && annotation !== className) {
    const at = ptr('/metadata/annotations', ANNOTATION_INGRESS_CLASS);
    report.add(
      at,
      `${fieldOf(at)} ${quote(annotation)} differs from spec.ingressClassName ${quote(className)}; when both are set they must match (on create), so remove the deprecated annotation.`,
      src('ValidateIngressCreate'),
    );
  }
}

const SCOPES = ['Cluster', 'Namespace'];

export function checkIngressClass(object: Obj, report: Report): void {
  const spec = asObj(object.spec) ?? {};
  const source = src('validateIngressClassSpec');
  const controller = asStr(spec.controller) ?? '';
  if (controller === '')
    report.add(
      '/spec/controller',
      'spec.controller is required; set the name of the controller that implements this class, e.g. "k8s.io/ingress-nginx".',
      source,
    );
  else {
    if (controller.length > 250)
      report.add(
        '/spec/controller',
        `spec.controller is ${controller.length} characters long; it may have at most 250, so shorten it.`,
        source,
      );
    // IsDomainPrefixedPath: "<DNS subdomain>/<non-empty HTTP path>".
    const slash = controller.indexOf('/');
    const domain = slash < 0 ? '' : controller.slice(0, slash);
    const rest = slash < 0 ? '' : controller.slice(slash + 1);
    if (domain === '' || rest === '')
      report.add(
        '/spec/controller',
        `spec.controller ${quote(controller)} is not a domain-prefixed path; write it as <domain>/<path>, e.g. "example.com/ingress-controller".`,
        src('validateIngressClassSpec', 'IsDomainPrefixedPath'),
      );
    else {
      if (formatProblem(domain, DNS1123_SUBDOMAIN) !== undefined)
        report.add(
          '/spec/controller',
          `spec.controller ${quote(controller)} has domain ${quote(domain)}, which is not a lowercase RFC 1123 subdomain (${DNS1123_SUBDOMAIN.rule}); use a lower-case domain before the first '/'.`,
          src('validateIngressClassSpec', 'IsDomainPrefixedPath'),
        );
      if (!/^[A-Za-z0-9/\-._~%!$&'()*+,;=:]+$/.test(rest))
        report.add(
          '/spec/controller',
          `spec.controller ${quote(controller)} has path ${quote(rest)} with characters not allowed in an HTTP path; after the first '/' use only letters, digits and -._~%!$&'()*+,;=:/.`,
          src('validateIngressClassSpec', 'IsDomainPrefixedPath'),
        );
    }
  }

  const params = asObj(spec.parameters);
  if (!params) return;
  const at = '/spec/parameters';
  const psource = src('validateIngressClassParametersReference');
  checkObjectReference(params, at, report, psource);
  // SetDefaults_IngressClass: a missing scope becomes Cluster before validation.
  const scope = params.scope === undefined || params.scope === null ? 'Cluster' : params.scope;
  const namespace = params.namespace;
  const nat = ptr(at, 'namespace');
  if (!SCOPES.includes(scope as string))
    report.add(
      ptr(at, 'scope'),
      `${fieldOf(ptr(at, 'scope'))} ${quote(scope)} is not supported; use Cluster or Namespace.`,
      psource,
    );
  else if (scope === 'Namespace') {
    if (namespace === undefined || namespace === null)
      report.add(
        nat,
        `${fieldOf(nat)} is required because parameters.scope is Namespace; set the namespace of the parameters object.`,
        psource,
      );
    else if (typeof namespace === 'string' && formatProblem(namespace, DNS1123_LABEL) !== undefined)
      report.add(
        nat,
        `${fieldOf(nat)} ${quote(namespace)} is not a valid namespace name: namespace names must be ${DNS1123_LABEL.plural} (${DNS1123_LABEL.rule})${formatProblem(namespace, DNS1123_LABEL)}; use the name of an existing namespace.`,
        src('validateIngressClassParametersReference', 'ValidateNamespaceName'),
      );
  } else if (namespace !== undefined && namespace !== null)
    report.add(
      nat,
      `${fieldOf(nat)} is set, but parameters.scope is Cluster${params.scope === undefined || params.scope === null ? ' (the default)' : ''}; set scope: Namespace for namespaced parameters, or remove namespace.`,
      psource,
    );
}
