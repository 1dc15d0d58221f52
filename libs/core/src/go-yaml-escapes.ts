// Double-quoted escapes where YAML 1.2 and the Go YAML readers disagree. kubectl (sigs.k8s.io/yaml) and kustomize
// (kyaml, a go-yaml v3 fork), which Argo CD runs, refuse `\/` ("found unknown escape character") although YAML
// 1.2 allows it, and accept `\'` (an apostrophe) although YAML 1.2 does not. Checked with this machine's kubectl
// 1.32 / kustomize 5.5 (`kubectl kustomize`); go-yaml scannerc.go yaml_parser_scan_flow_scalar lists the escapes.
import { parseDocument, visit, type Document, type Scalar } from 'yaml';

/** Where the Go readers read a file otherwise than YAML 1.2 does: an offset in the text and what to say there. */
export interface GoYamlNote {
  offset: number;
  message: string;
  hint: string;
}

/** A quick test: only texts with one of the two sequences need the walk. */
export function mayHaveGoEscapeDifferences(text: string): boolean {
  return text.includes('\\/') || text.includes("\\'");
}

/**
 * Walks the double-quoted scalars of a document: each `\/` is a problem (Go refuses it); each `\'` is decoded as
 * the apostrophe Go reads (the YAML parser kept it as written and reported it, see isGoApostrophe).
 */
export function goEscapes(doc: Document.Parsed, text: string): GoYamlNote[] {
  const problems: GoYamlNote[] = [];
  visit(doc, {
    Scalar(_key, node: Scalar) {
      if (node.type !== 'QUOTE_DOUBLE' || !node.range) return;
      const [start, end] = node.range;
      const raw = text.slice(start, end);
      let apostrophe = false;
      let fixed = '';
      for (let i = 0; i < raw.length; i++) {
        if (raw[i] !== '\\') {
          fixed += raw[i];
          continue;
        }
        const next = raw[i + 1];
        fixed += next === "'" ? "'" : `\\${next ?? ''}`;
        if (next === '/')
          problems.push({
            offset: start + i,
            message:
              'found unknown escape character "\\/" in a double-quoted string: kubectl and kustomize (Go YAML) refuse the file, although YAML 1.2 allows it',
            hint: 'Write "/" without the backslash.',
          });
        if (next === "'") apostrophe = true;
        i++;
      }
      // Decoded again with each `\\'` as an apostrophe: the other escapes keep their YAML meaning.
      if (apostrophe) {
        const value = parseDocument(fixed).toJS() as unknown;
        if (typeof value === 'string') node.value = value;
      }
    },
  });
  return problems;
}

/** A parse error that is only the `\'` escape Go accepts. */
export function isGoApostrophe(code: string, pos: [number, number] | undefined, text: string): boolean {
  return code === 'BAD_DQ_ESCAPE' && pos !== undefined && text.slice(pos[0], pos[0] + 2) === "\\'";
}

/**
 * Go reads a plain scalar with a leading 0 and octal digits as an octal number, kubectl (go-yaml v2, YAML 1.1)
 * and kustomize (go-yaml v3 keeps it, resolve.go) alike: `defaultMode: 0644` is 420, where YAML 1.2 reads 644.
 * Put before the core schema's decimal int, so the YAML parser reads what the cluster gets.
 */
export const GO_OCTAL_INT = {
  identify: (value: unknown) => typeof value === 'number',
  default: true,
  tag: 'tag:yaml.org,2002:int',
  format: 'OCT',
  test: /^[-+]?0[0-7]+$/,
  resolve: (source: string) => Number.parseInt(source, 8),
};

/**
 * YAML 1.1 booleans that YAML 1.2 (and kustomize's go-yaml v3) keep as strings. sigs.k8s.io/yaml's YAMLToJSON,
 * which kubectl and Argo CD use on plain manifests, reads them with its go-yaml v2 fork (resolve.go: y, yes, on,
 * n, no, off in three cases) as booleans. From the code; not run here (kubectl apply needs an API server).
 */
const YAML11_BOOLEANS = /^(y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF)$/;

/** Plain scalars Go's two readers disagree about: a warning each, at the value. */
export function yaml11Booleans(doc: Document.Parsed): GoYamlNote[] {
  const out: GoYamlNote[] = [];
  visit(doc, {
    Pair(_key, pair) {
      const value = pair.value as Scalar | null;
      if (!value || typeof value !== 'object' || !('type' in value) || value.type !== 'PLAIN' || !value.range) return;
      if (typeof value.value !== 'string' || !YAML11_BOOLEANS.test(value.value)) return;
      out.push({
        offset: value.range[0],
        message: `plain ${value.value} is the string "${value.value}" to kustomize (YAML 1.2) but a boolean to kubectl and to Argo CD's plain-directory reader (YAML 1.1)`,
        hint: `Quote it ("${value.value}") for a string, or write true or false.`,
      });
    },
  });
  return out;
}
