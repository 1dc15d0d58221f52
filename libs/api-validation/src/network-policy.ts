/**
 * NetworkPolicy (pkg/apis/networking/validation/validation.go ValidateNetworkPolicySpec, ValidateNetworkPolicyPort,
 * ValidateNetworkPolicyPeer, ValidateIPBlock): selectors, ports and port ranges, peers, ipBlock CIDRs and their
 * `except` entries, policyTypes.
 */
import { PORT_NAME_RULE, isPortNumber, portNameProblems } from './formats.js';
import { SRC, asArr, asObj, asStr, fieldOf, ptr, quote, type Obj, type Report } from './report.js';
import { checkLabelSelector } from './selectors.js';

export interface Cidr {
  /** 4 or 16 bytes, the address as written. */
  bytes: number[];
  prefix: number;
}

function parseIPv4(text: string): number[] | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  const out: number[] = [];
  for (const p of parts) {
    // ParseCIDRSloppy (k8s.io/utils/net) still accepts leading zeros, read as decimal.
    if (!/^\d{1,3}$/.test(p)) return undefined;
    const n = Number(p);
    if (n > 255) return undefined;
    out.push(n);
  }
  return out;
}

function parseIPv6(text: string): number[] | undefined {
  let s = text;
  let tail: number[] = [];
  if (s.includes('.')) {
    // An embedded IPv4 address ends the text: "::ffff:10.0.0.1".
    const colon = s.lastIndexOf(':');
    const v4 = parseIPv4(s.slice(colon + 1));
    if (!v4) return undefined;
    tail = v4;
    s = s.slice(0, colon + 1);
    if (!s.endsWith('::')) s = s.slice(0, -1);
  }
  const halves = s.split('::');
  if (halves.length > 2) return undefined;
  const group = (part: string): number[] | undefined => {
    if (part === '') return [];
    const out: number[] = [];
    for (const g of part.split(':')) {
      if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
      const n = Number.parseInt(g, 16);
      out.push(n >> 8, n & 0xff);
    }
    return out;
  };
  const head = group(halves[0]!);
  const rest = halves.length === 2 ? group(halves[1]!) : [];
  if (!head || !rest) return undefined;
  const given = head.length + rest.length + tail.length;
  if (halves.length === 1) return given === 16 ? [...head, ...tail] : undefined;
  if (given > 14) return undefined;
  return [...head, ...new Array<number>(16 - given).fill(0), ...rest, ...tail];
}

/** Parse `address/prefix` as net.ParseCIDR does (IPv4 or IPv6, no zone). */
export function parseCidr(text: string): Cidr | undefined {
  const slash = text.indexOf('/');
  if (slash < 0) return undefined;
  const addr = text.slice(0, slash);
  const prefixText = text.slice(slash + 1);
  if (!/^\d{1,3}$/.test(prefixText)) return undefined;
  const prefix = Number(prefixText);
  const bytes = addr.includes(':') ? parseIPv6(addr) : parseIPv4(addr);
  if (!bytes || prefix > bytes.length * 8) return undefined;
  return { bytes, prefix };
}

function masked(c: Cidr, prefix: number): number[] {
  return c.bytes.map((b, i) => {
    const bits = Math.max(0, Math.min(8, prefix - i * 8));
    return b & (bits === 0 ? 0 : (0xff << (8 - bits)) & 0xff);
  });
}

/** `inner` lies strictly within `outer`: same family, longer prefix, its network inside. */
export function strictlyInside(inner: Cidr, outer: Cidr): boolean {
  if (inner.bytes.length !== outer.bytes.length || inner.prefix <= outer.prefix) return false;
  const a = masked({ bytes: masked(inner, inner.prefix), prefix: inner.prefix }, outer.prefix);
  const b = masked(outer, outer.prefix);
  return a.every((x, i) => x === b[i]);
}

const PROTOCOLS = ['TCP', 'UDP', 'SCTP'];

function checkPort(port: Obj, at: string, report: Report): void {
  const source = `${SRC.networking} (ValidateNetworkPolicyPort)`;
  const protocol = asStr(port.protocol);
  if (protocol !== undefined && !PROTOCOLS.includes(protocol))
    report.add(
      ptr(at, 'protocol'),
      `${fieldOf(ptr(at, 'protocol'))} ${quote(protocol)} is not supported; use TCP, UDP or SCTP.`,
      source,
    );
  const value = port.port;
  const endPort = port.endPort;
  const hasEnd = typeof endPort === 'number';
  if (typeof value === 'number') {
    if (!isPortNumber(value))
      report.add(
        ptr(at, 'port'),
        `${fieldOf(ptr(at, 'port'))} ${value} is not a valid port number: ports must be between 1 and 65535; fix the number.`,
        source,
      );
    if (hasEnd) {
      if (endPort < value)
        report.add(
          ptr(at, 'endPort'),
          `${fieldOf(ptr(at, 'endPort'))} ${endPort} is less than port ${value}; endPort must be greater than or equal to port, so fix the range.`,
          source,
        );
      if (!isPortNumber(endPort))
        report.add(
          ptr(at, 'endPort'),
          `${fieldOf(ptr(at, 'endPort'))} ${endPort} is not a valid port number: ports must be between 1 and 65535; fix the number.`,
          source,
        );
    }
  } else if (typeof value === 'string') {
    if (hasEnd)
      report.add(
        ptr(at, 'endPort'),
        `${fieldOf(ptr(at, 'endPort'))} is set, but port ${quote(value)} is a name; a port range needs a numeric port, so use the number or drop endPort.`,
        source,
      );
    const problems = portNameProblems(value);
    if (problems.length)
      report.add(
        ptr(at, 'port'),
        `${fieldOf(ptr(at, 'port'))} ${quote(value)} is not a valid port name: it must be ${PORT_NAME_RULE}, but ${problems.join(', ')}; use the port number or the container port's name.`,
        source,
      );
  } else if (hasEnd) {
    report.add(
      ptr(at, 'endPort'),
      `${fieldOf(ptr(at, 'endPort'))} is set without port; a port range needs its first port, so add port.`,
      source,
    );
  }
}

function checkPeer(peer: Obj, at: string, report: Report): void {
  const source = `${SRC.networking} (ValidateNetworkPolicyPeer)`;
  const kinds = ['podSelector', 'namespaceSelector', 'ipBlock'].filter(
    (k) => peer[k] !== undefined && peer[k] !== null,
  );
  if (kinds.length === 0)
    report.add(
      at,
      `${fieldOf(at)} is an empty peer; a peer needs podSelector, namespaceSelector or ipBlock (to allow everything, leave out from/to instead).`,
      source,
    );
  else if (kinds.length > 1 && kinds.includes('ipBlock'))
    report.add(
      at,
      `${fieldOf(at)} combines ipBlock with ${kinds.filter((k) => k !== 'ipBlock').join(' and ')}; ipBlock must be a peer of its own, so split them into two list entries.`,
      source,
    );
  checkLabelSelector(peer.podSelector, ptr(at, 'podSelector'), report);
  checkLabelSelector(peer.namespaceSelector, ptr(at, 'namespaceSelector'), report);
  const block = asObj(peer.ipBlock);
  if (!block) return;
  const bat = ptr(at, 'ipBlock');
  const cidrText = asStr(block.cidr);
  if (!cidrText) {
    report.add(
      ptr(bat, 'cidr'),
      `${fieldOf(ptr(bat, 'cidr'))} is missing: an ipBlock needs a cidr; add one (e.g. 10.0.0.0/8).`,
      `${SRC.networking} (ValidateIPBlock)`,
    );
    return;
  }
  const cidr = parseCidr(cidrText);
  if (!cidr) {
    report.add(
      ptr(bat, 'cidr'),
      `${fieldOf(ptr(bat, 'cidr'))} ${quote(cidrText)} is not a valid CIDR: write an IP address and a prefix length, e.g. 10.0.0.0/8 or fd00::/8; fix it.`,
      `${SRC.networking} (ValidateIPBlock)`,
    );
    return;
  }
  asArr(block.except).forEach((entry, i) => {
    if (typeof entry !== 'string') return;
    const eat = ptr(bat, 'except', i);
    const except = parseCidr(entry);
    if (!except)
      report.add(
        eat,
        `${fieldOf(eat)} ${quote(entry)} is not a valid CIDR: write an IP address and a prefix length, e.g. 10.1.0.0/16; fix it.`,
        `${SRC.networking} (ValidateIPBlock)`,
      );
    else if (!strictlyInside(except, cidr))
      report.add(
        eat,
        `${fieldOf(eat)} ${quote(entry)} is not strictly inside cidr ${quote(cidrText)}; each except entry must be a smaller block within cidr (same IP family), so fix or remove it.`,
        `${SRC.networking} (ValidateIPBlock: "must be a strict subset of \`cidr\`")`,
      );
  });
}

export function checkNetworkPolicy(object: Obj, report: Report): void {
  const spec = asObj(object.spec);
  if (!spec) return;
  checkLabelSelector(spec.podSelector, '/spec/podSelector', report);
  for (const [direction, peers] of [
    ['ingress', 'from'],
    ['egress', 'to'],
  ] as const) {
    asArr(spec[direction]).forEach((ruleEntry, i) => {
      const rule = asObj(ruleEntry);
      if (!rule) return;
      const at = ptr('/spec', direction, i);
      asArr(rule.ports).forEach((p, j) => {
        const port = asObj(p);
        if (port) checkPort(port, ptr(at, 'ports', j), report);
      });
      asArr(rule[peers]).forEach((p, j) => {
        const peer = asObj(p);
        if (peer) checkPeer(peer, ptr(at, peers, j), report);
      });
    });
  }
  const types = asArr(spec.policyTypes);
  if (types.length > 2) {
    report.add(
      '/spec/policyTypes',
      `spec.policyTypes lists ${types.length} entries, but there are only two policy types; keep Ingress and/or Egress once each.`,
      `${SRC.networking} (ValidateNetworkPolicySpec)`,
    );
  } else {
    types.forEach((t, i) => {
      if (t !== 'Ingress' && t !== 'Egress')
        report.add(
          ptr('/spec/policyTypes', i),
          `spec.policyTypes[${i}] ${quote(t)} is not a policy type; use Ingress or Egress.`,
          `${SRC.networking} (ValidateNetworkPolicySpec)`,
        );
    });
  }
}
