import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { itWith, upstreamCrds } from '@inference-gitops/core/testing';
import { committedPinned, compactEntry, pinnedTexts, readLock, stripSchema } from '../src/index.js';

const repoRoot = resolve(import.meta.dirname, '../../..');
const mirror = upstreamCrds();

describe('committed compact schemas (schemas/pinned)', () => {
  itWith(
    mirror,
    "are exactly what the lock's sources produce (gitops schemas update --mirror ../shared/crds)",
    async () => {
      const texts = await pinnedTexts(repoRoot, { mirror: mirror.path });
      expect(committedPinned(repoRoot)).toEqual([...texts.keys()].sort());
      for (const [path, text] of texts)
        expect(readFileSync(join(repoRoot, path), 'utf8') === text, `${path} is stale: run gitops schemas update`).toBe(
          true,
        );
    },
  );

  it('strip descriptions and keep defaults, enums, formats, CEL rules and list-map keys', () => {
    const schema = {
      description: 'gone',
      type: 'object',
      properties: {
        description: { type: 'string', description: 'a property named description stays' },
        port: { type: 'integer', format: 'int32', default: 8000, maximum: 65535 },
        kind: { type: 'string', enum: ['Service'], default: 'Service' },
        ports: {
          type: 'array',
          'x-kubernetes-list-type': 'map',
          'x-kubernetes-list-map-keys': ['port'],
          items: { type: 'object', description: 'gone' },
        },
        meta: { type: 'object', default: { description: 'data stays' } },
      },
      'x-kubernetes-validations': [{ rule: 'has(self.port)', message: 'port required' }],
    };
    expect(stripSchema(schema)).toEqual({
      type: 'object',
      properties: {
        description: { type: 'string' },
        port: { type: 'integer', format: 'int32', default: 8000, maximum: 65535 },
        kind: { type: 'string', enum: ['Service'], default: 'Service' },
        ports: {
          type: 'array',
          'x-kubernetes-list-type': 'map',
          'x-kubernetes-list-map-keys': ['port'],
          items: { type: 'object' },
        },
        meta: { type: 'object', default: { description: 'data stays' } },
      },
      'x-kubernetes-validations': [{ rule: 'has(self.port)', message: 'port required' }],
    });
  });

  it('refuse a source whose bytes differ from the lock', () => {
    const entry = readLock(repoRoot)[0]!;
    expect(() => compactEntry(entry, new TextEncoder().encode('tampered'))).toThrow(`${entry.path}: sha256`);
  });
});
