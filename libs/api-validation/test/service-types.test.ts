import { describe, expect, it } from 'vitest';
import { Report } from '../src/report.js';
import { checkServiceType } from '../src/service-types.js';

type O = Record<string, unknown>;
const PORTS = [{ name: 'http', port: 80, targetPort: 8000 }];
const SELECTOR = { app: 'vllm' };
const svc = (spec: O, metadata: O = {}): O => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'vllm', namespace: 'llm', ...metadata },
  spec,
});
/** A Service with ports and a selector, plus `extra` in spec. */
const withPorts = (extra: O = {}, metadata: O = {}): O => svc({ ports: PORTS, selector: SELECTOR, ...extra }, metadata);
const run = (object: O) => {
  const report = new Report();
  checkServiceType(object, report);
  return report.violations;
};
const only = (object: O) => run(object).map(({ path, message }) => ({ path, message }));
const one = (path: string, message: string) => [{ path, message }];

describe('Services that the API server accepts give no finding', () => {
  it.each([
    ['only ports and a selector', withPorts()],
    ['ClusterIP', withPorts({ type: 'ClusterIP' })],
    ['NodePort', withPorts({ type: 'NodePort' })],
    ['LoadBalancer', withPorts({ type: 'LoadBalancer' })],
    ['ExternalName', svc({ type: 'ExternalName', externalName: 'db.example.com' })],
    ['headless without ports', svc({ clusterIP: 'None', selector: SELECTOR })],
    ['headless with ports', withPorts({ clusterIP: 'None' })],
    ['an empty type and clusterIP', withPorts({ type: '', clusterIP: '' })],
    ['ClientIP affinity without a config (defaulted)', withPorts({ sessionAffinity: 'ClientIP' })],
    ['None affinity with a config (dropped by the defaults)', withPorts({ sessionAffinityConfig: { clientIP: {} } })],
    [
      'a LoadBalancer as the server returns it',
      withPorts({
        type: 'LoadBalancer',
        ports: [{ name: 'http', port: 80, targetPort: 8000, protocol: 'TCP', nodePort: 31080 }],
        clusterIP: '10.96.12.34',
        clusterIPs: ['10.96.12.34'],
        ipFamilies: ['IPv4'],
        ipFamilyPolicy: 'SingleStack',
        sessionAffinity: 'None',
        externalTrafficPolicy: 'Cluster',
        internalTrafficPolicy: 'Cluster',
        allocateLoadBalancerNodePorts: true,
      }),
    ],
    [
      'a dual-stack ClusterIP',
      withPorts({
        clusterIPs: ['10.96.0.10', 'fd00::10'],
        ipFamilies: ['IPv4', 'IPv6'],
        ipFamilyPolicy: 'RequireDualStack',
      }),
    ],
  ])('%s', (_name, object) => {
    expect(run(object)).toEqual([]);
  });

  it('ignores an object without a spec', () => {
    expect(run({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'x' } })).toEqual([]);
  });
});

describe('spec.type (ValidateService)', () => {
  it('refuses "nodePort" (case) and "Internal", accepts the four types', () => {
    expect(only(withPorts({ type: 'nodePort' }))).toEqual(
      one('/spec/type', 'spec.type "nodePort" is not supported: values are case-sensitive; write "NodePort".'),
    );
    expect(only(withPorts({ type: 'Internal' }))).toEqual(
      one(
        '/spec/type',
        'spec.type "Internal" is not supported; use ClusterIP, NodePort, LoadBalancer or ExternalName (case matters).',
      ),
    );
    for (const type of ['ClusterIP', 'NodePort', 'LoadBalancer']) expect(run(withPorts({ type }))).toEqual([]);
  });

  it('names the Go function in the hint', () => {
    expect(run(withPorts({ type: 'Internal' }))[0]?.hint).toBe(
      'kube-apiserver: pkg/apis/core/validation/validation.go (ValidateService)',
    );
  });
});

describe('spec.ports required (ValidateService)', () => {
  it('refuses a ClusterIP Service without ports, accepts headless and ExternalName ones', () => {
    expect(only(svc({ selector: SELECTOR }))).toEqual(
      one(
        '/spec/ports',
        'spec.ports is missing: a ClusterIP Service needs at least one port (only a headless Service, clusterIP "None", or an ExternalName Service may have none); add a port.',
      ),
    );
    expect(only(svc({ type: 'NodePort', ports: [] }))).toEqual(
      one(
        '/spec/ports',
        'spec.ports is missing: a NodePort Service needs at least one port (only a headless Service, clusterIP "None", or an ExternalName Service may have none); add a port.',
      ),
    );
    expect(run(svc({ clusterIPs: ['None'] }))).toEqual([]);
    expect(run(svc({ type: 'ExternalName', externalName: 'db.example.com' }))).toEqual([]);
  });
});

describe('headless with NodePort or LoadBalancer (ValidateService)', () => {
  it('refuses clusterIP None on a LoadBalancer, accepts it on a ClusterIP Service', () => {
    expect(only(withPorts({ type: 'LoadBalancer', clusterIP: 'None' }))).toEqual(
      one(
        '/spec/clusterIP',
        'spec.clusterIP "None" (headless) may not be set for LoadBalancer services: a LoadBalancer Service needs a cluster IP; remove clusterIP or make the Service type ClusterIP.',
      ),
    );
    expect(only(withPorts({ type: 'NodePort', clusterIPs: ['None'] }))).toEqual(
      one(
        '/spec/clusterIPs/0',
        'spec.clusterIPs[0] "None" (headless) may not be set for NodePort services: a NodePort Service needs a cluster IP; remove clusterIP or make the Service type ClusterIP.',
      ),
    );
    expect(run(withPorts({ type: 'ClusterIP', clusterIP: 'None' }))).toEqual([]);
  });
});

describe('ExternalName (ValidateService)', () => {
  const ext = (extra: O = {}) => svc({ type: 'ExternalName', externalName: 'db.example.com', ...extra });

  it('refuses a cluster IP, ipFamilies and ipFamilyPolicy; accepts an empty clusterIP and ports', () => {
    expect(only(ext({ clusterIP: 'None' }))).toEqual(
      one(
        '/spec/clusterIP',
        'spec.clusterIP may not be set for ExternalName services: an ExternalName Service is a DNS alias (CNAME) without a cluster IP; remove spec.clusterIP.',
      ),
    );
    expect(only(ext({ clusterIPs: ['10.96.0.10'] }))).toEqual(
      one(
        '/spec/clusterIPs',
        'spec.clusterIPs may not be set for ExternalName services: an ExternalName Service is a DNS alias (CNAME) without a cluster IP; remove spec.clusterIPs.',
      ),
    );
    expect(only(ext({ ipFamilies: ['IPv4'] }))).toEqual(
      one('/spec/ipFamilies', 'spec.ipFamilies may not be set for ExternalName services; remove it.'),
    );
    expect(only(ext({ ipFamilyPolicy: 'SingleStack' }))).toEqual(
      one('/spec/ipFamilyPolicy', 'spec.ipFamilyPolicy may not be set for ExternalName services; remove it.'),
    );
    expect(run(ext({ clusterIP: '', clusterIPs: [], ipFamilyPolicy: null, ports: PORTS }))).toEqual([]);
  });

  it('requires externalName as a lowercase DNS subdomain, with an optional trailing dot', () => {
    expect(only(svc({ type: 'ExternalName' }))).toEqual(
      one(
        '/spec/externalName',
        'spec.externalName is missing: an ExternalName Service needs the DNS name it points to; add it (e.g. db.example.com).',
      ),
    );
    expect(only(ext({ externalName: '.' }))).toEqual(
      one(
        '/spec/externalName',
        'spec.externalName is missing: an ExternalName Service needs the DNS name it points to; add it (e.g. db.example.com).',
      ),
    );
    expect(only(ext({ externalName: 'DB.Example.com' }))).toEqual(
      one(
        '/spec/externalName',
        `spec.externalName "DB.Example.com" is not a valid DNS name: it must be a lowercase RFC 1123 subdomain (at most 253 characters: lower-case letters, digits, '-' and '.', starting and ending with a letter or digit), with an optional trailing '.'; write it as "db.example.com".`,
      ),
    );
    expect(run(ext({ externalName: 'db.example.com.' }))).toEqual([]);
    expect(run(ext({ externalName: 'my-db.llm.svc.cluster.local' }))).toEqual([]);
  });
});

describe('clusterIP, clusterIPs, ipFamilies, ipFamilyPolicy (ValidateServiceClusterIPsRelatedFields)', () => {
  it('refuses a clusterIP that is not an IP, accepts an IP, "None" and ""', () => {
    expect(only(withPorts({ clusterIP: '10.96.0.300' }))).toEqual(
      one(
        '/spec/clusterIP',
        `spec.clusterIP "10.96.0.300" is not a valid IP address (e.g. 10.9.8.7 or 2001:db8::ffff): write an address from the cluster's service range, "None" for a headless Service, or leave it out to have one allocated.`,
      ),
    );
    expect(only(withPorts({ clusterIP: 'none' }))[0]?.path).toBe('/spec/clusterIP');
    for (const clusterIP of ['10.96.0.10', 'fd00::a', 'None', '']) expect(run(withPorts({ clusterIP }))).toEqual([]);
  });

  it('refuses clusterIPs whose first value differs from clusterIP', () => {
    expect(only(withPorts({ clusterIP: '10.96.0.10', clusterIPs: ['10.96.0.11'] }))).toEqual(
      one(
        '/spec/clusterIPs',
        'spec.clusterIPs ["10.96.0.11"] does not start with spec.clusterIP "10.96.0.10": the first value must match clusterIP; write the same address in both, or set only one of them.',
      ),
    );
    expect(run(withPorts({ clusterIP: '10.96.0.10', clusterIPs: ['10.96.0.10'] }))).toEqual([]);
  });

  it('refuses "None" with other values, more than 2 values, two of a family and a family mismatch', () => {
    expect(only(withPorts({ clusterIPs: ['None', '10.96.0.10'] }))).toEqual(
      one(
        '/spec/clusterIPs',
        'spec.clusterIPs ["None","10.96.0.10"]: "None" (headless) must be the first and only value; remove the other addresses or the "None".',
      ),
    );
    expect(only(withPorts({ clusterIPs: ['10.96.0.10', 'fd00::10', 'fd00::11'] }))).toEqual(
      one(
        '/spec/clusterIPs',
        'spec.clusterIPs holds 3 values: it may hold at most 2 (one IPv4 and one IPv6 address); remove the extra ones.',
      ),
    );
    expect(only(withPorts({ clusterIPs: ['10.96.0.10', '10.96.0.11'], ipFamilyPolicy: 'PreferDualStack' }))).toEqual(
      one(
        '/spec/clusterIPs',
        'spec.clusterIPs ["10.96.0.10","10.96.0.11"] holds two IPv4 addresses: it may hold no more than one IP for each IP family; remove one.',
      ),
    );
    expect(only(withPorts({ clusterIP: 'fd00::10', ipFamilies: ['IPv4'] }))).toEqual(
      one(
        '/spec/clusterIP',
        'spec.clusterIP "fd00::10" is an IPv6 address, but spec.ipFamilies[0] is IPv4: the address must be of the family listed at the same position; fix the address or the order of ipFamilies.',
      ),
    );
    expect(run(withPorts({ clusterIP: 'fd00::10', ipFamilies: ['IPv6'] }))).toEqual([]);
    expect(run(withPorts({ clusterIP: '::ffff:10.96.0.10', ipFamilies: ['IPv4'] }))).toEqual([]);
  });

  it('refuses an unknown or repeated IP family and an unknown policy', () => {
    expect(only(withPorts({ ipFamilies: ['ipv4'] }))).toEqual(
      one('/spec/ipFamilies/0', 'spec.ipFamilies[0] "ipv4" is not supported: values are case-sensitive; write "IPv4".'),
    );
    expect(only(withPorts({ ipFamilies: ['IPv6', 'IPv6'], ipFamilyPolicy: 'PreferDualStack' }))).toEqual(
      one(
        '/spec/ipFamilies/1',
        'spec.ipFamilies[1] "IPv6" repeats spec.ipFamilies[0]: list each IP family at most once (a dual-stack Service lists IPv4 and IPv6); remove it.',
      ),
    );
    expect(only(withPorts({ ipFamilyPolicy: 'DualStack' }))).toEqual(
      one(
        '/spec/ipFamilyPolicy',
        'spec.ipFamilyPolicy "DualStack" is not supported; use SingleStack, PreferDualStack or RequireDualStack (case matters).',
      ),
    );
    expect(run(withPorts({ ipFamilies: ['IPv6', 'IPv4'], ipFamilyPolicy: 'PreferDualStack' }))).toEqual([]);
  });

  it('refuses an explicit SingleStack with two families or two addresses (initIPFamilyFields)', () => {
    const violations = run(withPorts({ ipFamilies: ['IPv4', 'IPv6'], ipFamilyPolicy: 'SingleStack' }));
    expect(violations).toEqual([
      {
        path: '/spec/ipFamilyPolicy',
        message:
          "spec.ipFamilyPolicy is \"SingleStack\", but spec.ipFamilies lists two families: it must be 'RequireDualStack' or 'PreferDualStack' for a dual-stack Service; change the policy or keep one family.",
        hint: 'kube-apiserver: pkg/registry/core/service/storage/alloc.go (initIPFamilyFields)',
      },
    ]);
    expect(only(withPorts({ clusterIPs: ['10.96.0.10', 'fd00::10'], ipFamilyPolicy: 'SingleStack' }))).toEqual(
      one(
        '/spec/ipFamilyPolicy',
        "spec.ipFamilyPolicy is \"SingleStack\", but spec.clusterIPs holds two addresses: it must be 'RequireDualStack' or 'PreferDualStack' for a dual-stack Service; change the policy or keep one address.",
      ),
    );
    // An omitted policy is the server's to pick: no finding.
    expect(run(withPorts({ ipFamilies: ['IPv4', 'IPv6'] }))).toEqual([]);
    expect(run(withPorts({ ipFamilies: ['IPv4'], ipFamilyPolicy: 'SingleStack' }))).toEqual([]);
  });
});

describe('sessionAffinity (ValidateService, validateClientIPAffinityConfig)', () => {
  it('refuses an unknown affinity, accepts ClientIP and None', () => {
    expect(only(withPorts({ sessionAffinity: 'Cookie' }))).toEqual(
      one(
        '/spec/sessionAffinity',
        'spec.sessionAffinity "Cookie" is not supported; use ClientIP or None (case matters).',
      ),
    );
    expect(only(withPorts({ sessionAffinity: 'clientIP' }))).toEqual(
      one(
        '/spec/sessionAffinity',
        'spec.sessionAffinity "clientIP" is not supported: values are case-sensitive; write "ClientIP".',
      ),
    );
    for (const sessionAffinity of ['ClientIP', 'None', '']) expect(run(withPorts({ sessionAffinity }))).toEqual([]);
  });

  it('bounds clientIP.timeoutSeconds to 1..86400', () => {
    const affinity = (timeoutSeconds: number) =>
      withPorts({ sessionAffinity: 'ClientIP', sessionAffinityConfig: { clientIP: { timeoutSeconds } } });
    const at = '/spec/sessionAffinityConfig/clientIP/timeoutSeconds';
    expect(only(affinity(0))).toEqual(
      one(
        at,
        'spec.sessionAffinityConfig.clientIP.timeoutSeconds is 0: it must be greater than 0 and at most 86400 (one day); pick a value in that range, or leave it out for the default 10800 (3 hours).',
      ),
    );
    expect(only(affinity(86401))).toEqual(
      one(
        at,
        'spec.sessionAffinityConfig.clientIP.timeoutSeconds is 86401: it must be greater than 0 and at most 86400 (one day); pick a value in that range, or leave it out for the default 10800 (3 hours).',
      ),
    );
    expect(run(affinity(86400))).toEqual([]);
    expect(run(affinity(1))).toEqual([]);
    // With None the defaults drop the config, whatever it holds.
    expect(
      run(withPorts({ sessionAffinity: 'None', sessionAffinityConfig: { clientIP: { timeoutSeconds: 0 } } })),
    ).toEqual([]);
  });
});

describe('externalIPs (ValidateService, ValidateNonSpecialIP)', () => {
  it('refuses a CIDR and special addresses, accepts a routable address', () => {
    expect(only(withPorts({ externalIPs: ['203.0.113.10/32'] }))).toEqual(
      one(
        '/spec/externalIPs/0',
        'spec.externalIPs[0] "203.0.113.10/32" is not a valid IP address (e.g. 10.9.8.7 or 2001:db8::ffff); write a plain address, without a prefix length or port.',
      ),
    );
    expect(only(withPorts({ externalIPs: ['203.0.113.10', '127.0.0.1'] }))).toEqual(
      one(
        '/spec/externalIPs/1',
        'spec.externalIPs[1] "127.0.0.1" may not be used as an external IP: it is in the loopback range (127.0.0.0/8, ::1/128); use an address that routes to the nodes.',
      ),
    );
    expect(
      only(withPorts({ externalIPs: ['0.0.0.0', '169.254.1.1', 'ff02::1', '::1'] })).map((v) => v.message),
    ).toEqual([
      'spec.externalIPs[0] "0.0.0.0" may not be used as an external IP: it is the unspecified address; use an address that routes to the nodes.',
      'spec.externalIPs[1] "169.254.1.1" may not be used as an external IP: it is in the link-local range (169.254.0.0/16, fe80::/10); use an address that routes to the nodes.',
      'spec.externalIPs[2] "ff02::1" may not be used as an external IP: it is in the link-local multicast range (224.0.0.0/24, ff02::/16); use an address that routes to the nodes.',
      'spec.externalIPs[3] "::1" may not be used as an external IP: it is in the loopback range (127.0.0.0/8, ::1/128); use an address that routes to the nodes.',
    ]);
    expect(run(withPorts({ externalIPs: ['203.0.113.10', '2001:db8::10'] }))).toEqual([]);
  });
});

describe('ports by type (ValidateService, validateServicePort, initNodePorts)', () => {
  const port = (extra: O) => [{ name: 'http', port: 80, targetPort: 8000, ...extra }];

  it('refuses a nodePort on a ClusterIP Service, accepts it on NodePort and LoadBalancer', () => {
    expect(only(withPorts({ ports: port({ nodePort: 30080 }) }))).toEqual(
      one(
        '/spec/ports/0/nodePort',
        'spec.ports[0].nodePort may not be used when type is ClusterIP: only NodePort and LoadBalancer Services open node ports; remove nodePort or make the Service type NodePort.',
      ),
    );
    expect(run(withPorts({ type: 'NodePort', ports: port({ nodePort: 30080 }) }))).toEqual([]);
    expect(run(withPorts({ type: 'LoadBalancer', ports: port({ nodePort: 30080 }) }))).toEqual([]);
    expect(run(withPorts({ ports: port({ nodePort: 0 }) }))).toEqual([]);
  });

  it('refuses a nodePort outside 0-65535 on a NodePort Service', () => {
    expect(only(withPorts({ type: 'NodePort', ports: port({ nodePort: 70000 }) }))).toEqual(
      one(
        '/spec/ports/0/nodePort',
        'spec.ports[0].nodePort 70000 is not in the node port range (30000-32767 unless the cluster sets --service-node-port-range); pick a port in that range or leave nodePort out to have one allocated.',
      ),
    );
  });

  it('refuses an unknown protocol, accepts TCP, UDP, SCTP and an omitted one', () => {
    expect(only(withPorts({ ports: port({ protocol: 'HTTP' }) }))).toEqual(
      one(
        '/spec/ports/0/protocol',
        'spec.ports[0].protocol "HTTP" is not supported; use TCP, UDP or SCTP (case matters).',
      ),
    );
    expect(only(withPorts({ ports: port({ protocol: 'udp' }) }))).toEqual(
      one(
        '/spec/ports/0/protocol',
        'spec.ports[0].protocol "udp" is not supported: values are case-sensitive; write "UDP".',
      ),
    );
    for (const protocol of ['TCP', 'UDP', 'SCTP', ''])
      expect(run(withPorts({ ports: port({ protocol }) }))).toEqual([]);
  });

  it('refuses an appProtocol that is not a qualified name, accepts http and kubernetes.io/h2c', () => {
    expect(only(withPorts({ ports: port({ appProtocol: 'https://grpc' }) }))).toEqual(
      one(
        '/spec/ports/0/appProtocol',
        `spec.ports[0].appProtocol "https://grpc" is not a valid application protocol: it must be a qualified name (an optional DNS subdomain prefix (at most 253 characters) and '/', then a name of at most 63 characters: letters, digits, '-', '_' and '.', starting and ending with a letter or digit), but it has more than one '/'; use e.g. "http", "kubernetes.io/h2c" or "example.com/custom".`,
      ),
    );
    for (const appProtocol of ['http', 'kubernetes.io/h2c'])
      expect(run(withPorts({ ports: port({ appProtocol }) }))).toEqual([]);
  });
});

describe('LoadBalancer-only fields (ValidateService, validateLoadBalancerClassField)', () => {
  it('refuses loadBalancerSourceRanges off a LoadBalancer and a bad CIDR; accepts space-padded CIDRs', () => {
    expect(only(withPorts({ loadBalancerSourceRanges: ['10.0.0.0/8'] }))).toEqual(
      one(
        '/spec/loadBalancerSourceRanges',
        'spec.loadBalancerSourceRanges may only be used when type is LoadBalancer (the server names it spec.LoadBalancerSourceRanges); remove it or make the Service type LoadBalancer.',
      ),
    );
    expect(only(withPorts({ type: 'LoadBalancer', loadBalancerSourceRanges: ['10.0.0.0/8', '10.0.0.1'] }))).toEqual(
      one(
        '/spec/loadBalancerSourceRanges/1',
        'spec.loadBalancerSourceRanges[1] "10.0.0.1" is not a valid CIDR (e.g. 10.9.8.0/24 or 2001:db8::/64): write an address and a prefix length; fix it.',
      ),
    );
    expect(run(withPorts({ type: 'LoadBalancer', loadBalancerSourceRanges: [' 10.0.0.0/8 ', 'fd00::/8'] }))).toEqual(
      [],
    );
  });

  it('checks the load-balancer-source-ranges annotation when the field is empty', () => {
    const key = 'service.beta.kubernetes.io/load-balancer-source-ranges';
    const at = '/metadata/annotations/service.beta.kubernetes.io~1load-balancer-source-ranges';
    expect(only(withPorts({}, { annotations: { [key]: '10.0.0.0/8' } }))).toEqual(
      one(
        at,
        'metadata.annotations[service.beta.kubernetes.io/load-balancer-source-ranges] may only be used when type is LoadBalancer; remove the annotation or make the Service type LoadBalancer.',
      ),
    );
    expect(only(withPorts({ type: 'LoadBalancer' }, { annotations: { [key]: '10.0.0.0/8, 192.168.0.0/33' } }))).toEqual(
      one(
        at,
        'metadata.annotations[service.beta.kubernetes.io/load-balancer-source-ranges] "192.168.0.0/33" is not a valid CIDR (e.g. 10.9.8.0/24 or 2001:db8::/64): write an address and a prefix length; fix it.',
      ),
    );
    expect(run(withPorts({ type: 'LoadBalancer' }, { annotations: { [key]: ' 10.0.0.0/8,192.168.0.0/16 ' } }))).toEqual(
      [],
    );
  });

  it('refuses allocateLoadBalancerNodePorts off a LoadBalancer', () => {
    expect(only(withPorts({ type: 'NodePort', allocateLoadBalancerNodePorts: false }))).toEqual(
      one(
        '/spec/allocateLoadBalancerNodePorts',
        'spec.allocateLoadBalancerNodePorts may only be used when type is LoadBalancer; remove it.',
      ),
    );
    expect(run(withPorts({ type: 'LoadBalancer', allocateLoadBalancerNodePorts: false }))).toEqual([]);
  });

  it('refuses loadBalancerClass off a LoadBalancer and a class that is not a qualified name', () => {
    expect(only(withPorts({ loadBalancerClass: 'example.com/internal' }))).toEqual(
      one(
        '/spec/loadBalancerClass',
        'spec.loadBalancerClass may only be used when type is LoadBalancer; remove it or make the Service type LoadBalancer.',
      ),
    );
    expect(only(withPorts({ type: 'LoadBalancer', loadBalancerClass: 'internal vip' }))).toEqual(
      one(
        '/spec/loadBalancerClass',
        `spec.loadBalancerClass "internal vip" is not a valid class name: it must be a qualified name (an optional DNS subdomain prefix (at most 253 characters) and '/', then a name of at most 63 characters: letters, digits, '-', '_' and '.', starting and ending with a letter or digit), but the name part "internal vip" contains " "; use e.g. "example.com/internal-vip".`,
      ),
    );
    expect(run(withPorts({ type: 'LoadBalancer', loadBalancerClass: 'example.com/internal' }))).toEqual([]);
  });
});

describe('traffic policies (validateServiceExternalTrafficPolicy, validateServiceInternalTrafficFieldsValue)', () => {
  it('refuses externalTrafficPolicy on a ClusterIP Service without externalIPs', () => {
    expect(only(withPorts({ externalTrafficPolicy: 'Local' }))).toEqual(
      one(
        '/spec/externalTrafficPolicy',
        'spec.externalTrafficPolicy "Local" may only be set for externally-accessible services (type NodePort or LoadBalancer, or ClusterIP with externalIPs); remove it.',
      ),
    );
    expect(
      only(svc({ type: 'ExternalName', externalName: 'db.example.com', externalTrafficPolicy: 'Cluster' })),
    ).toEqual(
      one(
        '/spec/externalTrafficPolicy',
        'spec.externalTrafficPolicy "Cluster" may only be set for externally-accessible services (type NodePort or LoadBalancer, or ClusterIP with externalIPs); remove it.',
      ),
    );
    expect(run(withPorts({ externalTrafficPolicy: 'Local', externalIPs: ['203.0.113.10'] }))).toEqual([]);
    expect(run(withPorts({ externalTrafficPolicy: '' }))).toEqual([]);
  });

  it('refuses an unknown externalTrafficPolicy, accepts Cluster and Local', () => {
    expect(only(withPorts({ type: 'NodePort', externalTrafficPolicy: 'local' }))).toEqual(
      one(
        '/spec/externalTrafficPolicy',
        'spec.externalTrafficPolicy "local" is not supported: values are case-sensitive; write "Local".',
      ),
    );
    expect(only(withPorts({ type: 'NodePort', externalTrafficPolicy: 'OnlyLocal' }))).toEqual(
      one(
        '/spec/externalTrafficPolicy',
        'spec.externalTrafficPolicy "OnlyLocal" is not supported; use Cluster or Local (case matters).',
      ),
    );
    for (const externalTrafficPolicy of ['Cluster', 'Local', ''])
      expect(run(withPorts({ type: 'LoadBalancer', externalTrafficPolicy }))).toEqual([]);
  });

  it('allows healthCheckNodePort only on a LoadBalancer with externalTrafficPolicy Local', () => {
    expect(only(withPorts({ type: 'NodePort', externalTrafficPolicy: 'Local', healthCheckNodePort: 32000 }))).toEqual(
      one(
        '/spec/healthCheckNodePort',
        'spec.healthCheckNodePort may only be set when type is LoadBalancer and externalTrafficPolicy is Local; remove it.',
      ),
    );
    expect(only(withPorts({ type: 'LoadBalancer', healthCheckNodePort: 32000 }))).toEqual(
      one(
        '/spec/healthCheckNodePort',
        'spec.healthCheckNodePort may only be set when type is LoadBalancer and externalTrafficPolicy is Local; remove it.',
      ),
    );
    expect(
      only(withPorts({ type: 'LoadBalancer', externalTrafficPolicy: 'Local', healthCheckNodePort: 70000 })),
    ).toEqual(
      one(
        '/spec/healthCheckNodePort',
        'spec.healthCheckNodePort 70000 is not a valid port number: it must be between 1 and 65535 (and in the node port range); fix it or leave it out to have one allocated.',
      ),
    );
    expect(
      run(withPorts({ type: 'LoadBalancer', externalTrafficPolicy: 'Local', healthCheckNodePort: 32000 })),
    ).toEqual([]);
    expect(run(withPorts({ type: 'LoadBalancer', externalTrafficPolicy: 'Local' }))).toEqual([]);
  });

  it('refuses an unknown internalTrafficPolicy, accepts Cluster and Local', () => {
    expect(only(withPorts({ internalTrafficPolicy: 'Topology' }))).toEqual(
      one(
        '/spec/internalTrafficPolicy',
        'spec.internalTrafficPolicy "Topology" is not supported; use Cluster or Local (case matters).',
      ),
    );
    for (const internalTrafficPolicy of ['Cluster', 'Local'])
      expect(run(withPorts({ internalTrafficPolicy }))).toEqual([]);
  });
});

describe('trafficDistribution (validateServiceTrafficDistribution)', () => {
  it('refuses values other than PreferClose in 1.32', () => {
    expect(only(withPorts({ trafficDistribution: 'PreferSameZone' }))).toEqual(
      one(
        '/spec/trafficDistribution',
        'spec.trafficDistribution "PreferSameZone" is not supported; use PreferClose (case matters).',
      ),
    );
    expect(run(withPorts({ trafficDistribution: 'PreferClose' }))).toEqual([]);
  });
});

describe('topology annotations (ValidateService)', () => {
  it('refuses topology-mode that differs from topology-aware-hints, accepts equal ones', () => {
    expect(
      only(
        withPorts(
          {},
          {
            annotations: {
              'service.kubernetes.io/topology-mode': 'Auto',
              'service.kubernetes.io/topology-aware-hints': 'Disabled',
            },
          },
        ),
      ),
    ).toEqual(
      one(
        '/metadata/annotations/service.kubernetes.io~1topology-mode',
        'metadata.annotations[service.kubernetes.io/topology-mode] "Auto" must match annotations[service.kubernetes.io/topology-aware-hints] "Disabled" when both are set; keep only service.kubernetes.io/topology-mode.',
      ),
    );
    expect(
      run(
        withPorts(
          {},
          {
            annotations: {
              'service.kubernetes.io/topology-mode': 'Auto',
              'service.kubernetes.io/topology-aware-hints': 'Auto',
            },
          },
        ),
      ),
    ).toEqual([]);
  });
});
