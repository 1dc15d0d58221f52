import { describe, expect, it } from 'vitest';
import { checkIngress, checkIngressClass } from '../src/ingress.js';
import { Report, type Obj } from '../src/report.js';

const SUB =
  "lowercase RFC 1123 subdomain (at most 253 characters: lower-case letters, digits, '-' and '.', starting and ending with a letter or digit)";

const run = (check: (o: Obj, r: Report) => void, object: Obj) => {
  const report = new Report();
  check(object, report);
  return report.violations.map(({ path, message }) => ({ path, message }));
};
const hints = (check: (o: Obj, r: Report) => void, object: Obj) => {
  const report = new Report();
  check(object, report);
  return report.violations.map((v) => v.hint);
};

const svc = (name = 'web', port: Obj = { number: 80 }): Obj => ({ service: { name, port } });
const path = (extra: Obj = {}): Obj => ({ path: '/', pathType: 'Prefix', backend: svc(), ...extra });
const ingress = (spec: Obj, metadata: Obj = {}): Obj => ({
  apiVersion: 'networking.k8s.io/v1',
  kind: 'Ingress',
  metadata: { name: 'web', namespace: 'llm', ...metadata },
  spec,
});
/** One rule with one path. */
const withPath = (p: Obj, host = 'example.com'): Obj => ingress({ rules: [{ host, http: { paths: [p] } }] });
const ing = (o: Obj) => run(checkIngress, o);
const P0 = '/spec/rules/0/http/paths/0';
const F0 = 'spec.rules[0].http.paths[0]';

const ingressClass = (spec: Obj): Obj => ({
  apiVersion: 'networking.k8s.io/v1',
  kind: 'IngressClass',
  metadata: { name: 'nginx' },
  spec,
});
const cls = (spec: Obj) => run(checkIngressClass, ingressClass(spec));
const withParams = (parameters: Obj) => cls({ controller: 'k8s.io/ingress-nginx', parameters });

describe('valid objects', () => {
  it('accepts a typical Ingress: host, TLS, Prefix and Exact paths, service backends by number and by name', () => {
    const object = ingress(
      {
        ingressClassName: 'nginx',
        tls: [{ hosts: ['llm.example.com', '*.example.com'], secretName: 'llm-tls' }],
        rules: [
          {
            host: 'llm.example.com',
            http: {
              paths: [
                { path: '/v1', pathType: 'Prefix', backend: svc('vllm', { number: 8000 }) },
                { path: '/healthz', pathType: 'Exact', backend: svc('vllm', { name: 'http' }) },
                { path: '/.well-known/acme-challenge', pathType: 'Prefix', backend: svc('acme', { number: 8089 }) },
              ],
            },
          },
          { host: '*.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: svc() }] } },
        ],
      },
      { annotations: { 'kubernetes.io/ingress.class': 'nginx' } },
    );
    expect(ing(object)).toEqual([]);
  });

  it('accepts a typical IngressClass', () => {
    expect(
      cls({
        controller: 'k8s.io/ingress-nginx',
        parameters: { apiGroup: 'k8s.example.com', kind: 'IngressParameters', name: 'external-lb' },
      }),
    ).toEqual([]);
    expect(
      cls({
        controller: 'example.com/ingress-controller',
        parameters: { kind: 'ConfigMap', name: 'params', scope: 'Namespace', namespace: 'ingress' },
      }),
    ).toEqual([]);
  });

  it('names the Go function in every hint', () => {
    expect(hints(checkIngress, ingress({}))).toEqual([
      'kube-apiserver: pkg/apis/networking/validation/validation.go (ValidateIngressSpec)',
    ]);
    expect(hints(checkIngress, withPath(path({ backend: svc('1web') })))).toEqual([
      'kube-apiserver: pkg/apis/networking/validation/validation.go (validateIngressBackend: ValidateServiceName = NameIsDNS1035Label)',
    ]);
  });
});

describe('Ingress spec (ValidateIngressSpec)', () => {
  it('refuses an Ingress with neither rules nor defaultBackend, accepts one with only a defaultBackend', () => {
    expect(ing(ingress({ rules: [] }))).toEqual([
      {
        path: '/spec',
        message:
          'spec has neither rules nor defaultBackend; an Ingress needs at least one of them, so add spec.rules or spec.defaultBackend.',
      },
    ]);
    expect(ing(ingress({ defaultBackend: svc() }))).toEqual([]);
  });

  it('refuses ingressClassName "" and "Nginx", accepts "nginx" and null', () => {
    expect(ing(ingress({ defaultBackend: svc(), ingressClassName: '' }))).toEqual([
      {
        path: '/spec/ingressClassName',
        message: `spec.ingressClassName "" is not a valid IngressClass name: it must be a ${SUB}; leave ingressClassName out (or null) to use the default IngressClass.`,
      },
    ]);
    expect(ing(ingress({ defaultBackend: svc(), ingressClassName: 'Nginx' }))).toEqual([
      {
        path: '/spec/ingressClassName',
        message: `spec.ingressClassName "Nginx" is not a valid IngressClass name: it must be a ${SUB}; use the metadata.name of an IngressClass.`,
      },
    ]);
    expect(ing(ingress({ defaultBackend: svc(), ingressClassName: 'nginx' }))).toEqual([]);
    expect(ing(ingress({ defaultBackend: svc(), ingressClassName: null }))).toEqual([]);
  });
});

describe('ingress class annotation (ValidateIngressCreate)', () => {
  it('refuses an annotation that differs from ingressClassName, accepts equal values or the annotation alone', () => {
    const spec = (ingressClassName?: string): Obj => ({ defaultBackend: svc(), ingressClassName });
    expect(ing(ingress(spec('nginx'), { annotations: { 'kubernetes.io/ingress.class': 'traefik' } }))).toEqual([
      {
        path: '/metadata/annotations/kubernetes.io~1ingress.class',
        message:
          'metadata.annotations[kubernetes.io/ingress.class] "traefik" differs from spec.ingressClassName "nginx"; when both are set they must match (on create), so remove the deprecated annotation.',
      },
    ]);
    expect(ing(ingress(spec('nginx'), { annotations: { 'kubernetes.io/ingress.class': 'nginx' } }))).toEqual([]);
    expect(ing(ingress(spec(), { annotations: { 'kubernetes.io/ingress.class': 'traefik' } }))).toEqual([]);
  });
});

describe('rule hosts (validateIngressRules)', () => {
  it('refuses an IP address, accepts a host name', () => {
    expect(ing(withPath(path(), '10.0.0.1'))).toEqual([
      {
        path: '/spec/rules/0/host',
        message:
          'spec.rules[0].host "10.0.0.1" is an IP address; a rule\'s host must be a DNS name, so use a host name or leave host out to match every host.',
      },
    ]);
    expect(ing(withPath(path(), '10.0.0.1.nip.io'))).toEqual([]);
  });

  it('refuses a host that is not a DNS subdomain, accepts a lower-case one and an empty host', () => {
    expect(ing(withPath(path(), 'https://Example.com'))).toEqual([
      {
        path: '/spec/rules/0/host',
        message: `spec.rules[0].host "https://Example.com" is not a valid host: hosts must be lowercase RFC 1123 subdomains (at most 253 characters: lower-case letters, digits, '-' and '.', starting and ending with a letter or digit); write the bare host name in lower case, without scheme, port or path.`,
      },
    ]);
    expect(ing(withPath(path(), 'example.com'))).toEqual([]);
    expect(ing(ingress({ rules: [{ http: { paths: [path()] } }] }))).toEqual([]);
  });

  it('refuses a wildcard that is not the whole first label, accepts *.example.com', () => {
    expect(ing(withPath(path(), 'foo.*.example.com'))).toEqual([
      {
        path: '/spec/rules/0/host',
        message: `spec.rules[0].host "foo.*.example.com" is not a valid wildcard host: it must be '*.' followed by a lowercase RFC 1123 subdomain, at most 253 characters in all: the '*' may only be the whole first label, as in "*.example.com"; fix the host (hosts are lower-case, without scheme, port or path).`,
      },
    ]);
    expect(ing(withPath(path(), '*.example.com'))).toEqual([]);
  });

  it('checks the paths of wildcard-host rules too', () => {
    expect(ing(withPath(path({ path: 'api' }), '*.example.com')).map((v) => v.path)).toEqual([`${P0}/path`]);
  });
});

describe('http rule values (validateHTTPIngressRuleValue)', () => {
  it('refuses http without paths, accepts a rule without http', () => {
    expect(ing(ingress({ rules: [{ host: 'example.com', http: {} }] }))).toEqual([
      {
        path: '/spec/rules/0/http/paths',
        message:
          'spec.rules[0].http.paths is required: an http rule needs at least one path; add a path or remove http.',
      },
    ]);
    expect(ing(ingress({ rules: [{ host: 'example.com' }] }))).toEqual([]);
  });
});

describe('paths (validateHTTPIngressPath)', () => {
  it('refuses a path without pathType (and checks nothing more), accepts one with it', () => {
    expect(ing(withPath({ path: '/', backend: {} }))).toEqual([
      {
        path: `${P0}/pathType`,
        message: `${F0}.pathType is required in networking.k8s.io/v1; set it to Prefix, Exact or ImplementationSpecific.`,
      },
    ]);
    expect(ing(withPath(path({ pathType: 'Exact' })))).toEqual([]);
  });

  it('refuses an unknown pathType, accepts ImplementationSpecific', () => {
    expect(ing(withPath(path({ pathType: 'prefix' })))).toEqual([
      {
        path: `${P0}/pathType`,
        message: `${F0}.pathType "prefix" is not supported; use Exact, ImplementationSpecific or Prefix (case matters).`,
      },
    ]);
    expect(ing(withPath(path({ pathType: 'ImplementationSpecific' })))).toEqual([]);
  });

  it('refuses a relative Prefix path, accepts an absolute one', () => {
    expect(ing(withPath(path({ path: 'api' })))).toEqual([
      {
        path: `${P0}/path`,
        message: `${F0}.path "api" is not valid for pathType Prefix: it must be an absolute path (start with '/'); write a normalized absolute path such as "/api", or use pathType ImplementationSpecific.`,
      },
    ]);
    expect(ing(withPath(path({ path: '/api' })))).toEqual([]);
  });

  it('refuses an empty Exact path', () => {
    expect(ing(withPath(path({ path: '', pathType: 'Exact' })))).toEqual([
      {
        path: `${P0}/path`,
        message: `${F0}.path "" is not valid for pathType Exact: it must be an absolute path (start with '/'); write a normalized absolute path such as "/api", or use pathType ImplementationSpecific.`,
      },
    ]);
  });

  it('refuses //, /./, /../, %2f and %2F in Exact and Prefix paths, accepts dots inside segments', () => {
    expect(ing(withPath(path({ path: '/api//v1/../x%2Fy' })))).toEqual([
      {
        path: `${P0}/path`,
        message: `${F0}.path "/api//v1/../x%2Fy" is not valid for pathType Prefix: it must not contain '//', it must not contain '/../', it must not contain '%2F'; write a normalized absolute path such as "/api", or use pathType ImplementationSpecific.`,
      },
    ]);
    expect(ing(withPath(path({ path: '/a/./b%2fc', pathType: 'Exact' }))).map((v) => v.message)).toEqual([
      `${F0}.path "/a/./b%2fc" is not valid for pathType Exact: it must not contain '/./', it must not contain '%2f'; write a normalized absolute path such as "/api", or use pathType ImplementationSpecific.`,
    ]);
    expect(ing(withPath(path({ path: '/.well-known/..well/v1.2/...' })))).toEqual([]);
  });

  it('refuses Exact and Prefix paths ending in /.. or /., accepts a trailing slash', () => {
    expect(ing(withPath(path({ path: '/api/..' })))).toEqual([
      {
        path: `${P0}/path`,
        message: `${F0}.path "/api/.." is not valid for pathType Prefix: it must not end with '/..'; write a normalized absolute path such as "/api", or use pathType ImplementationSpecific.`,
      },
    ]);
    expect(ing(withPath(path({ path: '/api/.', pathType: 'Exact' }))).map((v) => v.message)).toEqual([
      `${F0}.path "/api/." is not valid for pathType Exact: it must not end with '/.'; write a normalized absolute path such as "/api", or use pathType ImplementationSpecific.`,
    ]);
    expect(ing(withPath(path({ path: '/api/' })))).toEqual([]);
  });

  it('refuses a relative ImplementationSpecific path, accepts an empty one and a regex path', () => {
    expect(ing(withPath(path({ path: 'api', pathType: 'ImplementationSpecific' })))).toEqual([
      {
        path: `${P0}/path`,
        message: `${F0}.path "api" is not an absolute path: with pathType ImplementationSpecific the path must be empty or start with '/'; add the leading '/'.`,
      },
    ]);
    expect(ing(withPath(path({ path: '', pathType: 'ImplementationSpecific' })))).toEqual([]);
    expect(ing(withPath(path({ path: '/api(/|$)(.*)', pathType: 'ImplementationSpecific' })))).toEqual([]);
    expect(ing(withPath(path({ path: '//a/../b', pathType: 'ImplementationSpecific' })))).toEqual([]);
  });
});

describe('backends (validateIngressBackend)', () => {
  const B = `${P0}/backend`;
  const FB = `${F0}.backend`;
  const backend = (b: Obj) => ing(withPath(path({ backend: b })));

  it('refuses a backend with both service and resource, accepts a resource alone', () => {
    const resource = { apiGroup: 'k8s.example.com', kind: 'StorageBucket', name: 'static' };
    expect(backend({ ...svc(), resource })).toEqual([
      {
        path: B,
        message: `${FB} sets both service and resource; a backend is one or the other, so remove one of them.`,
      },
    ]);
    expect(backend({ resource })).toEqual([]);
  });

  it('refuses an empty backend, on a path and as defaultBackend', () => {
    expect(backend({})).toEqual([
      {
        path: B,
        message: `${FB} has neither service nor resource; a backend needs one, e.g. service: {name: my-svc, port: {number: 80}}.`,
      },
    ]);
    expect(ing(ingress({ defaultBackend: {} }))).toEqual([
      {
        path: '/spec/defaultBackend',
        message:
          'spec.defaultBackend has neither service nor resource; a backend needs one, e.g. service: {name: my-svc, port: {number: 80}}.',
      },
    ]);
  });

  it('refuses a service without a name', () => {
    expect(backend({ service: { port: { number: 80 } } })).toEqual([
      {
        path: `${B}/service/name`,
        message: `${FB}.service.name is required; set the name of the Service in the Ingress's namespace.`,
      },
    ]);
  });

  it('refuses a Service name that is not a DNS-1035 label, accepts web-1', () => {
    expect(backend(svc('1-web'))).toEqual([
      {
        path: `${B}/service/name`,
        message: `${FB}.service.name "1-web" is not a valid Service name: Service names must be DNS-1035 labels (at most 63 characters: lower-case letters, digits and '-', starting with a letter and ending with a letter or digit); use the name of the Service (metadata.name), not a host name.`,
      },
    ]);
    expect(backend(svc('web.llm.svc')).map((v) => v.path)).toEqual([`${B}/service/name`]);
    expect(backend(svc('web-1'))).toEqual([]);
  });

  it('refuses a port with both name and number', () => {
    expect(backend(svc('web', { name: 'http', number: 80 }))).toEqual([
      {
        path: `${B}/service/port`,
        message: `${FB}.service.port sets both name "http" and number 80; a Service port is referenced by one of them, so remove the other.`,
      },
    ]);
  });

  it('refuses a port with neither name nor number (number 0 counts as unset)', () => {
    const message = `${FB}.service.port needs a name or a number; set port.number (e.g. 80) or port.name of the Service port.`;
    expect(backend({ service: { name: 'web' } })).toEqual([{ path: `${B}/service/port`, message }]);
    expect(backend(svc('web', { number: 0 }))).toEqual([{ path: `${B}/service/port`, message }]);
    expect(backend(svc('web', { name: 'http', number: 0 }))).toEqual([]);
  });

  it('refuses a port number outside 1-65535, accepts 8080', () => {
    expect(backend(svc('web', { number: 70000 }))).toEqual([
      {
        path: `${B}/service/port/number`,
        message: `${FB}.service.port.number 70000 is not a valid port number: ports must be between 1 and 65535; use the Service's port.`,
      },
    ]);
    expect(backend(svc('web', { number: 8080 }))).toEqual([]);
  });

  it('refuses a port name that is not an IANA service name, accepts http', () => {
    expect(backend(svc('web', { name: 'HTTP' }))).toEqual([
      {
        path: `${B}/service/port/name`,
        message: `${FB}.service.port.name "HTTP" is not a valid port name: it must be an IANA service name: at most 15 characters, lower-case letters, digits and '-', at least one letter, no leading, trailing or double '-', but it may contain only lower-case letters, digits and '-', it must contain at least one letter; use the Service port's name or its number.`,
      },
    ]);
    expect(backend(svc('web', { name: 'http' }))).toEqual([]);
  });
});

describe('resource backends (validateIngressTypedLocalObjectReference)', () => {
  const R = `${P0}/backend/resource`;
  const FR = `${F0}.backend.resource`;
  const resource = (r: Obj) => ing(withPath(path({ backend: { resource: r } })));

  it('refuses a missing kind and name', () => {
    expect(resource({ apiGroup: 'k8s.example.com' })).toEqual([
      { path: `${R}/kind`, message: `${FR}.kind is required; set the kind of the referenced object.` },
      { path: `${R}/name`, message: `${FR}.name is required; set the name of the referenced object.` },
    ]);
  });

  it("refuses a kind or name with '/' or '%' or equal to '..', accepts plain ones", () => {
    expect(resource({ kind: 'Storage/Bucket', name: '..' })).toEqual([
      {
        path: `${R}/kind`,
        message: `${FR}.kind "Storage/Bucket" is not a valid kind: it must be not '.' or '..', and without '/' or '%'; fix the kind.`,
      },
      {
        path: `${R}/name`,
        message: `${FR}.name ".." is not a valid name: it must be not '.' or '..', and without '/' or '%'; fix the name.`,
      },
    ]);
    expect(resource({ kind: 'StorageBucket', name: 'static.assets' })).toEqual([]);
  });

  it('refuses apiGroup "" (the core group is apiGroup left out), accepts a group and no group', () => {
    expect(resource({ apiGroup: '', kind: 'ConfigMap', name: 'static' })).toEqual([
      {
        path: `${R}/apiGroup`,
        message: `${FR}.apiGroup "" is not a valid API group: it must be a ${SUB}; for the core group leave apiGroup out instead of setting it to "".`,
      },
    ]);
    expect(resource({ apiGroup: 'K8s.Example.com', kind: 'X', name: 'y' }).map((v) => v.path)).toEqual([
      `${R}/apiGroup`,
    ]);
    expect(resource({ kind: 'ConfigMap', name: 'static' })).toEqual([]);
  });
});

describe('TLS (validateIngressTLS)', () => {
  const tls = (entry: Obj) => ing(ingress({ defaultBackend: svc(), tls: [entry] }));

  it('refuses a TLS host that is not a DNS subdomain, accepts one (an IP address is not refused here)', () => {
    expect(tls({ hosts: ['Example.com'] })).toEqual([
      {
        path: '/spec/tls/0/hosts/0',
        message: `spec.tls[0].hosts[0] "Example.com" is not a valid host: hosts must be lowercase RFC 1123 subdomains (at most 253 characters: lower-case letters, digits, '-' and '.', starting and ending with a letter or digit); write the bare host name in lower case, without scheme, port or path.`,
      },
    ]);
    expect(tls({ hosts: ['example.com', '10.0.0.1'] })).toEqual([]);
  });

  it('refuses a bad wildcard TLS host, accepts *.example.com', () => {
    expect(tls({ hosts: ['*example.com'] })).toEqual([
      {
        path: '/spec/tls/0/hosts/0',
        message: `spec.tls[0].hosts[0] "*example.com" is not a valid wildcard host: it must be '*.' followed by a lowercase RFC 1123 subdomain, at most 253 characters in all: the '*' may only be the whole first label, as in "*.example.com"; fix the host (hosts are lower-case, without scheme, port or path).`,
      },
    ]);
    expect(tls({ hosts: ['*.example.com'] })).toEqual([]);
  });

  it('refuses a secretName that is not a DNS subdomain, accepts a valid or empty one', () => {
    expect(tls({ hosts: ['example.com'], secretName: 'My_Cert' })).toEqual([
      {
        path: '/spec/tls/0/secretName',
        message: `spec.tls[0].secretName "My_Cert" is not a valid Secret name: it must be a ${SUB}; use the name of the TLS Secret in the Ingress's namespace.`,
      },
    ]);
    expect(tls({ hosts: ['example.com'], secretName: 'my-cert' })).toEqual([]);
    expect(tls({ hosts: ['example.com'], secretName: '' })).toEqual([]);
  });
});

describe('IngressClass controller (validateIngressClassSpec)', () => {
  it('refuses a missing controller', () => {
    expect(cls({})).toEqual([
      {
        path: '/spec/controller',
        message:
          'spec.controller is required; set the name of the controller that implements this class, e.g. "k8s.io/ingress-nginx".',
      },
    ]);
  });

  it('refuses a controller longer than 250 characters, accepts 250', () => {
    const long = `example.com/${'a'.repeat(239)}`;
    expect(cls({ controller: long })).toEqual([
      {
        path: '/spec/controller',
        message: 'spec.controller is 251 characters long; it may have at most 250, so shorten it.',
      },
    ]);
    expect(cls({ controller: long.slice(0, 250) })).toEqual([]);
  });

  it('refuses a controller that is not <domain>/<path>, accepts a domain-prefixed one', () => {
    const message = (c: string) =>
      `spec.controller "${c}" is not a domain-prefixed path; write it as <domain>/<path>, e.g. "example.com/ingress-controller".`;
    expect(cls({ controller: 'nginx' })).toEqual([{ path: '/spec/controller', message: message('nginx') }]);
    expect(cls({ controller: 'example.com/' })).toEqual([
      { path: '/spec/controller', message: message('example.com/') },
    ]);
    expect(cls({ controller: '/nginx' })).toEqual([{ path: '/spec/controller', message: message('/nginx') }]);
    expect(cls({ controller: 'example.com//a' })).toEqual([]);
  });

  it('refuses a domain that is not a DNS subdomain', () => {
    expect(cls({ controller: 'Example.com/ingress' })).toEqual([
      {
        path: '/spec/controller',
        message: `spec.controller "Example.com/ingress" has domain "Example.com", which is not a lowercase RFC 1123 subdomain (at most 253 characters: lower-case letters, digits, '-' and '.', starting and ending with a letter or digit); use a lower-case domain before the first '/'.`,
      },
    ]);
  });

  it('refuses characters outside an HTTP path, accepts sub-delims', () => {
    expect(cls({ controller: 'example.com/my controller' })).toEqual([
      {
        path: '/spec/controller',
        message: `spec.controller "example.com/my controller" has path "my controller" with characters not allowed in an HTTP path; after the first '/' use only letters, digits and -._~%!$&'()*+,;=:/.`,
      },
    ]);
    expect(cls({ controller: "example.com/Ingress_v1~x:y;z=1+2,(a)!$&'*" })).toEqual([]);
  });
});

describe('IngressClass parameters (validateIngressClassParametersReference)', () => {
  const P = '/spec/parameters';

  it('refuses missing kind and name, an invalid apiGroup', () => {
    expect(withParams({ apiGroup: 'Example' })).toEqual([
      {
        path: `${P}/apiGroup`,
        message: `spec.parameters.apiGroup "Example" is not a valid API group: it must be a ${SUB}; use the group of the referenced kind, e.g. "k8s.example.com".`,
      },
      { path: `${P}/kind`, message: 'spec.parameters.kind is required; set the kind of the referenced object.' },
      { path: `${P}/name`, message: 'spec.parameters.name is required; set the name of the referenced object.' },
    ]);
  });

  it('refuses an unknown scope, accepts Cluster', () => {
    expect(withParams({ kind: 'P', name: 'p', scope: 'cluster' })).toEqual([
      { path: `${P}/scope`, message: 'spec.parameters.scope "cluster" is not supported; use Cluster or Namespace.' },
    ]);
    expect(withParams({ kind: 'P', name: 'p', scope: 'Cluster' })).toEqual([]);
  });

  it('refuses scope Namespace without a namespace or with an invalid one', () => {
    expect(withParams({ kind: 'P', name: 'p', scope: 'Namespace' })).toEqual([
      {
        path: `${P}/namespace`,
        message:
          'spec.parameters.namespace is required because parameters.scope is Namespace; set the namespace of the parameters object.',
      },
    ]);
    expect(withParams({ kind: 'P', name: 'p', scope: 'Namespace', namespace: 'Ingress.NS' })).toEqual([
      {
        path: `${P}/namespace`,
        message: `spec.parameters.namespace "Ingress.NS" is not a valid namespace name: namespace names must be lowercase RFC 1123 labels (at most 63 characters: lower-case letters, digits and '-', starting and ending with a letter or digit); use the name of an existing namespace.`,
      },
    ]);
  });

  it('refuses a namespace with scope Cluster, explicit or defaulted', () => {
    expect(withParams({ kind: 'P', name: 'p', scope: 'Cluster', namespace: 'ingress' })).toEqual([
      {
        path: `${P}/namespace`,
        message:
          'spec.parameters.namespace is set, but parameters.scope is Cluster; set scope: Namespace for namespaced parameters, or remove namespace.',
      },
    ]);
    expect(withParams({ kind: 'P', name: 'p', namespace: 'ingress' })).toEqual([
      {
        path: `${P}/namespace`,
        message:
          'spec.parameters.namespace is set, but parameters.scope is Cluster (the default); set scope: Namespace for namespaced parameters, or remove namespace.',
      },
    ]);
  });
});
