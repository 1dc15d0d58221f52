/**
 * ConfigMap and Secret (pkg/apis/core/validation/validation.go ValidateConfigMap and ValidateSecret): keys, data and
 * binaryData overlap, the 1 MiB total (core.MaxSecretSize), the keys each Secret type requires, base64.
 */
import { configKeyProblem } from './formats.js';
import { SRC, asObj, asStr, fieldOf, ptr, quote, type Obj, type Report } from './report.js';

export const MAX_SECRET_SIZE = 1024 * 1024;
const KEY_RULE =
  "keys must be at most 253 characters of letters, digits, '-', '_' and '.', and not '.', '..' or start with '..'";

/** Go's base64.StdEncoding as encoding/json uses it for []byte: padded, '\r' and '\n' ignored. Undefined when invalid. */
export function decodeBase64(text: string): Buffer | undefined {
  const s = text.replace(/[\r\n]/g, '');
  if (s.length % 4 !== 0 || !/^[A-Za-z0-9+/]*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(s)) return undefined;
  return Buffer.from(s, 'base64');
}

function checkKeys(map: Obj | undefined, base: string, kind: string, report: Report): void {
  for (const key of Object.keys(map ?? {})) {
    const why = configKeyProblem(key);
    if (why)
      report.add(
        ptr(base, key),
        `${fieldOf(base)} key ${quote(key)} is not a valid ${kind} key: ${KEY_RULE}, but ${why}; rename the key (it becomes a file name when mounted).`,
        `${SRC.core} (IsConfigMapKey)`,
      );
  }
}

export function checkConfigMap(object: Obj, report: Report): void {
  const data = asObj(object.data);
  const binary = asObj(object.binaryData);
  checkKeys(data, '/data', 'ConfigMap', report);
  checkKeys(binary, '/binaryData', 'ConfigMap', report);
  let total = 0;
  for (const [key, value] of Object.entries(data ?? {})) {
    if (binary && Object.hasOwn(binary, key))
      report.add(
        ptr('/data', key),
        `data key ${quote(key)} is also in binaryData; a ConfigMap key may be in only one of them, so remove one.`,
        `${SRC.core} (ValidateConfigMap)`,
      );
    if (typeof value === 'string') total += Buffer.byteLength(value);
  }
  for (const [key, value] of Object.entries(binary ?? {})) {
    if (typeof value !== 'string') continue;
    const bytes = decodeBase64(value);
    if (!bytes)
      report.add(
        ptr('/binaryData', key),
        `binaryData[${key}] is not valid base64, so the API server cannot decode the ConfigMap; encode the value with \`base64\` (padded, standard alphabet).`,
        `${SRC.core} (ConfigMap.binaryData is []byte)`,
      );
    else total += bytes.length;
  }
  if (total > MAX_SECRET_SIZE) {
    report.add(
      data ? '/data' : '/binaryData',
      `the ConfigMap holds ${total} bytes of data, more than the ${MAX_SECRET_SIZE} bytes (1 MiB) the API server allows; split it into several ConfigMaps or mount the content another way.`,
      `${SRC.core} (ValidateConfigMap, MaxSecretSize)`,
    );
  }
}

export function checkSecret(object: Obj, report: Report): void {
  const data = asObj(object.data);
  const stringData = asObj(object.stringData);
  checkKeys(data, '/data', 'Secret', report);
  checkKeys(stringData, '/stringData', 'Secret', report);
  // The API server merges stringData over data before validating.
  const merged = new Map<string, { bytes: Buffer; path: string }>();
  for (const [key, value] of Object.entries(data ?? {})) {
    if (typeof value !== 'string') continue;
    const bytes = decodeBase64(value);
    if (!bytes)
      report.add(
        ptr('/data', key),
        `data[${key}] is not valid base64, so the API server cannot decode the Secret; encode the value with \`base64\` (padded, standard alphabet), or put the plain text under stringData.`,
        `${SRC.core} (Secret.data is map[string][]byte)`,
      );
    merged.set(key, { bytes: bytes ?? Buffer.alloc(0), path: ptr('/data', key) });
  }
  for (const [key, value] of Object.entries(stringData ?? {})) {
    if (typeof value === 'string')
      merged.set(key, { bytes: Buffer.from(value, 'utf8'), path: ptr('/stringData', key) });
  }
  let total = 0;
  for (const { bytes } of merged.values()) total += bytes.length;
  if (total > MAX_SECRET_SIZE) {
    report.add(
      data ? '/data' : '/stringData',
      `the Secret holds ${total} bytes of data (decoded), more than the ${MAX_SECRET_SIZE} bytes (1 MiB) the API server allows; split it into several Secrets.`,
      `${SRC.core} (ValidateSecret, MaxSecretSize)`,
    );
  }

  const type = asStr(object.type) ?? '';
  const need = (key: string) =>
    report.add(
      ptr('/data', key),
      `a Secret of type ${type} needs the key ${quote(key)} in data or stringData; add it, or change the type.`,
      `${SRC.core} (ValidateSecret)`,
    );
  const json = (key: string) => {
    const entry = merged.get(key);
    if (!entry) return need(key);
    try {
      const parsed: unknown = JSON.parse(entry.bytes.toString('utf8'));
      if (!asObj(parsed)) throw new Error('not an object');
    } catch {
      report.add(
        entry.path,
        `${fieldOf(entry.path)} of a ${type} Secret is not a JSON object; the API server parses it, so write the registry credentials as JSON.`,
        `${SRC.core} (ValidateSecret)`,
      );
    }
  };
  switch (type) {
    case 'kubernetes.io/service-account-token': {
      const annotations = asObj(asObj(object.metadata)?.annotations);
      if (!asStr(annotations?.['kubernetes.io/service-account.name'])) {
        report.add(
          '/metadata/annotations/kubernetes.io~1service-account.name',
          'a Secret of type kubernetes.io/service-account-token needs the annotation ' +
            'kubernetes.io/service-account.name naming its ServiceAccount; add the annotation.',
          `${SRC.core} (ValidateSecret)`,
        );
      }
      break;
    }
    case 'kubernetes.io/dockercfg':
      json('.dockercfg');
      break;
    case 'kubernetes.io/dockerconfigjson':
      json('.dockerconfigjson');
      break;
    case 'kubernetes.io/basic-auth':
      if (!merged.has('username') && !merged.has('password'))
        report.add(
          '/data',
          'a Secret of type kubernetes.io/basic-auth needs the key "username" or "password" (or both) in data or stringData; add them.',
          `${SRC.core} (ValidateSecret)`,
        );
      break;
    case 'kubernetes.io/ssh-auth':
      if (!merged.get('ssh-privatekey')?.bytes.length) need('ssh-privatekey');
      break;
    case 'kubernetes.io/tls':
      if (!merged.has('tls.crt')) need('tls.crt');
      if (!merged.has('tls.key')) need('tls.key');
      break;
    default:
      break;
  }
}
