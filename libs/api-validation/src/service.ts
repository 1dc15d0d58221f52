/**
 * Service (pkg/apis/core/validation/validation.go ValidateService, validateServicePort, ValidatePortNumOrName):
 * port names, names required and unique with several ports, port numbers, targetPort, unique port+protocol and
 * nodePort+protocol pairs, the selector as a label map.
 */
import { DNS1123_LABEL, PORT_NAME_RULE, formatProblem, isPortNumber, portNameProblems } from './formats.js';
import { checkLabels } from './metadata.js';
import { SRC, asArr, asObj, asStr, fieldOf, ptr, quote, type Obj, type Report } from './report.js';

/** A port given as a number (1-65535) or an IANA service name. */
export function checkPortNumOrName(value: unknown, path: string, report: Report, source: string): void {
  if (typeof value === 'number') {
    if (!isPortNumber(value))
      report.add(
        path,
        `${fieldOf(path)} ${value} is not a valid port number: ports must be between 1 and 65535; fix the number.`,
        source,
      );
  } else if (typeof value === 'string') {
    const problems = portNameProblems(value);
    if (problems.length)
      report.add(
        path,
        `${fieldOf(path)} ${quote(value)} is not a valid port name: a port referenced by name must be ${PORT_NAME_RULE}, but ${problems.join(', ')}; use the port number or the container port's name.`,
        source,
      );
  }
}

export function checkService(object: Obj, report: Report): void {
  const spec = asObj(object.spec);
  if (!spec) return;
  const ports = asArr(spec.ports);
  const names = new Map<string, number>();
  const pairs = new Map<string, number>();
  const nodePorts = new Map<string, number>();
  ports.forEach((entry, i) => {
    const port = asObj(entry);
    if (!port) return;
    const at = ptr('/spec/ports', i);
    const name = asStr(port.name);
    if (!name) {
      if (ports.length > 1)
        report.add(
          ptr(at, 'name'),
          `${fieldOf(ptr(at, 'name'))} is missing: when a Service has more than one port, every port needs a name; name it (e.g. "http").`,
          `${SRC.core} (validateServicePort)`,
        );
    } else {
      const extra = formatProblem(name, DNS1123_LABEL);
      if (extra !== undefined)
        report.add(
          ptr(at, 'name'),
          `${fieldOf(ptr(at, 'name'))} ${quote(name)} is not a valid Service port name: Service port names must be ${DNS1123_LABEL.plural} (${DNS1123_LABEL.rule})${extra}; rename it.`,
          `${SRC.core} (validateServicePort)`,
        );
      const first = names.get(name);
      if (first !== undefined)
        report.add(
          ptr(at, 'name'),
          `${fieldOf(ptr(at, 'name'))} ${quote(name)} is already the name of spec.ports[${first}]; Service port names must be unique, so rename one.`,
          `${SRC.core} (validateServicePort)`,
        );
      else names.set(name, i);
    }
    if (typeof port.port === 'number' && !isPortNumber(port.port))
      report.add(
        ptr(at, 'port'),
        `${fieldOf(ptr(at, 'port'))} ${port.port} is not a valid port number: ports must be between 1 and 65535; fix the number.`,
        `${SRC.core} (validateServicePort)`,
      );
    checkPortNumOrName(port.targetPort, ptr(at, 'targetPort'), report, `${SRC.core} (ValidatePortNumOrName)`);
    const protocol = asStr(port.protocol) ?? 'TCP';
    if (typeof port.port === 'number') {
      const key = `${port.port}/${protocol}`;
      const first = pairs.get(key);
      if (first !== undefined)
        report.add(
          at,
          `${fieldOf(at)} repeats port ${key} of spec.ports[${first}]; each port and protocol pair may appear only once in a Service (the protocol defaults to TCP), so remove or change one.`,
          `${SRC.core} (ValidateService)`,
        );
      else pairs.set(key, i);
    }
    if (typeof port.nodePort === 'number' && port.nodePort !== 0) {
      const key = `${port.nodePort}/${protocol}`;
      const first = nodePorts.get(key);
      if (first !== undefined)
        report.add(
          ptr(at, 'nodePort'),
          `${fieldOf(ptr(at, 'nodePort'))} repeats nodePort ${key} of spec.ports[${first}]; each nodePort and protocol pair may appear only once, so remove one of them.`,
          `${SRC.core} (ValidateService)`,
        );
      else nodePorts.set(key, i);
    }
  });
  if (spec.type !== 'ExternalName') checkLabels(spec.selector, '/spec/selector', report, 'selector');
}
